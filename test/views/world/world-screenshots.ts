/**
 * Screenshots of the world demo for a person to look at (not a test): serves the demo page with
 * the Vite dev server, drives headless Chromium through each preset of both cases and saves
 * test/e2e/__screenshots__/world-<case>-<preset>.png (git-ignored).
 *
 *   node test/views/world/world-screenshots.ts [webgl|canvas|auto]
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const out = join(root, 'test/e2e/__screenshots__');
const renderer = process.argv[2] ?? 'webgl';
const only = process.argv[3];
/** Optional container size, e.g. 1200x540 (the page's default is 800x360). */
const size = process.argv[4]?.split('x').map(Number);
const suffix = size === undefined ? '' : `-${size.join('x')}`;
const sizeQuery = size === undefined ? '' : `&w=${size[0]}&h=${size[1]}`;
const shots: readonly (readonly [string, string])[] = [
  ['dealer', 'briefing'],
  ['dealer', 'start'],
  ['dealer', 'good'],
  ['dealer', 'trouble'],
  ['dealer', 'recycled'],
  ['dealer', 'ended'],
  ['retail', 'briefing'],
  ['retail', 'start'],
  ['retail', 'good'],
  ['retail', 'trouble'],
  ['retail', 'ended'],
];

mkdirSync(out, { recursive: true });
const server = await createServer({
  root,
  configFile: join(root, 'vite.config.ts'),
  logLevel: 'warn',
  server: { host: '127.0.0.1', port: 5391, strictPort: false, hmr: false },
});
await server.listen();
const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5391/';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const problems: string[] = [];
try {
  const page = await browser.newPage({ viewport: { width: Math.max(840, (size?.[0] ?? 0) + 40), height: Math.max(470, (size?.[1] ?? 0) + 110) }, deviceScaleFactor: 1 });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  let loadedCase = '';
  for (const [caseName, preset] of shots) {
    if (only !== undefined && !`${caseName}-${preset}`.includes(only)) continue;
    if (caseName !== loadedCase) {
      await page.goto(`${base}test/views/world/world-demo.html?case=${caseName}&preset=briefing&renderer=${renderer}${sizeQuery}`);
      await page.waitForFunction(() => window.__world?.ready === true, undefined, { timeout: 60000 });
      await page.waitForTimeout(1500);
      loadedCase = caseName;
    }
    await page.evaluate(([c, p]) => window.__world?.show(c as 'dealer', p as 'start'), [caseName, preset] as const);
    await page.waitForTimeout(2400);
    const path = join(out, `world-${caseName}-${preset}${renderer === 'webgl' ? '' : `-${renderer}`}${suffix}.png`);
    await page.locator('#world').screenshot({ path });
    const text = await page.locator('#description').textContent();
    console.log(`${path}\n  ${text ?? ''}`);
  }
  const canvasSize = (): Promise<string> =>
    page.evaluate(() => {
      const canvas = document.querySelector('#world canvas');
      return canvas ? `${canvas.getAttribute('width')}x${canvas.getAttribute('height')}` : 'no canvas';
    });
  console.log(`canvas ${await canvasSize()}, renderer ${renderer}`);

  // Halfway through a glide from a good round to trouble.
  await page.evaluate(() => window.__world?.show('dealer', 'good'));
  await page.waitForTimeout(2400);
  await page.evaluate(() => window.__world?.show('dealer', 'trouble'));
  await page.waitForTimeout(700);
  await page.locator('#world').screenshot({ path: join(out, `world-dealer-gliding${suffix}.png`) });

  // The canvas follows its container, and unmounting removes it.
  await page.evaluate(() => {
    const box = document.getElementById('world') as HTMLElement;
    box.style.width = '640px';
    box.style.height = '300px';
  });
  await page.waitForTimeout(800);
  console.log(`after resizing the container to 640x300: canvas ${await canvasSize()}`);
  const before = await page.evaluate(() => window.__world?.listeners());
  await page.evaluate(() => window.__world?.unmount());
  await page.waitForTimeout(500);
  const after = await page.evaluate(() => window.__world?.listeners());
  console.log(`after unmount: ${await canvasSize()}; source listeners ${String(before)} -> ${String(after)}`);
} finally {
  await browser.close();
  await server.close();
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exitCode = 1;
}
