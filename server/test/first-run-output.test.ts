import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSqliteExperimentalWarning } from '../src/quiet-sqlite-warning.ts';

/**
 * A newcomer's first `npm start`: the server's own output holds no ExperimentalWarning for
 * node:sqlite (which reads like an error), while any other warning still gets through.
 */
const main = resolve(import.meta.dirname, '../src/main.ts');
const directory = mkdtempSync(join(tmpdir(), 'first-run-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Start the server, wait for its ready line, stop it, and return everything it printed. */
async function serverOutput(extraArgs: readonly string[] = []): Promise<string> {
  const child = spawn(process.execPath, [...extraArgs, main], { env: { ...process.env, PORT: '0', WORKSHOP_DB: join(directory, `log-${extraArgs.length}.sqlite`), NODE_NO_WARNINGS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/workshop server on ws:/.test(output)) {
        clearTimeout(timer);
        // Warnings come on a later tick: give them a moment before stopping.
        setTimeout(resolveReady, 300);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  child.removeAllListeners('exit');
  await new Promise<void>((resolveExit) => {
    child.on('exit', () => resolveExit());
    child.kill('SIGTERM');
  });
  return output;
}

describe('the server’s first-run output', () => {
  it('prints its ready line and no experimental-SQLite warning', { timeout: 40_000 }, async () => {
    const output = await serverOutput();
    expect(output).toMatch(/workshop server on ws:\/\/127\.0\.0\.1:\d+/);
    expect(output).not.toMatch(/ExperimentalWarning|SQLite is an experimental/);
  });

  it('drops only that one warning: others still print', { timeout: 40_000 }, async () => {
    // A warning of the same type with another text, raised before the server starts.
    const output = await serverOutput(['--import', 'data:text/javascript,process.emitWarning("something else is experimental", "ExperimentalWarning")']);
    expect(output).toMatch(/ExperimentalWarning: something else is experimental/);
    expect(output).not.toMatch(/SQLite is an experimental/);
    expect(isSqliteExperimentalWarning(Object.assign(new Error('SQLite is an experimental feature and might change at any time'), { name: 'ExperimentalWarning' }))).toBe(true);
    expect(isSqliteExperimentalWarning(Object.assign(new Error('SQLite is an experimental feature'), { name: 'DeprecationWarning' }))).toBe(false);
  });
});
