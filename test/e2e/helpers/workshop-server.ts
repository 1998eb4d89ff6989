import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { freePort, killProcess } from '../../../scripts/lib/processes.ts';
import { REPO_ROOT } from './browser.ts';
import { previewStage, type PreviewStage } from './preview-stage.ts';

/**
 * The real workshop server as a child process on `port` with its SQLite log at `dbPath`; resolves
 * once it listens. Starting it again on the same port and file is a restart after a crash. It runs
 * as in production: it serves the built page itself (dist/), so page and game share one origin,
 * with the server's own security headers (the page accepts no other server without a listing).
 */
export async function startWorkshopServer(port: number, dbPath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'server/src/main.ts')], {
    env: { ...process.env, PORT: String(port), WORKSHOP_DB: dbPath, JOIN_ATTEMPTS_PER_MINUTE: '1000', NODE_NO_WARNINGS: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('workshop server on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return child;
}

/** What a workshop browser test plays on: the server, besides the built page and Chromium. */
export interface WorkshopStage extends PreviewStage {
  readonly port: number;
  /** The server's WebSocket address. */
  readonly serverUrl: string;
  /** The page as the server serves it (production): the address facilitators and teams open. */
  readonly pageUrl: string;
  /** Kills the server process at once (a crash), or starts it again on the same port and log. */
  killServer(): Promise<void>;
  startServer(): Promise<void>;
}

/** Sets the stage up before the file's tests and takes it down after them. */
export function workshopStage(prefix: string): WorkshopStage {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  const dbPath = join(directory, 'log.sqlite');
  let server: ChildProcess | null = null;
  const page = previewStage();
  const stage = {
    port: 0,
    get preview() {
      return page.preview;
    },
    get browser() {
      return page.browser;
    },
    get serverUrl() {
      return `ws://127.0.0.1:${stage.port}`;
    },
    get pageUrl() {
      return `http://127.0.0.1:${stage.port}/`;
    },
    async killServer() {
      await killProcess(server);
      server = null;
    },
    async startServer() {
      server = await startWorkshopServer(stage.port, dbPath);
    },
  };
  beforeAll(async () => {
    stage.port = await freePort();
    await stage.startServer();
  });
  afterAll(async () => {
    await killProcess(server);
    rmSync(directory, { recursive: true, force: true });
  });
  return stage;
}
