import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { freePort, killProcess, stopProcess } from '../../scripts/lib/processes.ts';

/**
 * The real server as its own process (`node server/src/main.ts`), for tests that must see what a
 * process does: exit, survive, restart. And raw HTTP to it from a chosen loopback address (Linux
 * routes all of 127.0.0.0/8 to the loopback interface), so each "device" can have its own address.
 */
export const MAIN = resolve(import.meta.dirname, '../src/main.ts');

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  output(): string;
  /** True while the process runs. */
  alive(): boolean;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const chosen = port ?? (await freePort());
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, NODE_NO_WARNINGS: '1', HOST: '127.0.0.1', PORT: String(chosen), REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start within 20 s:\n${output}`)), 20_000);
    const check = () => {
      if (output.includes('workshop server on')) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        done();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the server exited (${code}):\n${output}`));
    });
  });
  return {
    child,
    port: chosen,
    url: `ws://127.0.0.1:${chosen}`,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () => stopProcess(child),
    kill: () => killProcess(child),
  };
}

/** Runs the server until it exits by itself; resolves with its exit code and output. */
export function runServerToExit(env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN], { env: { ...process.env, NODE_NO_WARNINGS: '1', HOST: '127.0.0.1', PORT: '0', REDIS_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the server did not exit within ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One HTTP request from `localAddress` (default 127.0.0.1). */
export function http(port: number, options: { method?: string; path: string; body?: string | Buffer; headers?: Record<string, string>; localAddress?: string }): Promise<HttpAnswer> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: options.headers ?? {}, localAddress: options.localAddress ?? '127.0.0.1' },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** A matchmaking request as the SDK sends it, from `localAddress`. */
export async function matchmake(port: number, method: string, options: unknown, extra: { localAddress?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; json: Record<string, unknown>; headers: HttpAnswer['headers'] }> {
  const body = JSON.stringify(options);
  const answer = await http(port, {
    method: 'POST',
    path: `/matchmake/${method}/workshop`,
    body,
    headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': String(Buffer.byteLength(body)), ...extra.headers },
    ...(extra.localAddress ? { localAddress: extra.localAddress } : {}),
  });
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    json = { raw: answer.body };
  }
  return { status: answer.status, json, headers: answer.headers };
}

export { freePort, killProcess, stopProcess };
