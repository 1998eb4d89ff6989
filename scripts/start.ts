/**
 * `npm start`: the game client (Vite on http://127.0.0.1:5173) and the workshop server
 * (Colyseus on ws://127.0.0.1:2567, log in data/workshops.sqlite) together, with nothing else to
 * install or run. Each child's output is forwarded line by line with a prefix; Ctrl+C stops
 * both, and if either one exits the other is stopped too (and this exits with its code).
 * Extra arguments go to Vite (`npm start -- --open`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const REPO = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const VITE = join(dirname(require.resolve('vite/package.json')), 'bin/vite.js');

interface Part {
  readonly name: string;
  readonly args: string[];
  readonly colour: number;
}

const parts: Part[] = [
  { name: 'server', args: [join(REPO, 'server/src/main.ts')], colour: 35 },
  { name: 'client', args: [VITE, '--host', '127.0.0.1', '--port', '5173', '--strictPort', ...process.argv.slice(2)], colour: 36 },
];

const tty = process.stdout.isTTY === true;
const prefixOf = (part: Part) => (tty ? `\u001b[${part.colour}m[${part.name}]\u001b[0m ` : `[${part.name}] `);

const children = new Map<Part, ChildProcess>();
let stopping = false;
let exitCode = 0;

function forward(stream: NodeJS.ReadableStream, part: Part, to: NodeJS.WritableStream): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => to.write(`${prefixOf(part)}${line}\n`));
}

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  for (const child of children.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  // Whatever does not stop in time is killed.
  setTimeout(() => {
    for (const child of children.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, 5000).unref();
}

for (const part of parts) {
  const child = spawn(process.execPath, part.args, {
    cwd: REPO,
    env: { ...process.env, ...(tty ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(part, child);
  forward(child.stdout!, part, process.stdout);
  forward(child.stderr!, part, process.stderr);
  child.on('error', (error) => {
    process.stderr.write(`${prefixOf(part)}could not start: ${error.message}\n`);
    stopAll(1);
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${prefixOf(part)}exited (${code ?? signal}); stopping the others\n`);
      stopAll(code === 0 ? 1 : (code ?? 1));
    }
    if ([...children.values()].every((other) => other.exitCode !== null || other.signalCode !== null)) process.exit(exitCode);
  });
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stopAll(0));

console.log('Alliance Dynamics: game on http://127.0.0.1:5173, workshop server on ws://127.0.0.1:2567 (Ctrl+C stops both)');
