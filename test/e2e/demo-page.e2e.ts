/**
 * The demo page, built and served as a user gets it: it compiles the teacup model in Chromium and
 * charts its stock, on the default back end and on the interpreter (?backend=vm).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SERIES_COLORS } from '../../src/views/charts/palette.ts';
import {
  collectPageProblems,
  launchChromium,
  saveScreenshot,
  startPreview,
  type PreviewHandle,
} from './helpers/browser.ts';
import { countColor, countNonWhite, decodePng } from './helpers/png.ts';

let server: PreviewHandle;
let browser: Browser;

beforeAll(async () => {
  server = await startPreview();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(query: string): Promise<{ page: Page; assertNoProblems: () => void }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 }, deviceScaleFactor: 1 });
  const problems = collectPageProblems(page, server.url);
  await page.goto(`${server.url}${query}`, { waitUntil: 'load' });
  return { page, assertNoProblems: () => problems.assertNone() };
}

/** Check the chart region, its heading and the drawn stock line; return the backend shown. */
async function checkChart(page: Page, screenshotName: string): Promise<string> {
  const region = page.getByRole('region', { name: /stocks over time/i });
  await region.waitFor({ state: 'visible', timeout: 15_000 });
  await expect(region.getByRole('heading', { level: 2, name: 'Teacup: stocks over time' }).isVisible()).resolves.toBe(true);

  const chart = region.getByRole('img', { name: /line chart of 1 stock/i });
  await expect(chart.getAttribute('aria-label')).resolves.toMatch(/Teacup Temperature falls from 180 to 75\.\d/);

  const image = decodePng(await chart.screenshot());
  const total = image.width * image.height;
  expect(image.width).toBeGreaterThan(300);
  // Axes, ticks and grid alone are a few percent; the stock's own colour proves the line is drawn.
  expect(countNonWhite(image)).toBeGreaterThan(total * 0.01);
  expect(countColor(image, SERIES_COLORS[0])).toBeGreaterThan(500);

  await saveScreenshot(page, screenshotName);
  await expect(page.locator('#app').getAttribute('data-state')).resolves.toBe('ready');
  return (await region.getByTestId('backend').textContent()) ?? '';
}

describe('demo page', () => {
  it('compiles the teacup model and charts its stock', async () => {
    const { page, assertNoProblems } = await openPage('');
    await expect(page.title()).resolves.toBe('Alliance Dynamics: model preview');
    const backend = await checkChart(page, 'demo-page');
    expect(['codegen', 'vm']).toContain(backend);
    assertNoProblems();
    await page.close();
  });

  it('runs the same model on the interpreter with ?backend=vm', async () => {
    const { page, assertNoProblems } = await openPage('?backend=vm');
    await expect(checkChart(page, 'demo-page-vm')).resolves.toBe('vm');
    assertNoProblems();
    await page.close();
  });

  it('explains an unknown back end in words instead of failing silently', async () => {
    const { page, assertNoProblems } = await openPage('?backend=quantum');
    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible', timeout: 15_000 });
    await expect(alert.textContent()).resolves.toContain('"quantum", which does not exist');
    await expect(page.locator('#app').getAttribute('data-state')).resolves.toBe('error');
    await saveScreenshot(page, 'demo-page-bad-address');
    assertNoProblems();
    await page.close();
  });
});
