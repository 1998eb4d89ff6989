/**
 * The P&G game that once made the debrief contradict itself, played through the real game in
 * Chromium: two teams on one screen, 12 quarters; the trade-deal habit in quarters 1–4; in quarter
 * 5 P&G proposes the no-trade-deals terms and Walmart accepts; everyday low prices to the end.
 * The debrief's statements must agree: no terms bound anyone before quarter 5, nobody broke any,
 * the path played is not the cooperative path, and the payoff table keeps the cooperative shadow
 * run in its cell with this game marked beside it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './helpers/browser.ts';
import { expectHeading, openStartScreen, setDecision, startGame } from './helpers/game-page.ts';
import { previewStage } from './helpers/preview-stage.ts';

const stage = previewStage();
const ROUNDS = 12;

async function decideAs(page: Page, side: string, round: number, decide: () => Promise<void>): Promise<void> {
  await expectHeading(page, 'Pass the device');
  await page.getByRole('button', { name: `We are ${side}: show our decisions` }).click();
  await expectHeading(page, `${side}: your decisions for quarter ${round}`);
  await decide();
  await page.getByRole('button', { name: `Submit decisions for ${side}` }).click();
}

async function everydayLowPrices(page: Page, side: 'P&G' | 'Walmart', round: number): Promise<void> {
  const firstYear = round < 9;
  if (side === 'P&G') {
    await setDecision(page, 'List price', 8.95);
    await setDecision(page, 'Trade deal', 0);
    await setDecision(page, 'Joint team budget', firstYear ? 0.6 : 0.1);
  } else {
    await setDecision(page, 'Buying ahead on deals', 0);
    await setDecision(page, 'Shelf price below rivals', 0.1);
    await page.getByRole('radio', { name: 'Yes' }).check();
    await setDecision(page, 'Joint team budget', firstYear ? 0.4 : 0.1);
  }
}

describe('the debrief tells one story', () => {
  it('for a P&G game that left the habit by agreeing the no-trade-deals terms in quarter 5', { timeout: 300_000 }, async () => {
    const { context, page, problems } = await openStartScreen(stage.browser, stage.preview.url, { width: 1366, height: 900 });
    await startGame(page, { caseTitle: /The Promotion Trap/, mode: 'two-teams', rounds: ROUNDS, events: { 'Competitor promotions': false } });
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    for (let round = 1; round <= ROUNDS; round++) {
      const habit = round < 5;
      await decideAs(page, 'P&G', round, async () => {
        if (habit) return;
        if (round === 5) await page.getByRole('button', { name: 'Propose: No trade deals for shared data' }).click();
        await everydayLowPrices(page, 'P&G', round);
      });
      await decideAs(page, 'Walmart', round, async () => {
        if (habit) return;
        if (round === 5) await page.getByRole('button', { name: 'Accept' }).click();
        await everydayLowPrices(page, 'Walmart', round);
      });
      await expectHeading(page, `Quarter ${round}: the decisions, side by side`);
      await page.getByRole('button', { name: `Play quarter ${round}` }).click();
      await expectHeading(page, `Quarter ${round}: results`);
      await page.getByRole('button', { name: round === ROUNDS ? 'Go to the debrief' : `Go on to quarter ${round + 1}` }).click();
    }
    await expectHeading(page, /Debrief/);
    const debrief = page.locator('article.debrief');
    const text = (await debrief.innerText()).replace(/\s+/g, ' ');

    // Who kept the terms: nothing bound either side before quarter 5, and nobody broke a term.
    const conduct = (await page.locator('#debrief-conduct').innerText()).replace(/\s+/g, ' ');
    // P&G had decided quarter 5 before Walmart accepted, so the terms bind from quarter 6 (for 4 quarters).
    expect(conduct).toContain('they bound quarter 6 to quarter 9');
    expect(conduct).toContain('No terms bound P&G in quarters 1–5 and 10–12');
    expect(conduct).toContain('P&G kept every term that bound it, in quarters 6–9.');
    expect(conduct).toContain('Walmart kept every term that bound it, in quarters 6–9.');
    expect(text).not.toMatch(/(P&G|Walmart) (first )?moved against the agreed terms/);
    expect(text).not.toMatch(/kept the agreed terms in every quarter/);
    // The path played is not the cooperative path, and the debrief does not say it is.
    expect(text).not.toMatch(/You played the cooperative path itself/);
    // The payoff table: the cooperative shadow run stays in the both-kept cell, this game beside it.
    const beside = page.locator('.payoff-table td.your-game-beside');
    await expect(beside.count()).resolves.toBe(1);
    expect(await beside.getAttribute('aria-label')).toMatch(/^P&G: kept the agreed terms; Walmart: kept the agreed terms/);
    const cellValues = await beside.locator(':scope > .payoff-values .payoff-value').allInnerTexts();
    const gameValues = await beside.locator('.your-game .payoff-value').allInnerTexts();
    expect(cellValues).toHaveLength(2);
    expect(gameValues).toHaveLength(2);
    expect(cellValues).not.toEqual(gameValues);
    expect(text).toContain('P&G kept every term it agreed, from quarter 6 (in quarters 1–4, before that, nothing bound it and it played the old way)');
    // Every number of the game's cumulative profit is quoted the same way wherever it appears.
    const ended = /Your game ended with P&G at (−?[\d.]+) \$M and Walmart at (−?[\d.]+) \$M/.exec(text)!;
    expect(text).toContain(`By the end P&G had ${ended[1]} $M`);
    expect(text).toMatch(new RegExp(`Walmart ${ended[2]!.replace('.', '\\.')} \\$M \\(cooperative path`));
    await saveScreenshot(page, 'debrief-pg-deal-through-the-game');
    problems.assertNone();
    await context.close();
  });
});
