/**
 * The stock-and-flow diagram in real Chromium: the dealer case (from its file's diagram, with the
 * loop that dominates mid-downturn pointed at), the same case laid out automatically, and the
 * teacup. Screenshots go to test/e2e/__screenshots__/diagram-*.png to be looked at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { startHarness, type Harness } from './helpers/harness.ts';
import { SCREENSHOT_DIR, collectPageProblems, launchChromium, saveScreenshot } from './helpers/browser.ts';

let harness: Harness;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  harness = await startHarness('diagram-harness');
  baseUrl = harness.url;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

/** A full-resolution crop of the diagram's top left, where the labels can be read. */
async function saveDetail(page: Page, name: string): Promise<void> {
  const box = await page.locator('#root svg').boundingBox();
  if (!box) throw new Error('the diagram is not on the page');
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), clip: { x: box.x, y: box.y, width: Math.min(box.width, 820), height: Math.min(box.height, 520) } });
}

async function openHarness(width: number): Promise<{ page: Page; problems: ReturnType<typeof collectPageProblems> }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems = collectPageProblems(page, baseUrl);
  await page.goto(`${baseUrl}/`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  return { page, problems };
}

describe('stock-and-flow diagram in Chromium', () => {
  it('draws the dealer case from its file’s diagram, with live values and the dominant loop in the accent colour', async () => {
    const { page, problems } = await openHarness(1500);
    const result = await page.evaluate(() => window.diagramHarness.show('dealer', { time: 10, highlightDominant: true }));
    expect(result.ok, result.error).toBe(true);
    expect(result.highlighted).toBeTruthy();
    const svg = page.locator('#root svg');
    await expect(svg.getAttribute('aria-labelledby')).resolves.toBeTruthy();
    expect(await page.locator('#root .sfd-stock').count()).toBe(10);
    expect(await page.locator('#root .sfd-pipe').count()).toBe(13);
    // Live values: every stock shows a number.
    const stockValues = await page.locator('#root .sfd-stock .sfd-value').allTextContents();
    expect(stockValues.every((text) => /\d/.test(text))).toBe(true);
    // The text version lists the variables and their links.
    const items = await page.locator('#root details li').count();
    expect(items).toBeGreaterThan(100);
    await expect(page.locator('#root details li', { hasText: 'Trust' }).first().textContent()).resolves.toMatch(/filled by|depends on/);
    // No two labels overlap on the screen (the boxes the browser measured).
    const overlaps = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll('#root .sfd-node text')].map((text) => text.getBoundingClientRect()).filter((box) => box.width > 0);
      let count = 0;
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) count++;
      }
      return count;
    });
    expect(overlaps).toBe(0);
    await saveScreenshot(page.locator('#stage'), 'diagram-dealer');
    await saveDetail(page, 'diagram-dealer-detail');
    problems.assertNone();
    await page.close();
  });

  it('lays the dealer case out automatically when told to ignore the file’s diagram', async () => {
    const { page, problems } = await openHarness(1500);
    const result = await page.evaluate(() => window.diagramHarness.show('dealer', { time: 10, useView: false }));
    expect(result.ok, result.error).toBe(true);
    await saveScreenshot(page.locator('#stage'), 'diagram-dealer-automatic');
    await saveDetail(page, 'diagram-dealer-automatic-detail');
    problems.assertNone();
    await page.close();
  });

  it('draws the teacup (a file without a diagram) with its balancing loop pointed at', async () => {
    const { page, problems } = await openHarness(900);
    const result = await page.evaluate(() => window.diagramHarness.show('teacup', { time: 5, highlightDominant: true }));
    expect(result.ok, result.error).toBe(true);
    expect(result.highlighted).toBe('B1: teacup_temperature → heat_loss_to_room');
    await expect(page.locator('#root .sfd-stock .sfd-value').textContent()).resolves.toMatch(/^1\d\d(\.\d+)?$/);
    await saveScreenshot(page.locator('#stage'), 'diagram-teacup');
    await page.locator('#root details summary').click();
    await expect(page.locator('#root details li', { hasText: 'Teacup Temperature' }).first().textContent()).resolves.toMatch(/drained by Heat Loss to Room/);
    await saveScreenshot(page.locator('#stage'), 'diagram-teacup-text');
    problems.assertNone();
    await page.close();
  });
});
