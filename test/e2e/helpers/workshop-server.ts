import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './browser.ts';

/**
 * The real workshop server as a child process on `port` with its SQLite log at `dbPath`; resolves
 * once it listens. Starting it again on the same port and file is a restart after a crash.
 */
export async function startWorkshopServer(port: number, dbPath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'server/src/main.ts')], {
    env: { ...process.env, PORT: String(port), WORKSHOP_DB: dbPath, JOIN_ATTEMPTS_PER_MINUTE: '1000', NODE_NO_WARNINGS: '1' },
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
