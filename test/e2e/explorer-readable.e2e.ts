/**
 * The explorer made readable, in real Chromium: value axes that start at a meaningful value (a
 * 0-to-1 quantity on 0 to 1, in the explorer and on the game's dashboard), a tornado that says
 * what it held and what it re-balanced and offers both, and a Monte Carlo spread over one worker
 * per core that gives the same bands whatever the number of workers. Screenshots go to
 * test/e2e/__screenshots__/readable-*.png; measured figures to readable-measurements.json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REPO_ROOT, SCREENSHOT_DIR, collectPageProblems, saveScreenshot } from './helpers/browser.ts';
import { previewStage } from './helpers/preview-stage.ts';
import { expectHeading, openStartScreen, startGame } from './helpers/game-page.ts';

const stage = previewStage();
const measured: Record<string, unknown> = {};

afterAll(() => {
  writeFileSync(join(SCREENSHOT_DIR, 'readable-measurements.json'), `${JSON.stringify(measured, null, 2)}\n`);
});

async function openExplorer(page: Page, caseTitle: RegExp): Promise<void> {
  await page.getByRole('radio', { name: caseTitle }).check();
  await page.getByRole('button', { name: 'Explore the model' }).click();
  await expectHeading(page, /^Explore: /);
  await page.locator('.explorer-chart canvas').first().waitFor({ state: 'visible' });
}

/** The value axis Chart.js drew on a chart's canvas. */
async function drawnAxis(page: Page, name: RegExp): Promise<{ min: number; max: number }> {
  const canvas = page.getByRole('img', { name }).first();
  await canvas.waitFor({ state: 'attached' });
  const [min, max] = await Promise.all([canvas.getAttribute('data-y-min'), canvas.getAttribute('data-y-max')]);
  return { min: Number(min), max: Number(max) };
}

async function runMonteCarlo(page: Page, runs: string): Promise<string> {
  await page.getByRole('combobox', { name: 'Runs' }).selectOption(runs);
  await page.getByRole('button', { name: 'Run the Monte Carlo' }).click();
  await expect.poll(async () => (await page.getByTestId('mc-speed').textContent().catch(() => '')) ?? '', { timeout: 120_000 }).toMatch(new RegExp(`^${Number(runs).toLocaleString('en-US')} runs`));
  return (await page.getByTestId('mc-speed').textContent()) ?? '';
}

/** What a person reads off the Monte Carlo's results: every fan chart's words and the tornado's table. */
async function resultsText(page: Page): Promise<string[]> {
  const fans = await page.locator('.fan-chart canvas').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label') ?? ''));
  await page.locator('.tornado summary', { hasText: "The tornado's numbers" }).click();
  const table = await page.getByRole('region', { name: "The tornado's numbers" }).getByRole('row').allTextContents();
  return [...fans, ...table];
}

describe('the explorer, made readable', () => {
  it('draws a 0-to-1 quantity on 0 to 1 in the explorer and on the dashboard, and a profit from zero', async () => {
    const { context, page, problems } = await openStartScreen(stage.browser, stage.preview.url, { width: 1440, height: 900 });
    await openExplorer(page, /The Dealer Alliance/);
    // Trust moves between about 0.7 and 0.8: Chart.js alone would fill the height with that.
    expect(await drawnAxis(page, /^Line chart of Trust /)).toEqual({ min: 0, max: 1 });
    await expect(page.getByRole('img', { name: /^Line chart of Trust .*Value axis from 0 to 1\./ }).count()).resolves.toBe(1);
    expect(await drawnAxis(page, /^Line chart of Channel Share /)).toEqual({ min: 0, max: 1 });
    const profit = await drawnAxis(page, /^Line chart of Cumulative Manufacturer Profit /);
    expect(profit.min).toBe(0);
    await page.locator('.explorer-charts').scrollIntoViewIfNeeded();
    await saveScreenshot(page.locator('.explorer-charts'), 'readable-axes-explorer');

    await page.getByRole('button', { name: 'Back to the start' }).click();
    await expectHeading(page, 'Start a game');
    await startGame(page, { caseTitle: /The Dealer Alliance/, mode: 'solo', side: 'Manufacturer', partner: 'cooperative', rounds: 4, events: { 'Market downturn': false } });
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    await page.getByRole('button', { name: /^Submit decisions for/ }).click();
    await page.getByRole('button', { name: 'Play quarter 1' }).click();
    expect(await drawnAxis(page, /^Trust \(0 to 1\)/)).toEqual({ min: 0, max: 1 });
    expect(await drawnAxis(page, /^Channel share \(% of the premium market\)/)).toEqual({ min: 0, max: 100 });
    await saveScreenshot(page.locator('.dashboard'), 'readable-axes-dashboard');
    problems.assertNone();
    await context.close();
  });

  it('shows each case’s diagram in its sectors, and lays out a model without a diagram of its own', async () => {
    const { context, page, problems } = await openStartScreen(stage.browser, stage.preview.url, { width: 1440, height: 900 });
    for (const [caseTitle, sector, name] of [
      [/The Dealer Alliance/, 'Trust between the partners', 'dealer'],
      [/The Promotion Trap/, 'Retail inventory and orders', 'pg'],
    ] as const) {
      await openExplorer(page, caseTitle);
      await page.getByText('The stock-and-flow diagram', { exact: true }).click();
      const diagram = page.locator('.explorer-model svg').first();
      await diagram.waitFor({ state: 'visible' });
      await expect(page.locator('.explorer-model .sfd-sector text').allTextContents()).resolves.toContain(sector);
      await expect(page.getByRole('toolbar', { name: 'Diagram zoom' }).getByRole('button', { name: 'Zoom in' }).isVisible()).resolves.toBe(true);
      await page.locator('.explorer-model').scrollIntoViewIfNeeded();
      await saveScreenshot(page.locator('.explorer-model'), `readable-diagram-${name}`);
      await page.getByRole('button', { name: 'Back to the start' }).click();
      await expectHeading(page, 'Start a game');
    }
    await openExplorer(page, /The Dealer Alliance/);
    await page.locator('#explorer-file').setInputFiles(join(REPO_ROOT, 'test/fixtures/models/market-growth.xmile'));
    await expectHeading(page, 'Explore: market-growth.xmile');
    await page.getByText('The stock-and-flow diagram', { exact: true }).click();
    await page.locator('.explorer-model .sfd-connector').first().waitFor({ state: 'attached', timeout: 30_000 });
    expect(await page.locator('.explorer-model .sfd-stock').count()).toBe(4);
    // ELK's orthogonal routes: every connector path is made of straight runs and rounded corners.
    await expect(page.locator('.explorer-model .sfd-connector').first().getAttribute('d')).resolves.toMatch(/^M[\d.,]+ L/);
    await page.locator('.explorer-model').scrollIntoViewIfNeeded();
    await saveScreenshot(page.locator('.explorer-model'), 'readable-diagram-imported');
    problems.assertNone();
    await context.close();
  });

  it('says under the tornado what it held and what it re-balanced, and offers both', async () => {
    const { context, page, problems } = await openStartScreen(stage.browser, stage.preview.url, { width: 1440, height: 900 });
    await openExplorer(page, /The Dealer Alliance/);
    await runMonteCarlo(page, '1000');
    const choice = page.getByRole('group', { name: 'Vary each parameter' });
    const rebalanced = choice.getByRole('radio', { name: 're-balancing the start, as the game does' });
    const held = choice.getByRole('radio', { name: 'keeping the current run’s start' });
    await expect(rebalanced.isChecked()).resolves.toBe(true);
    const explanation = page.locator('.tornado-explanation');
    await expect(explanation.textContent()).resolves.toMatch(/Held: every other ticked parameter.*Re-balanced: at each end of a range.*Retail Price Reference is set so that Dealer Profit starts where it starts in the case.*Manufacturer Overhead/s);
    const costRow = page.getByRole('region', { name: "The tornado's numbers" }).getByRole('row', { name: /^Manufacturer Variable Cost/ });
    const ends = async () => {
      const cells = await costRow.getByRole('cell').allTextContents();
      return { low: Number(cells[1]!.replace('−', '-').replace(/,/g, '')), high: Number(cells[2]!.replace('−', '-').replace(/,/g, '')) };
    };
    const openNumbers = () => page.locator('.tornado summary', { hasText: "The tornado's numbers" }).click();
    await openNumbers();
    // Re-balanced, a higher variable cost is met by a lower overhead at the start and ends with more profit.
    const withRebalancing = await ends();
    expect(withRebalancing.high).toBeGreaterThan(withRebalancing.low);
    await page.locator('.tornado').scrollIntoViewIfNeeded();
    await saveScreenshot(page.locator('.tornado'), 'readable-tornado-rebalanced');

    await held.check();
    await expect(held.isChecked()).resolves.toBe(true);
    await expect(explanation.textContent()).resolves.toMatch(/Held: the current run’s start \(Retail Price Reference, Manufacturer Overhead\).*Re-balanced: nothing/s);
    await openNumbers();
    const direct = await ends();
    expect(direct.high).toBeLessThan(direct.low);
    await saveScreenshot(page.locator('.tornado'), 'readable-tornado-held');
    problems.assertNone();
    await context.close();
  });

  it('spreads the Monte Carlo over one worker per core, with the same bands as one worker', async () => {
    const results: Record<string, string[]> = {};
    for (const workers of ['1', 'cores']) {
      const context = await stage.browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const problems = collectPageProblems(page, stage.preview.url);
      await page.goto(`${stage.preview.url}?renderer=canvas${workers === 'cores' ? '' : `&mcWorkers=${workers}`}`);
      await expectHeading(page, 'Start a game');
      await openExplorer(page, /The Promotion Trap/);
      const speed = await runMonteCarlo(page, '2000');
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      expect(speed).toMatch(workers === 'cores' ? new RegExp(`on ${cores} workers? \\(this browser reports ${cores} cores?`) : /on 1 worker \(/);
      results[workers] = await resultsText(page);
      measured[`promotionTrap2000Recalibrated ${workers === 'cores' ? `${cores} workers` : '1 worker'}`] = speed;
      problems.assertNone();
      await context.close();
    }
    expect(results['cores']!.length).toBeGreaterThan(4);
    expect(results['cores']).toEqual(results['1']);
  });

  it('runs 10,000 re-calibrated runs of each case, and reports the speed with the core count', async () => {
    const { context, page, problems } = await openStartScreen(stage.browser, stage.preview.url, { width: 1440, height: 900 });
    for (const caseTitle of [/The Dealer Alliance/, /The Promotion Trap/]) {
      await openExplorer(page, caseTitle);
      await expect(page.getByRole('checkbox', { name: /Re-balance the start for each draw/ }).isChecked()).resolves.toBe(true);
      const speed = await runMonteCarlo(page, '10000');
      expect(speed).toMatch(/^10,000 runs in [\d.]+ s: [\d,]+ runs per second in this browser, from the click to the bands, on \d+ workers? \(this browser reports \d+ cores?/);
      measured[`${String(caseTitle.source).replace(/[^A-Za-z ]/g, '')} 10000 recalibrated`] = speed;
      await page.getByRole('button', { name: 'Back to the start' }).click();
      await expectHeading(page, 'Start a game');
    }
    problems.assertNone();
    await context.close();
  });
});
