import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { contentSecurityPolicy } from '../../scripts/lib/content-security-policy.ts';
import viteConfig from '../../vite.config.ts';
import { startApp, type RunningApp } from '../src/app.ts';
import { nextMessage } from './wire.ts';

let app: RunningApp;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'workshop-static-'));
  mkdirSync(join(directory, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(directory, 'dist', 'index.html'), '<!doctype html><title>Alliance Dynamics</title>');
  writeFileSync(join(directory, 'dist', 'assets', 'app-1234.js'), 'console.log("client")');
  writeFileSync(join(directory, 'secret.txt'), 'outside dist');
  app = await startApp({ port: 0, dbPath: join(directory, 'log.sqlite'), staticDirectory: join(directory, 'dist') });
});

afterAll(async () => {
  await app.close();
  rmSync(directory, { recursive: true, force: true });
});

/** A raw GET (fetch would normalise `..` away). */
function get(path: string, method = 'GET'): Promise<{ status: number; type: string; body: string; headers: Record<string, unknown> }> {
  return new Promise((done, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: app.port, path, method }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the server also serves the built client', () => {
  it('serves dist/ files and the app page for client routes, and nothing outside dist/', async () => {
    expect(await get('/')).toMatchObject({ status: 200, type: expect.stringMatching(/text\/html/), body: expect.stringContaining('Alliance Dynamics') });
    expect(await get('/assets/app-1234.js')).toMatchObject({ status: 200, type: expect.stringMatching(/javascript/), body: 'console.log("client")' });
    expect(await get('/workshop/ABCD')).toMatchObject({ status: 200, body: expect.stringContaining('Alliance Dynamics') });
    const outside = await get('/../secret.txt');
    expect(outside.body).not.toContain('outside dist');
    expect((await get('/%2e%2e/secret.txt')).body).not.toContain('outside dist');
    expect((await get('/__healthcheck')).body).toBe('OK');
  });

  it('sends the page’s CSP (frame-ancestors, no eval) with every answer; vite preview and index.html carry the same policy', async () => {
    const policy = contentSecurityPolicy();
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-eval');
    for (const [path, method] of [['/', 'GET'], ['/assets/app-1234.js', 'GET'], ['/__healthcheck', 'GET'], ['/missing.png', 'GET'], ['/matchmake/create/workshop', 'GET'], ['/matchmake/create/workshop', 'POST']] as const) {
      const answer = await get(path, method);
      expect(answer.headers['content-security-policy'], `${method} ${path}`).toBe(policy);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('DENY');
    }
    expect((viteConfig as { preview?: { headers?: Record<string, string> } }).preview?.headers?.['content-security-policy']).toBe(policy);
    const html = readFileSync(resolve(import.meta.dirname, '../../index.html'), 'utf8');
    expect(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1]).toBe(contentSecurityPolicy({ asMeta: true }));
  });

  it('keeps matchmaking working on the same port', async () => {
    const client = new Client(`ws://127.0.0.1:${app.port}`);
    const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 1, rounds: 2, roundSeconds: 0 });
    const { code } = await nextMessage<{ code: string }>(facilitator, 'created');
    const team = await client.join('workshop', { code: code.toLowerCase(), alliance: 0, side: 'dealers' });
    expect(await nextMessage(team, 'seated')).toMatchObject({ alliance: 0, side: 'dealers' });
    await team.leave();
    await facilitator.leave();
  });
});
