/**
 * Test-only pages: a folder under test/e2e/ (index.html + a script) built with Vite into a temp
 * folder and served on a free loopback port, optionally with extra headers such as a CSP.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from './browser.ts';

export interface Harness {
  /** Base URL without a trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Turns a request path into the file path inside the build (default: as is). */
  readonly mapPath?: (pathname: string) => string;
  /** Extra response headers for a request path. */
  readonly headers?: (pathname: string) => Readonly<Record<string, string>>;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

export async function startHarness(folder: string, options: HarnessOptions = {}): Promise<Harness> {
  const outDir = mkdtempSync(join(tmpdir(), 'harness-'));
  await build({
    root: join(REPO_ROOT, 'test/e2e', folder),
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
  });
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = join(outDir, (options.mapPath?.(pathname) ?? pathname).replace(/\/$/, '/index.html'));
    if (!file.startsWith(outDir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...options.headers?.(pathname) }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the harness server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
