/**
 * The stock-and-flow diagram in real Chromium: both cases from their files' hand-laid diagrams
 * (sectors, ghosts, the loop that dominates mid-downturn pointed at), a model without a diagram
 * laid out by ELK in its web worker, and the teacup. In the browser itself: no two labels
 * overlap, no connector or pipe runs through a shape or label it does not belong to (measured on
 * the drawn SVG), names are at least 11 px at 100 %, and the zoom buttons and a drag move the
 * picture. Screenshots go to test/e2e/__screenshots__/diagram-*.png to be looked at.
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
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), clip: { x: box.x, y: box.y, width: Math.min(box.width, 1400), height: Math.min(box.height, 760) } });
}

/** The whole picture at 100 %: the frame's height limit lifted so it all shows. */
async function saveWhole(page: Page, name: string): Promise<void> {
  const size = await page.evaluate(() => {
    const frame = document.querySelector<HTMLElement>('#root .sfd-canvas')!;
    frame.style.maxHeight = 'none';
    frame.style.overflow = 'visible';
    const svg = document.querySelector('#root svg')!;
    return { width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) };
  });
  await page.setViewportSize({ width: Math.min(4000, size.width + 80), height: 1000 });
  await page.locator('#root svg').screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

async function openHarness(width: number): Promise<{ page: Page; problems: ReturnType<typeof collectPageProblems> }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems = collectPageProblems(page, baseUrl);
  await page.goto(`${baseUrl}/`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  return { page, problems };
}

/** What the browser drew, checked in the browser: overlapping labels, lines through shapes or labels, the smallest name. */
async function drawnProblems(page: Page): Promise<{ overlappingLabels: string[]; linesThrough: string[]; smallestFont: number; nodes: number; connectors: number }> {
  return page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('#root svg')!;
    const nodes = [...svg.querySelectorAll<SVGGElement>('.sfd-node')];
    const boxOf = (element: SVGGraphicsElement) => element.getBBox();
    const inside = (p: DOMPoint, b: DOMRect, inset = 1) => p.x > b.x + inset && p.x < b.x + b.width - inset && p.y > b.y + inset && p.y < b.y + b.height - inset;
    // Labels: every text of every node, in the SVG's own units.
    const labels = nodes.flatMap((node) => [...node.querySelectorAll<SVGTextElement>('text')].filter((text) => (text.textContent ?? '') !== '').map((text) => ({ id: node.dataset['id'] ?? '', box: text.getBBox() })));
    const overlappingLabels: string[] = [];
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i]!.box;
        const b = labels[j]!.box;
        if (labels[i]!.id === labels[j]!.id) continue;
        if (a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5) overlappingLabels.push(`${labels[i]!.id} / ${labels[j]!.id}`);
      }
    // Lines: sample every connector along its length; none may pass through another node's shape or name.
    const linesThrough: string[] = [];
    const connectors = [...svg.querySelectorAll<SVGPathElement>('.sfd-connector')];
    const nodeBoxes = nodes.map((node) => ({ id: node.dataset['id'] ?? '', box: boxOf(node) }));
    for (const path of connectors) {
      const length = path.getTotalLength();
      const points: DOMPoint[] = [];
      for (let d = 4; d < length - 4; d += 3) points.push(path.getPointAtLength(d));
      for (const { id, box } of nodeBoxes) {
        if (id === path.dataset['from'] || id === path.dataset['to']) continue;
        if (points.some((p) => inside(p, box))) linesThrough.push(`${path.dataset['from']} → ${path.dataset['to']} through ${id}`);
      }
    }
    const ctm = svg.getScreenCTM()!;
    const smallestFont = Math.min(...[...svg.querySelectorAll<SVGTextElement>('.sfd-node text')].map((text) => Number.parseFloat(getComputedStyle(text).fontSize) * ctm.a));
    return { overlappingLabels, linesThrough, smallestFont, nodes: nodes.length, connectors: connectors.length };
  });
}

describe('stock-and-flow diagram in Chromium', () => {
  it('draws the dealer case from its hand-laid diagram: sectors, ghosts, live values, the dominant loop, nothing through a label', async () => {
    const { page, problems } = await openHarness(1500);
    const result = await page.evaluate(() => window.diagramHarness.show('dealer', { time: 10, highlightDominant: true }));
    expect(result.ok, result.error).toBe(true);
    expect(result.highlighted).toBeTruthy();
    const svg = page.locator('#root svg');
    await expect(svg.getAttribute('aria-labelledby')).resolves.toBeTruthy();
    expect(await page.locator('#root .sfd-stock:not(.sfd-ghost)').count()).toBe(10);
    expect(await page.locator('#root .sfd-pipe').count()).toBe(13);
    // Sectors, named in the picture and in its description.
    const sectors = await page.locator('#root .sfd-sector text').allTextContents();
    expect(sectors).toEqual(expect.arrayContaining(['Dealer capabilities', 'Trust between the partners', 'Channel share', 'Dealer finance', 'Manufacturer finance', 'Recycled line']));
    await expect(page.locator('#root svg desc').textContent()).resolves.toMatch(/in 11 sectors \(Dealer capabilities, Trust between the partners, .*\); \d+ variables are drawn a second time as ghosts/);
    // Ghosts show their variable's value.
    const ghostTrust = page.locator('#root .sfd-ghost[data-id="trust"]').first();
    await expect(ghostTrust.getAttribute('aria-label')).resolves.toMatch(/^Trust, stock, ghost, 0\.\d+/);
    // Live values: every stock shows a number.
    const stockValues = await page.locator('#root .sfd-stock .sfd-value').allTextContents();
    expect(stockValues.every((text) => /\d/.test(text))).toBe(true);
    // The text version lists the variables and their links.
    expect(await page.locator('#root details li').count()).toBeGreaterThan(100);
    await expect(page.locator('#root details li', { hasText: 'Trust' }).first().textContent()).resolves.toMatch(/filled by|depends on/);
    const drawn = await drawnProblems(page);
    expect(drawn.overlappingLabels).toEqual([]);
    expect(drawn.linesThrough).toEqual([]);
    expect(drawn.smallestFont).toBeGreaterThanOrEqual(11);
    await saveDetail(page, 'diagram-dealer-detail');
    await saveWhole(page, 'diagram-dealer');
    problems.assertNone();
    await page.close();
  });

  it('draws the P&G case from its hand-laid diagram, the supply chain along the top', async () => {
    const { page, problems } = await openHarness(1500);
    const result = await page.evaluate(() => window.diagramHarness.show('pg', { time: 12 }));
    expect(result.ok, result.error).toBe(true);
    const sectors = await page.locator('#root .sfd-sector text').allTextContents();
    expect(sectors).toEqual(expect.arrayContaining(['Production', 'Retail inventory and orders', 'Consumers', 'Warehouse', 'Trade deals', 'Trust and collaboration', "Maker's books", "Retailer's books"]));
    const drawn = await drawnProblems(page);
    expect(drawn.overlappingLabels).toEqual([]);
    expect(drawn.linesThrough).toEqual([]);
    expect(drawn.smallestFont).toBeGreaterThanOrEqual(11);
    await saveDetail(page, 'diagram-pg-detail');
    await saveWhole(page, 'diagram-pg');
    problems.assertNone();
    await page.close();
  });

  it('lays out a model without a diagram with ELK in a worker: no line through a shape or name; zoom and pan work', async () => {
    const { page, problems } = await openHarness(1200);
    const result = await page.evaluate(() => window.diagramHarness.show('market', { time: 30 }));
    expect(result.ok, result.error).toBe(true);
    expect(await page.locator('#root .sfd-stock').count()).toBe(4);
    const drawn = await drawnProblems(page);
    expect(drawn.connectors).toBeGreaterThan(20);
    expect(drawn.overlappingLabels).toEqual([]);
    expect(drawn.linesThrough).toEqual([]);
    expect(drawn.smallestFont).toBeGreaterThanOrEqual(11);
    // 100 % to start; the buttons zoom; a drag with the mouse pans.
    const toolbar = page.getByRole('toolbar', { name: 'Diagram zoom' });
    await expect(toolbar.locator('output').textContent()).resolves.toBe('100 %');
    const width = async () => Number(await page.locator('#root svg').getAttribute('width'));
    const full = await width();
    await toolbar.getByRole('button', { name: 'Zoom out' }).click();
    await expect(toolbar.locator('output').textContent()).resolves.toBe('80 %');
    expect(await width()).toBe(Math.round(full * 0.8));
    await toolbar.getByRole('button', { name: 'Fit' }).click();
    expect(await width()).toBeLessThanOrEqual(1200);
    await toolbar.getByRole('button', { name: 'Actual size' }).click();
    expect(await width()).toBe(full);
    const frame = page.locator('#root .sfd-canvas');
    const box = (await frame.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 300, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    expect(await frame.evaluate((element) => element.scrollLeft)).toBeGreaterThan(200);
    await frame.evaluate((element) => element.scrollTo(0, 0));
    await saveWhole(page, 'diagram-market-automatic');
    problems.assertNone();
    await page.close();
  });

  it('lays the dealer case out with ELK too when told to ignore the file’s diagram', async () => {
    const { page, problems } = await openHarness(1500);
    const result = await page.evaluate(() => window.diagramHarness.show('dealer', { time: 10, useView: false }));
    expect(result.ok, result.error).toBe(true);
    const drawn = await drawnProblems(page);
    expect(drawn.linesThrough).toEqual([]);
    expect(drawn.overlappingLabels).toEqual([]);
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
