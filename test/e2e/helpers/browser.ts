/**
 * End-to-end plumbing: find and launch the system Chromium through playwright-core, serve the
 * built dist/ with `vite preview`, fail a test on any console error, page error or request that
 * leaves the page's origin, and save screenshots to test/e2e/__screenshots__/ (git-ignored).
 */
import { constants, accessSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { preview } from 'vite';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test/e2e/__screenshots__');

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless, GPU-less container: WebGL through SwiftShader, nothing phones home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
] as const;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Return the Chromium to test with: `CHROME_PATH` if set, else /usr/bin/chromium. Throw, with the
 * install instructions, when there is none: a missing browser must fail the run, never skip it.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['CHROME_PATH'];
  if (configured !== undefined && configured !== '') {
    if (isExecutable(configured)) return configured;
    throw new Error(
      `CHROME_PATH is set to "${configured}", but no executable is there. ` +
        'Point CHROME_PATH at a Chromium or Chrome binary, or unset it to use /usr/bin/chromium ' +
        '(on Debian/Ubuntu: apt-get update && apt-get install -y chromium).',
    );
  }
  if (isExecutable(DEFAULT_CHROMIUM)) return DEFAULT_CHROMIUM;
  throw new Error(
    'The end-to-end tests need Chromium, and none was found at /usr/bin/chromium. ' +
      'Install it with: apt-get update && apt-get install -y chromium ' +
      '(as root; on Debian/Ubuntu), or set CHROME_PATH to the path of a Chromium or Chrome binary.',
  );
}

/** Launch headless Chromium with the container-safe flags. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: [...CHROMIUM_ARGS] });
}

export interface PreviewHandle {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  close(): Promise<void>;
}

/** Serve the built dist/ with `vite preview` on a free loopback port. Throw if there is no build. */
export async function startPreview(): Promise<PreviewHandle> {
  if (!existsSync(join(REPO_ROOT, 'dist/index.html'))) {
    throw new Error('dist/index.html is missing: run `npm run build` before `npm run test:e2e` (`npm test` does both).');
  }
  const server = await preview({
    root: REPO_ROOT,
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') {
    await server.close();
    throw new Error(`vite preview did not report a TCP address (got ${String(address)})`);
  }
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

export interface PageProblems {
  /** Everything that went wrong so far, one line each. */
  readonly problems: readonly string[];
  /** Throw listing every problem, if there is any. */
  assertNone(): void;
}

/**
 * Record console errors, uncaught page errors, failed requests and any request that is not to
 * `allowedOrigin` (or a data:/blob: URL): the app makes no external network requests at all.
 */
export function collectPageProblems(page: Page, allowedOrigin: string): PageProblems {
  const problems: string[] = [];
  const origin = new URL(allowedOrigin).origin;
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) problems.push(`external request: ${url}`);
  });
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return {
    problems,
    assertNone() {
      if (problems.length > 0) throw new Error(`The page reported ${problems.length} problem(s):\n${problems.join('\n')}`);
    },
  };
}

/** Save a PNG of the page or of one element under test/e2e/__screenshots__/ and return its bytes. */
export async function saveScreenshot(target: Page | Locator, name: string): Promise<Buffer> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  return 'goto' in target ? target.screenshot({ path, fullPage: true }) : target.screenshot({ path });
}
