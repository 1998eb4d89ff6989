/**
 * The browser game as players use it, in real Chromium: found by role and accessible name, every
 * console error fails the test, and every screen is saved as a screenshot to look at.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot } from './helpers/browser.ts';
import { previewStage } from './helpers/preview-stage.ts';
import { axeViolations, expectHeading, setDecision, startGame, openStartScreen } from './helpers/game-page.ts';

const stage = previewStage();

const open = (viewport = { width: 1366, height: 768 }) => openStartScreen(stage.browser, stage.preview.url, viewport);

async function playQuarter(page: Page, round: number, rounds: number, decide?: () => Promise<void>): Promise<void> {
  await expectHeading(page, new RegExp(`your decisions for quarter ${round}$`));
  await decide?.();
  await page.getByRole('button', { name: /^Submit decisions for/ }).click();
  await expectHeading(page, `Quarter ${round}: the decisions, side by side`);
  await page.getByRole('button', { name: `Play quarter ${round}` }).click();
  await expectHeading(page, `Quarter ${round}: results`);
  await page.getByRole('button', { name: round === rounds ? 'Go to the debrief' : `Go on to quarter ${round + 1}` }).click();
}

describe('solo games from start to debrief', () => {
  it('the dealer alliance, as the manufacturer against the computer, through a downturn', async () => {
    const { context, page, problems } = await open({ width: 1920, height: 1080 });
    await saveScreenshot(page, 'game-01-start');
    expect(await axeViolations(page)).toEqual([]);
    await startGame(page, { caseTitle: /The Dealer Alliance/, mode: 'solo', side: 'Manufacturer', partner: 'reflex-rule', rounds: 20, events: { 'Market downturn': 5 } });
    await expectHeading(page, 'Briefing: The Dealer Alliance');
    await saveScreenshot(page, 'game-02-briefing');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    for (let round = 1; round <= 20; round++) {
      await playQuarter(page, round, 20, round >= 7 && round <= 10 ? () => setDecision(page, 'Price to dealers', 112) : undefined);
      if (round === 1) await saveScreenshot(page, 'game-03-decide-round-2');
      if (round === 4) {
        // Quarter 5 opens with the downturn's news.
        await expect(page.getByRole('status').filter({ hasText: 'News:' }).textContent()).resolves.toContain('premium demand is sliding');
        await saveScreenshot(page, 'game-03b-downturn-news');
        expect(await axeViolations(page)).toEqual([]);
      }
    }
    await expectHeading(page, /Debrief/);
    await saveScreenshot(page, 'game-04-debrief');
    problems.assertNone();
    await context.close();
  });

  it('P&G and Walmart, as Walmart, with a keyboard only', async () => {
    const { context, page, problems } = await open();
    await startGame(page, { caseTitle: /The Promotion Trap/, mode: 'solo', side: 'Walmart', partner: 'promotion', rounds: 6, events: { 'Competitor promotions': false } });
    await expectHeading(page, 'Briefing: The Promotion Trap');
    // From here on only the keyboard: Tab to the button, Enter to press it.
    const pressButton = async (name: string | RegExp) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => (document.activeElement?.tagName === 'BUTTON' ? document.activeElement.textContent : null));
        if (focused && (typeof name === 'string' ? focused === name : name.test(focused))) {
          await page.keyboard.press('Enter');
          return;
        }
      }
      throw new Error(`could not reach the button "${String(name)}" with Tab`);
    };
    await pressButton('Begin quarter 1');
    for (let round = 1; round <= 6; round++) {
      await expectHeading(page, new RegExp(`your decisions for quarter ${round}$`));
      if (round === 2) {
        await page.keyboard.press('Tab');
        await page.getByRole('textbox', { name: 'Buying ahead on deals' }).focus();
        await page.keyboard.press('Control+A');
        await page.keyboard.type('1.2');
      }
      await pressButton(/^Submit decisions for Walmart/);
      await expectHeading(page, `Quarter ${round}: the decisions, side by side`);
      await pressButton(`Play quarter ${round}`);
      await expectHeading(page, `Quarter ${round}: results`);
      if (round === 2) await saveScreenshot(page, 'game-05-pgw-results');
      await pressButton(round === 6 ? 'Go to the debrief' : `Go on to quarter ${round + 1}`);
    }
    await expectHeading(page, /Debrief/);
    const state = await page.evaluate(() => (window as unknown as { allianceDynamics: { store: { getState(): { session: { game: { history: { decisions: Record<string, Record<string, number>> }[] } } } } } }).allianceDynamics.store.getState().session.game.history.map((h) => h.decisions['retailer']!['forwardBuyAggressiveness']));
    expect(state).toEqual([0.7, 1.2, 1.2, 1.2, 1.2, 1.2]);
    problems.assertNone();
    await context.close();
  });
});

describe('two teams on one screen', () => {
  it('never shows the first team’s entry to the second team', async () => {
    const { context, page, problems } = await open({ width: 1024, height: 768 });
    await startGame(page, { caseTitle: /The Dealer Alliance/, mode: 'two-teams', rounds: 4, events: { 'Market downturn': false } });
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    await expectHeading(page, 'Pass the device');
    await page.getByRole('button', { name: 'We are Manufacturer: show our decisions' }).click();
    await setDecision(page, 'Price to dealers', 123);
    await page.getByRole('button', { name: 'Submit decisions for Manufacturer' }).click();
    await expectHeading(page, 'Pass the device');
    expect(await page.content()).not.toContain('123');
    await saveScreenshot(page, 'game-06-pass-device');
    await page.getByRole('button', { name: 'We are Dealers: show our decisions' }).click();
    await expectHeading(page, 'Dealers: your decisions for quarter 1');
    expect(await page.content()).not.toContain('123');
    await expect(page.getByRole('textbox', { name: 'Price to dealers' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Submit decisions for Dealers' }).click();
    await expectHeading(page, 'Quarter 1: the decisions, side by side');
    await expect(page.getByRole('table').first().textContent()).resolves.toContain('123 $ per unit');
    await saveScreenshot(page, 'game-07-reveal');
    problems.assertNone();
    await context.close();
  });
});

describe('nothing lost', () => {
  it('a refresh mid-game resumes exactly where it was, and the CSV export carries the numbers', async () => {
    const { context, page, problems } = await open();
    await startGame(page, { caseTitle: /The Dealer Alliance/, mode: 'solo', side: 'Dealers', partner: 'cooperative', rounds: 4, events: { 'Market downturn': false } });
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    await playQuarter(page, 1, 4, () => setDecision(page, 'Local marketing', 1.4));
    await expectHeading(page, 'Dealers: your decisions for quarter 2');
    const profitBefore: number = await page.evaluate(() => (window as unknown as { allianceDynamics: { store: { getState(): { session: { game: { history: { kpis: Record<string, Record<string, number>> }[] } } } } } }).allianceDynamics.store.getState().session.game.history[0]!.kpis["dealers"]!["profit"]!);
    await page.reload();
    // The game in progress opens again by itself.
    await expectHeading(page, 'Dealers: your decisions for quarter 2');
    await expect(page.getByRole('textbox', { name: 'Local marketing' }).inputValue()).resolves.toBe('1.40');
    for (let round = 2; round <= 4; round++) await playQuarter(page, round, 4);
    await expectHeading(page, /Debrief/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /Export all quarters as CSV/ }).click();
    const file = await (await download).path();
    const csv = readFileSync(file!, 'utf8');
    const [header, first] = csv.trim().split(/\r?\n/);
    const columns = header!.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
    const profitColumn = columns.findIndex((column) => /^Dealers: Profit/.test(column));
    expect(profitColumn).toBeGreaterThan(0);
    expect(Number(first!.split(',')[profitColumn])).toBeCloseTo(profitBefore, 9);
    expect(csv.split(/\r?\n/).filter((line) => line.trim() !== '')).toHaveLength(5);
    problems.assertNone();
    await context.close();
  });
});
