import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
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
function get(path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: app.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
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
