/**
 * Child processes for scripts and tests that start servers on loopback: a free port, a polite
 * stop (SIGTERM, then SIGKILL after 3 s), and a hard kill that waits for the exit.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const exited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (exited(child)) return done();
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

export function killProcess(child: ChildProcess | null): Promise<void> {
  return new Promise((done) => {
    if (!child || exited(child)) return done();
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}
