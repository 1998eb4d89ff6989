/**
 * Offline, as in a workshop room with poor wifi: after one visit the service worker has the whole
 * game, so with the network switched off (playwright's context.setOffline) a refresh still loads
 * it, a game of either case plays, the explorer opens both cases and runs a Monte Carlo in its
 * workers, and the page says that a workshop needs the network. Screenshots:
 * test/e2e/__screenshots__/offline-*.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageProblems, saveScreenshot } from './helpers/browser.ts';
import { previewStage } from './helpers/preview-stage.ts';
import { expectHeading, startGame } from './helpers/game-page.ts';

const stage = previewStage();

async function playOneQuarter(page: Page, caseTitle: RegExp, side: string, event: string): Promise<void> {
  // Four quarters, so the case's event (due later by default) is switched off.
  await startGame(page, { caseTitle, mode: 'solo', side, partner: 'cooperative', rounds: 4, events: { [event]: false } });
  await page.getByRole('button', { name: 'Begin quarter 1' }).click();
  await expectHeading(page, /your decisions for quarter 1$/);
  await page.getByRole('button', { name: /^Submit decisions for/ }).click();
  await page.getByRole('button', { name: 'Play quarter 1' }).click();
  await page.getByRole('button', { name: 'Go on to quarter 2' }).waitFor({ state: 'visible', timeout: 30_000 });
  // Saved, and back to the start screen (a game left open would reopen on the next visit).
  await page.getByRole('button', { name: 'Save and leave' }).click();
  await expectHeading(page, 'Start a game');
}

async function explore(page: Page, caseTitle: RegExp, heading: string): Promise<void> {
  await page.getByRole('radio', { name: caseTitle }).check();
  await page.getByRole('button', { name: 'Explore the model' }).click();
  await expectHeading(page, heading);
  await page.locator('.explorer-chart canvas').first().waitFor({ state: 'visible' });
}

describe('offline after one visit', () => {
  it('loads, plays both cases and explores with the network off, refresh included, and says the workshop needs the network', async () => {
    const context = await stage.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const problems = collectPageProblems(page, stage.preview.url);
    const home = `${stage.preview.url}?renderer=canvas`;
    await page.goto(home);
    await expectHeading(page, 'Start a game');
    // The one visit: the service worker installs (precaching every file) and takes the page over.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    const manifest = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(manifest).toBe('./manifest.webmanifest');
    await expect(page.getByRole('status').filter({ hasText: 'You are offline' }).count()).resolves.toBe(0);

    await context.setOffline(true);
    await page.reload();
    await expectHeading(page, 'Start a game');
    const notice = page.getByRole('status').filter({ hasText: /^You are offline\. The game and the explorer work as before, both cases included; a workshop needs the network/ });
    await expect(notice.isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'offline-01-start');

    await playOneQuarter(page, /The Dealer Alliance/, 'Manufacturer', 'Market downturn');
    await saveScreenshot(page, 'offline-02-dealer-quarter');

    // A new tab, offline: the page comes from the cache too.
    const second = await context.newPage();
    const secondProblems = collectPageProblems(second, stage.preview.url);
    await second.goto(home);
    await expectHeading(second, 'Start a game');
    await playOneQuarter(second, /The Promotion Trap/, 'P&G', 'Competitor promotions');
    await second.close();
    secondProblems.assertNone();

    await page.goto(home);
    await expectHeading(page, 'Start a game');
    await explore(page, /The Dealer Alliance/, 'Explore: The Dealer Alliance');
    await page.getByRole('button', { name: 'Run the Monte Carlo' }).click();
    await expect.poll(async () => (await page.getByTestId('mc-speed').textContent().catch(() => '')) ?? '', { timeout: 60_000 }).toMatch(/^1,000 runs in /);
    await expect(page.locator('.fan-chart canvas').count()).resolves.toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Back to the start' }).click();
    await explore(page, /The Promotion Trap/, 'Explore: The Promotion Trap');
    await saveScreenshot(page, 'offline-03-explorer');
    await page.getByRole('button', { name: 'Back to the start' }).click();

    // The workshop: the page says it needs the network, on the workshop's own screen too.
    await page.getByRole('button', { name: 'Run a workshop' }).click();
    await expectHeading(page, 'Run a workshop');
    await expect(notice.isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'offline-04-workshop');

    await context.setOffline(false);
    await expect(page.getByRole('status').filter({ hasText: 'The network is back' }).isVisible()).resolves.toBe(true);
    problems.assertNone();
    await context.close();
  });
});
