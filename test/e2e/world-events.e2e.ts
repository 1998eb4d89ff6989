/**
 * The world and the news through an event's life, in real Chromium, found by role and name: the
 * downturn's banner has its words in a live list a screen reader reaches, it follows the
 * downturn's lifetime (building up, at its strongest, easing, gone), the news says when it is over,
 * and the world's caption counts quarters as the header does and compares profit with the quarter
 * before. Screenshots of the world at the downturn's start, its peak and after its end go to
 * test/e2e/__screenshots__/world-downturn-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './helpers/browser.ts';
import { axeViolations, expectHeading, openStartScreen, startGame } from './helpers/game-page.ts';
import { previewStage } from './helpers/preview-stage.ts';

const stage = previewStage();

async function playQuarter(page: Page, round: number, rounds: number): Promise<void> {
  await expectHeading(page, new RegExp(`your decisions for quarter ${round}$`));
  await page.getByRole('button', { name: /^Submit decisions for/ }).click();
  await page.getByRole('button', { name: `Play quarter ${round}` }).click();
  await expectHeading(page, `Quarter ${round}: results`);
  await page.getByRole('button', { name: round === rounds ? 'Go to the debrief' : `Go on to quarter ${round + 1}` }).click();
}

const events = (page: Page) => page.getByRole('status', { name: 'Events under way' });
const caption = (page: Page) => page.locator('.world-description');

describe('the world follows an event through its lifetime', () => {
  it('a downturn from quarter 3: banner words for screen readers, sky and news follow it, and it ends ten quarters later', async () => {
    const { context, page, problems } = await openStartScreen(stage.browser, stage.preview.url, { width: 1366, height: 900 });
    await startGame(page, { caseTitle: /The Dealer Alliance/, mode: 'solo', side: 'Manufacturer', partner: 'cooperative', rounds: 14, events: { 'Market downturn': 3 } });
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    for (let round = 1; round <= 13; round++) {
      if (round === 3) {
        await expect(events(page).textContent()).resolves.toBe('Market downturn, building up');
        await expect(caption(page).textContent()).resolves.toMatch(/^Quarter 3 of 14: .*Market downturn, building up: demand is down\.$/);
        await page.waitForTimeout(2000);
        await saveScreenshot(page.locator('.world'), 'world-downturn-1-start');
      }
      if (round === 6) {
        await expect(events(page).textContent()).resolves.toBe('Market downturn, at its strongest');
        expect(await axeViolations(page)).toEqual([]);
        await page.waitForTimeout(2000);
        await saveScreenshot(page.locator('.world'), 'world-downturn-2-peak');
      }
      if (round === 10) await expect(events(page).textContent()).resolves.toBe('Market downturn, easing');
      if (round === 13) {
        // Quarters 3 to 12: in quarter 13 the downturn is over, the news says so, and the sky has cleared.
        await expect(events(page).textContent()).resolves.toBe('No event is under way.');
        await expect(page.getByRole('status').filter({ hasText: 'News:' }).textContent()).resolves.toContain('premium demand is back');
        await expect(caption(page).textContent()).resolves.not.toContain('Market downturn');
        await page.waitForTimeout(2000);
        await saveScreenshot(page.locator('.world'), 'world-downturn-3-after');
      }
      await playQuarter(page, round, 14);
    }
    // The header and the world count the same quarter, in the case's word.
    await expectHeading(page, /your decisions for quarter 14$/);
    await expect(page.locator('.round-status').textContent()).resolves.toContain('Quarter 14 of 14');
    await expect(caption(page).textContent()).resolves.toMatch(/^Quarter 14 of 14: .*(rose|fell|held steady) for Manufacturer in quarter 13/);
    problems.assertNone();
    await context.close();
  });
});
