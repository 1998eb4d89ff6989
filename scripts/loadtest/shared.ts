/**
 * What the load test and the soak test (chaos.ts) share: the SDK client (counting what the server
 * sends), the simulated teams' decisions, the server as a child process, its CPU and memory from
 * /proc, waiting for states, and percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Client as SdkClient } from '@colyseus/sdk';
import { request } from '../lib/room-messages.ts';
import { refusalText } from '../../src/protocol/index.ts';

/** Bytes the server sent to all the clients of this process (counted before the SDK sees them). */
let received = 0;
/** Bytes the server has sent to this process's clients so far. */
export const bytesReceived = (): number => received;
{
  const Base = globalThis.WebSocket;
  class CountingWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event: MessageEvent) => {
        const data = event.data as ArrayBuffer | string;
        received += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      });
    }
  }
  globalThis.WebSocket = CountingWebSocket as typeof WebSocket;
}
// The SDK picks its WebSocket class when it loads: after the counting one is in place.
const { Client } = await import('@colyseus/sdk');

export type SdkRoom = Awaited<ReturnType<SdkClient['join']>>;
export { Client };

export interface Options {
  alliances: number;
  rounds: number;
  devices: number;
  spreadMs: number;
  timeCapMs: number;
  json: boolean;
  /** The soak test: kills and restarts, a flooding client and a client sending random frames (chaos.ts). */
  chaos: boolean;
  /** Server processes sharing Redis (scale-out.ts); more than 40 alliances are split into workshops of 40. */
  servers: number;
  /** Run one workshop against `url` as a load-generating process of a scale-out run, and print its samples. */
  worker: boolean;
  url: string;
}

export interface SeatState {
  submitted: boolean;
}
export interface AllianceState {
  playedRoundsJson: ArrayLike<string>;
  seats: { get(side: string): SeatState | undefined };
}
export interface RoomState {
  phase: string;
  round: number;
  alliances: ArrayLike<AllianceState>;
}

export const SIDES = ['manufacturer', 'dealers'] as const;
export type Side = (typeof SIDES)[number];
export const DECISIONS: Record<Side, (round: number) => Record<string, number>> = {
  manufacturer: (round) => ({ dealerPrice: 118 + (round % 3), dealerSupport: 1.5, creditRate: 11 }),
  dealers: (round) => ({ facilityInvestment: 2 + (round % 2) * 0.5, localMarketing: 1.5 }),
};


const REPO = resolve(import.meta.dirname, '../..');
const MAIN = join(REPO, 'server/src/main.ts');

// ---------------------------------------------------------------- the server process

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** The server as its own process; `port` 0 picks a free one (a restart passes the one it had). */
export async function startServer(dbPath: string, port = 0, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    WORKSHOP_DB: dbPath,
    // Every simulated device connects from 127.0.0.1: one address for the whole room.
    JOIN_ATTEMPTS_PER_MINUTE: '100000',
    WRONG_ATTEMPTS_PER_MINUTE: '100000',
    NODE_NO_WARNINGS: '1',
    NODE_ENV: 'development',
  };
  delete env['REDIS_URL'];
  Object.assign(env, extraEnv);
  // The server's output is kept for a failure's message, within bounds (a long run logs a lot).
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start within 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const match = /workshop server on (ws:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`the server exited (${code ?? signal}):\n${output}`));
    });
  });
  return { child, url, output: () => output };
}


/** CPU seconds and memory of a process, from /proc (Linux); null elsewhere. */
export interface Usage {
  cpuSeconds: number;
  rssMb: number;
  peakRssMb: number;
  at: number;
}

const CLOCK_TICKS = 100; // USER_HZ: 100 on Linux on every common architecture

export function usageOf(pid: number): Usage | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { cpuSeconds: cpuSecondsOf(pid), rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024, at: performance.now() };
  } catch {
    return null;
  }
}

/**
 * The CPU time of all of a process's threads (the event loop, V8's helpers, libuv's pool), in
 * nanoseconds from /proc/<pid>/task/<tid>/schedstat: a round end takes a few milliseconds, finer
 * than the 10 ms ticks of /proc/<pid>/stat. The ticks stand in where schedstat is missing.
 */
function cpuSecondsOf(pid: number): number {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // A thread that ended meanwhile.
      }
    }
    if (ns > 0) return ns / 1e9;
  } catch {
    // No schedstat: fall back to the ticks.
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 on
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime (14), stime (15)
}

/** Share of one core (100 = one core busy) between two samples. */
export const cpuPercent = (from: Usage | null, to: Usage | null) => (from && to ? (100 * (to.cpuSeconds - from.cpuSeconds) * 1000) / (to.at - from.at) : NaN);

// ---------------------------------------------------------------- clients

/** Sends a request; resolves with the ms until its ack (rejects on an error reply). */
export async function timedRequest(room: SdkRoom, type: 'intent' | 'facilitator', body: Record<string, unknown>): Promise<number> {
  const sent = performance.now();
  // Generous: a run on a machine busy with other work slows down rather than fails (the figures show it).
  const reply = await request(room, type, body, 60_000);
  if (reply.kind === 'error') throw new Error(`${type} refused: ${refusalText(reply.refusal)}`);
  return performance.now() - sent;
}

/** Resolves with the time (performance.now) at which `test` first holds after a state change. */
export function whenState(room: SdkRoom, test: (state: RoomState) => boolean, timeoutMs = 10_000): Promise<number> {
  return new Promise((done, fail) => {
    if (test(room.state as RoomState)) return done(performance.now());
    const timer = setTimeout(() => {
      room.onStateChange.remove(check);
      fail(new Error(`state not reached within ${timeoutMs} ms`));
    }, timeoutMs);
    const check = (state: unknown) => {
      if (!test(state as RoomState)) return;
      const at = performance.now();
      clearTimeout(timer);
      room.onStateChange.remove(check);
      done(at);
    };
    room.onStateChange(check);
  });
}

/** Runs `task` over `items` with at most `limit` at a time. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------- figures

export interface Distribution {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function distribution(samples: readonly number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

export const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);

