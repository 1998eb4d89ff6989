/**
 * The explorer in real Chromium, as a newcomer uses it: opened from the start screen, a slider
 * dragged with the mouse, runs pinned, a 1,000-run Monte Carlo in the worker, a model of one's own
 * opened by the file picker and a broken one dropped on the page, and a branch from a played
 * game's debrief. Every console error fails the test; screenshots are saved to look at.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REPO_ROOT, saveScreenshot, SCREENSHOT_DIR } from './helpers/browser.ts';
import { previewStage } from './helpers/preview-stage.ts';
import { axeViolations, expectHeading, startGame, openStartScreen } from './helpers/game-page.ts';

const CONFORMANCE = resolve(REPO_ROOT, '../shared/conformance/sdxorg');

const stage = previewStage();
/** Figures measured in the browser, written next to the screenshots for the report. */
const measured: Record<string, unknown> = {};

afterAll(() => {
  writeFileSync(join(SCREENSHOT_DIR, 'explorer-measurements.json'), `${JSON.stringify(measured, null, 2)}\n`);
});

const open = (viewport = { width: 1440, height: 900 }) => openStartScreen(stage.browser, stage.preview.url, viewport);

async function openExplorer(page: Page, caseTitle: RegExp): Promise<void> {
  await page.getByRole('radio', { name: caseTitle }).check();
  await page.getByRole('button', { name: 'Explore the model' }).click();
  await expectHeading(page, /^Explore: /);
  await page.locator('.explorer-chart canvas').first().waitFor({ state: 'visible' });
}

/** The accessible description of a chart (it lists every line's first and last value). */
async function chartText(page: Page, id: string): Promise<string> {
  return (await page.locator(`.explorer-chart[data-chart="${id}"] canvas`).getAttribute('aria-label')) ?? '';
}

/** Drag a range input's thumb with the mouse from where it is to `fraction` of the track. */
async function dragSlider(page: Page, name: string | RegExp, fraction: number): Promise<void> {
  const slider = page.getByRole('slider', { name });
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  const { min, max, value } = await slider.evaluate((input: HTMLInputElement) => ({ min: Number(input.min), max: Number(input.max), value: Number(input.value) }));
  const thumb = 8;
  const xOf = (f: number) => box.x + thumb + f * (box.width - 2 * thumb);
  const y = box.y + box.height / 2;
  await page.mouse.move(xOf((value - min) / (max - min)), y);
  await page.mouse.down();
  await page.mouse.move(xOf(fraction), y, { steps: 12 });
  await page.mouse.up();
}

describe('the explorer', () => {
  it('opens a case from the start screen; a dragged slider re-simulates the charts; runs are pinned as branches', async () => {
    const { context, page, problems } = await open();
    // The cost of one slider move in this browser, measured on the explorer store while no view
    // listens: the action re-runs the whole horizon (and, for a parameter, the calibration).
    measured['resimulationStoreOnly'] = await page.evaluate(() => {
      const explorer = (window as unknown as { allianceDynamics: { explorer: { getState(): { openCase(id: string): void; close(): void; setValue(id: string, value: number): void } } } }).allianceDynamics.explorer;
      const result: Record<string, number> = {};
      for (const [caseId, decision, parameter] of [
        ['dealer-alliance', 'decision:manufacturer.dealerPrice', 'param:facility_life'],
        ['pg-walmart', 'decision:maker.tradeDealDepth', 'param:perceived_holding_cost'],
      ] as const) {
        explorer.getState().openCase(caseId);
        const moves = 5000;
        let started = performance.now();
        for (let i = 0; i < moves; i++) explorer.getState().setValue(decision, decision.endsWith('Price') ? 90 + (i % 40) : (i % 30) / 100);
        result[`${caseId} decision move ms`] = (performance.now() - started) / moves;
        started = performance.now();
        // Every value new: the calibration of the start is computed afresh each time.
        for (let i = 0; i < 500; i++) explorer.getState().setValue(parameter, (parameter.endsWith('life') ? 10 : 0.3) * (1 + i / 1000));
        result[`${caseId} parameter move ms`] = (performance.now() - started) / 500;
        explorer.getState().close();
      }
      return result;
    });
    await openExplorer(page, /The Dealer Alliance/);
    await expectHeading(page, 'Explore: The Dealer Alliance');
    expect(page.url()).toMatch(/#explore$/);
    const before = await chartText(page, 'channel_share');
    expect(before).toMatch(/Current run: from 0\.\d+ to 0\.\d+\./);
    await saveScreenshot(page, 'explorer-01-case');
    // Loop dominance: a strip of phases along the run, with each phase in words.
    await page.getByText('Which feedback loop leads, and when').click();
    await page.locator('.dominance-segment').first().waitFor({ state: 'visible', timeout: 15_000 });
    await expect(page.locator('.dominance-phases li').first().textContent()).resolves.toMatch(/loop|no loop acting/);
    await saveScreenshot(page.locator('.dominance'), 'explorer-01b-dominance');
    // The case's key loops as a causal loop diagram.
    await page.getByText('The key loops: Accidental Adversaries').click();
    await expect(page.getByRole('region', { name: 'The Dealer Alliance: causal loop diagram' }).locator('svg').count()).resolves.toBe(1);
    await saveScreenshot(page.locator('[data-slot="causal-loop-diagram"]'), 'explorer-01c-loops');
    expect(await axeViolations(page)).toEqual([]);

    await dragSlider(page, /^Price to dealers/, 0.9);
    const price = Number(await page.getByRole('spinbutton', { name: 'Price to dealers, exact value' }).inputValue());
    expect(price).toBeGreaterThan(120);
    await expect.poll(() => chartText(page, 'channel_share')).not.toBe(before);
    const timing = await page.getByTestId('resim-time').textContent();
    expect(timing).toMatch(/Re-simulated the whole horizon \(81 points\) in (under )?[\d.]+ ms/);
    measured['timingShownAfterDrag'] = timing;

    // The cost of one slider move, averaged over many: the store's action re-runs the whole horizon.
    measured['resimulation'] = await page.evaluate(() => {
      const explorer = (window as unknown as { allianceDynamics: { explorer: { getState(): { setValue(id: string, value: number): void; session: { timings: number[] } } } } }).allianceDynamics.explorer;
      const moves = 2000;
      const started = performance.now();
      for (let i = 0; i < moves; i++) explorer.getState().setValue('decision:manufacturer.dealerPrice', 90 + (i % 40));
      const decisionMs = (performance.now() - started) / moves;
      const startedParameters = performance.now();
      for (let i = 0; i < 200; i++) explorer.getState().setValue('param:facility_life', 10 + (i % 12) + 0.5);
      const parameterMs = (performance.now() - startedParameters) / 200;
      explorer.getState().setValue('decision:manufacturer.dealerPrice', 125);
      return { decisionMoveMs: decisionMs, parameterMoveMs: parameterMs };
    });

    await page.getByRole('button', { name: 'Pin this run' }).click();
    await expect(page.getByRole('textbox', { name: 'Name of pinned run 1' }).inputValue()).resolves.toMatch(/Price to dealers 125/);
    await dragSlider(page, /^Dealer support/, 0.05);
    await page.getByRole('button', { name: 'Pin this run' }).click();
    await page.getByRole('textbox', { name: 'Name of pinned run 2' }).fill('Squeeze');
    await page.getByRole('textbox', { name: 'Name of pinned run 2' }).press('Enter');
    await page.getByRole('button', { name: 'Reset everything' }).click();
    await expect.poll(() => chartText(page, 'channel_share')).toMatch(/Price to dealers 125, .*Squeeze: .*Current run/s);
    await page.locator('.explorer-charts').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'explorer-02-branches');
    expect(await axeViolations(page)).toEqual([]);

    // The model made visible: its diagram, with the current run's values.
    await page.getByText('The stock-and-flow diagram', { exact: true }).click();
    await page.locator('.explorer-model svg').first().waitFor({ state: 'visible' });
    await page.locator('.explorer-model').scrollIntoViewIfNeeded();
    await saveScreenshot(page.locator('.explorer-model'), 'explorer-07-diagram');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Back to the start' }).click();
    await expectHeading(page, 'Start a game');
    problems.assertNone();
    await context.close();
  });

  it('runs a 1,000-run Monte Carlo in a worker with progress, then shows fan charts and a tornado', async () => {
    const { context, page, problems } = await open();
    await openExplorer(page, /The Promotion Trap/);
    await expectHeading(page, 'Explore: The Promotion Trap');
    const progress = page.getByRole('progressbar', { name: 'Monte Carlo runs done' });
    // Record every progress value the page shows while the worker runs.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      const bar = document.querySelector('.progress')!;
      new MutationObserver(() => seen.push(bar.getAttribute('aria-valuenow') ?? '')).observe(bar, { attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    await page.getByRole('button', { name: 'Run the Monte Carlo' }).click();
    await page.locator('.fan-chart canvas').first().waitFor({ state: 'visible', timeout: 60_000 });
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen.map(Number));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((value) => value % 100 === 0 && value <= 1000)).toBe(true);
    expect(await progress.isHidden()).toBe(true);
    const speed = await page.getByTestId('mc-speed').textContent();
    expect(speed).toMatch(/^1,000 runs in [\d.]+ s: [\d,]+ runs per second/);
    measured['monteCarloPromotionTrap1000Recalibrated'] = speed;
    expect(await page.locator('.fan-chart').count()).toBe(4);
    expect(await page.locator('.fan-chart canvas').first().getAttribute('aria-label')).toMatch(/Fan chart of .*median .*half the runs between .*90 % between/);
    await expect(page.getByRole('heading', { level: 4, name: /^What moves / }).textContent()).resolves.toBeTruthy();
    await page.locator('.explorer-uncertainty').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'explorer-03-monte-carlo');
    expect(await axeViolations(page)).toEqual([]);

    // Without re-balancing the start for each draw, the batch runner alone.
    await page.getByRole('checkbox', { name: /Re-balance the start for each draw/ }).uncheck();
    await page.getByRole('combobox', { name: 'Runs' }).selectOption('10000');
    await page.getByRole('button', { name: 'Run the Monte Carlo' }).click();
    await page.getByTestId('mc-speed').waitFor({ state: 'visible', timeout: 60_000 });
    await expect.poll(async () => (await page.getByTestId('mc-speed').textContent()) ?? '', { timeout: 60_000 }).toMatch(/^10,000 runs/);
    measured['monteCarloPromotionTrap10000Batch'] = await page.getByTestId('mc-speed').textContent();

    // Cancel stops the worker part-way.
    await page.getByRole('checkbox', { name: /Re-balance the start for each draw/ }).check();
    await page.getByRole('button', { name: 'Run the Monte Carlo' }).click();
    await expect.poll(async () => Number((await progress.getAttribute('aria-valuenow')) ?? 0)).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByText(/^Cancelled after [\d,]+ of 10,000 runs\.$/).isVisible()).resolves.toBe(true);
    problems.assertNone();
    await context.close();
  });

  it('opens a model of ones own from the file picker, explores it and exports it; a broken file dropped on the page gives the message', async () => {
    const { context, page, problems } = await open();
    await openExplorer(page, /The Dealer Alliance/);
    await page.locator('#explorer-file').setInputFiles(join(CONFORMANCE, 'zeroled_decimals/test_zeroled_decimals.xmile'));
    await expectHeading(page, 'Explore: test_zeroled_decimals.xmile');
    await expect(page.getByRole('status').filter({ hasText: 'Opened test_zeroled_decimals.xmile' }).textContent()).resolves.toMatch(/9 constants as sliders/);
    const before = await chartText(page, 'stock1pos');
    await dragSlider(page, /^flow1p/, 0.95);
    await expect.poll(() => chartText(page, 'stock1pos')).not.toBe(before);
    await saveScreenshot(page, 'explorer-04-own-model');
    expect(await axeViolations(page)).toEqual([]);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export as XMILE with these values' }).click();
    const saved = await (await download).path();
    const exported = readFileSync(saved!, 'utf8');
    const flow1p = Number(await page.getByRole('spinbutton', { name: 'flow1p, exact value' }).inputValue());
    expect(exported).toContain(`<eqn>${flow1p}</eqn>`);

    // A broken file, dropped on the page.
    const broken = readFileSync(join(REPO_ROOT, 'test/fixtures/hostile/unknown-variable.xmile'), 'utf8');
    const transfer = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'unknown-variable.xmile', { type: 'application/xml' }));
      return data;
    }, broken);
    await page.dispatchEvent('.explorer', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('.explorer', 'drop', { dataTransfer: transfer });
    const alert = page.getByRole('alert').filter({ hasText: 'could not be opened' });
    await alert.waitFor({ state: 'visible' });
    await expect(alert.textContent()).resolves.toMatch(/unknown-variable\.xmile could not be opened \(one problem\).*variable "births".*Popluation.*What still works: the model you had open stays open/s);
    await expectHeading(page, 'Explore: test_zeroled_decimals.xmile');
    await saveScreenshot(page, 'explorer-05-broken-file');
    expect(await axeViolations(page)).toEqual([]);

    // Not XML at all, through the picker.
    await page.locator('#explorer-file').setInputFiles(join(REPO_ROOT, 'test/fixtures/hostile/not-xml.xmile'));
    await expect.poll(async () => (await page.getByRole('alert').filter({ hasText: 'could not be opened' }).textContent()) ?? '').toMatch(/not-xml\.xmile could not be opened/);
    problems.assertNone();
    await context.close();
  });

  it('branches from a quarter of a played game, from the debrief, and goes back to it', async () => {
    const { context, page, problems } = await open({ width: 1366, height: 900 });
    await startGame(page, { caseTitle: /The Dealer Alliance/, mode: 'solo', side: 'Manufacturer', partner: 'cooperative', rounds: 4, events: { 'Market downturn': false } });
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    for (let round = 1; round <= 4; round++) {
      await expectHeading(page, new RegExp(`your decisions for quarter ${round}$`));
      if (round === 2) await page.getByRole('textbox', { name: 'Price to dealers' }).fill('118');
      await page.getByRole('button', { name: /^Submit decisions for/ }).click();
      await page.getByRole('button', { name: `Play quarter ${round}` }).click();
      await page.getByRole('button', { name: round === 4 ? 'Go to the debrief' : `Go on to quarter ${round + 1}` }).click();
    }
    await expectHeading(page, /Debrief/);
    await page.getByRole('combobox', { name: 'Explore what if, from quarter' }).selectOption('2');
    await saveScreenshot(page.locator('#debrief-decisions'), 'explorer-06a-debrief-hook');
    await page.getByRole('button', { name: 'Explore what if, from this quarter' }).click();
    await expectHeading(page, 'Explore: The Dealer Alliance');
    await expect(page.getByText(/as played up to quarter 2; from there on/).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('textbox', { name: 'Name of pinned run 1' }).inputValue()).resolves.toBe('As played');
    await expect(page.getByRole('spinbutton', { name: 'Price to dealers, exact value' }).inputValue()).resolves.toBe('118');
    await page.getByRole('spinbutton', { name: 'Price to dealers, exact value' }).fill('100');
    await page.getByRole('spinbutton', { name: 'Price to dealers, exact value' }).press('Enter');
    await expect.poll(() => chartText(page, 'trust')).toMatch(/As played: from .*Current run: from /s);
    await expect(page.getByRole('button', { name: 'Export as XMILE with these values' }).isDisabled()).resolves.toBe(true);
    await saveScreenshot(page, 'explorer-06-from-game');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Back to the debrief' }).click();
    await expectHeading(page, /Debrief/);
    problems.assertNone();
    await context.close();
  });
});
