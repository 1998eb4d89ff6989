import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './helpers/browser.ts';
import { axeViolations } from './helpers/game-page.ts';
import { workshopStage } from './helpers/workshop-server.ts';

/**
 * The facilitator's view of all alliances in real Chromium against the real server: 30 alliances
 * whose manufacturer is the computer's "reflex", a downturn injected into a few of them, and one
 * team playing alliance 2's dealers (cutting marketing in round 2 only). After four rounds the
 * debrief opens by itself with the ranking and the cooperation table, and the replay of alliance 2
 * shows round 2's own values.
 */
const ALLIANCES = 30;
const ROUNDS = 4;
const stage = workshopStage('workshop-projector-e2e-');

function watch(page: Page, name: string, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${name}: console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${name}: page error: ${error.stack ?? error.message}`));
}

async function facilitatorDoes(page: Page, action: () => Promise<void>, done: string): Promise<void> {
  await action();
  await page.locator('#facilitator-ack', { hasText: done }).waitFor({ timeout: 15_000 });
}

/** What the page's formatNumber writes. */
const formatted = (value: number, decimals: number) => value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).replace(/^-/, '−');

describe('the facilitator compares all alliances', () => {
  it('charts 30 alliances, opens the debrief at the end, and replays alliance 2 round by round', { timeout: 240_000 }, async () => {
    const problems: string[] = [];
    const facilitatorContext = await stage.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const facilitator = await facilitatorContext.newPage();
    watch(facilitator, 'facilitator', problems);
    await facilitator.goto(stage.pageUrl);
    await facilitator.getByRole('button', { name: 'Run a workshop' }).click();
    await facilitator.locator('#ws-case').selectOption('dealer-alliance');
    await facilitator.locator('#ws-alliances').fill(String(ALLIANCES));
    await facilitator.locator('#ws-rounds').fill(String(ROUNDS));
    await facilitator.locator('#ws-seconds').fill('0');
    // The computer plays the manufacturer in every alliance (the option's value is "reflex" or "computer:reflex").
    const reflex = await facilitator.locator('#ws-seat-manufacturer option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value).find((value) => /^(computer:)?reflex$/.test(value)));
    await facilitator.locator('#ws-seat-manufacturer').selectOption(reflex!);
    // The suggested downturn (round 5) lies after the last round; events here are fired by hand.
    await facilitator.locator('#ws-event-on-downturn').uncheck();
    await facilitator.locator('#ws-create').click();
    await facilitator.locator('#ws-code').waitFor({ timeout: 15_000 });
    const url = (await facilitator.locator('#ws-join-url').getAttribute('href'))!;

    const teamContext = await stage.browser.newContext({ viewport: { width: 420, height: 860 } });
    const team = await teamContext.newPage();
    watch(team, 'team', problems);
    await team.goto(url);
    await team.locator('#join-alliance').selectOption('1');
    await team.locator('#join-side-dealers').check();
    await team.locator('#join-submit').click();
    await team.locator('#team-waiting').waitFor({ timeout: 15_000 });

    await facilitatorDoes(facilitator, () => facilitator.locator('#ws-start').click(), 'Start');
    // Before round 1 there is nothing to chart: the console says so.
    await expect(facilitator.locator('#ws-kpis').textContent()).resolves.toContain('Key figures appear here once the first round is played.');
    // The event timeline fires a downturn now in a few alliances, so that their lines part.
    for (const number of [5, 10, 18]) {
      await facilitatorDoes(facilitator, () => facilitator.getByRole('button', { name: `Fire now: Market downturn in alliance ${number}`, exact: true }).click(), `Fire "Market downturn" in alliance ${number}`);
    }

    for (let round = 1; round <= ROUNDS; round++) {
      await team.locator('#team-decisions').waitFor({ timeout: 15_000 });
      await team.locator('#decision-localMarketing').fill(round === 2 ? '0.4' : '1');
      await team.locator('#team-submit').click();
      await team.getByRole('heading', { name: `Round ${round}: decisions sent` }).waitFor({ timeout: 15_000 });
      await facilitatorDoes(facilitator, () => facilitator.locator('#ws-end-round').click(), `End round ${round}`);
      if (round === 3) {
        // One chart per key KPI, with one legend entry per alliance; a legend entry highlights its alliance.
        await expect.poll(() => facilitator.locator('#ws-projector-charts canvas').count()).toBe(4);
        await expect(facilitator.locator('#ws-projector-charts .legend-entry').count()).resolves.toBe(ALLIANCES);
        await facilitator.locator('#ws-projector-charts .legend-entry[data-alliance="4"]').click();
        await expect(facilitator.locator('#ws-projector-charts .legend-entry[data-alliance="4"]').getAttribute('aria-pressed')).resolves.toBe('true');
        await expect.poll(() => facilitator.locator('#ws-projector-charts canvas').first().getAttribute('aria-label')).toContain('Alliance E is highlighted');
        await facilitator.waitForTimeout(300);
        await saveScreenshot(facilitator.locator('#ws-kpis'), 'workshop-projector-01-charts');
        await facilitator.locator('#ws-projector-mode').click();
        await expect(facilitator.locator('#ws-projector').evaluate((stage) => getComputedStyle(stage).position)).resolves.toBe('fixed');
        await facilitator.waitForTimeout(300);
        await saveScreenshot(facilitator.locator('#ws-projector'), 'workshop-projector-02-projector-mode');
        await facilitator.keyboard.press('Escape');
        await expect(facilitator.locator('#ws-projector-mode').getAttribute('aria-pressed')).resolves.toBe('false');
        await facilitator.locator('#ws-projector-charts .legend-entry[data-alliance="4"]').click();
        // The debrief can be opened before the end.
        await facilitator.locator('#ws-debrief-toggle').click();
        await facilitator.locator('#ws-ranking').waitFor();
        await facilitator.locator('#ws-debrief-toggle').click();
        await expect(facilitator.locator('#ws-debrief').isHidden()).resolves.toBe(true);
      }
      await facilitatorDoes(facilitator, () => facilitator.locator('#ws-next-round').click(), `Next round after ${round}`);
    }
    await facilitator.locator('#ws-status', { hasText: 'The workshop is over.' }).waitFor();

    // The debrief opened by itself: every alliance ranked, every side's conduct.
    await facilitator.locator('#ws-debrief').waitFor();
    await expect(facilitator.locator('#ws-ranking tbody tr').count()).resolves.toBe(ALLIANCES);
    await expect(facilitator.locator('#ws-cooperation tbody tr').count()).resolves.toBe(ALLIANCES);
    await expect(facilitator.locator('#ws-kpi-table tbody tr').count()).resolves.toBe(ALLIANCES * ROUNDS);
    const conduct = (alliance: number, side: string) => facilitator.locator(`#ws-cooperation tr[data-alliance="${alliance}"] td[data-side="${side}"]`).innerText();
    // The case names its rounds (quarters in the dealer case).
    await expect(conduct(1, 'dealers')).resolves.toContain('Broke them in quarter 2; back on terms from quarter 3');
    await expect(conduct(4, 'manufacturer')).resolves.toMatch(/Broke them in quarters? /);
    // Nobody sat at the other alliances' dealer seats: the server kept last round's values every round.
    await expect(conduct(0, 'dealers')).resolves.toContain('Kept the terms throughout');
    await expect(conduct(0, 'dealers')).resolves.toContain('Server kept the previous values in quarters 1–4');

    await facilitator.locator('#ws-names').check();
    await expect(facilitator.locator('#ws-ranking tbody th').first().textContent()).resolves.toMatch(/^Alliance \d+/);
    await facilitator.locator('#ws-replay-alliance').selectOption('1');
    await expect(facilitator.locator('#ws-replay-status').textContent()).resolves.toBe('Alliance 2, quarter 4 of 4');
    await facilitator.locator('#ws-replay-prev').click();
    await facilitator.locator('#ws-replay-prev').click();
    await expect(facilitator.locator('#ws-replay-status').textContent()).resolves.toBe('Alliance 2, quarter 2 of 4');
    const snapshot = await facilitator.evaluate(() => (window as unknown as { allianceWorkshop: { store: { getState(): { snapshot: { alliances: { history: { decisions: Record<string, Record<string, number>>; kpis: Record<string, Record<string, number>> }[] }[] } } } } }).allianceWorkshop.store.getState().snapshot);
    const round2 = snapshot.alliances[1]!.history[1]!;
    expect(round2.decisions['dealers']!['localMarketing']).toBe(0.4);
    const dealersDecisions = facilitator.locator('#ws-replay-details table.replay-decisions[data-side="dealers"]');
    await expect(dealersDecisions.locator('td.breach').innerText()).resolves.toContain('0.40');
    const dealersKpis = facilitator.locator('#ws-replay-details .replay-side').nth(1).locator('tr[data-kpi="cumulativeProfit"] td');
    await expect(dealersKpis.textContent()).resolves.toBe(formatted(round2.kpis['dealers']!['cumulativeProfit']!, 2));
    // The slider goes the other way: round 3, where the dealers are back on terms.
    await facilitator.locator('#ws-replay-round').fill('3');
    await expect(facilitator.locator('#ws-replay-status').textContent()).resolves.toBe('Alliance 2, quarter 3 of 4');
    await expect(dealersDecisions.locator('td.breach').count()).resolves.toBe(0);
    await expect.poll(() => facilitator.locator('#ws-replay-charts canvas').count()).toBe(4);
    await expect.poll(() => facilitator.locator('#ws-replay-charts canvas').first().getAttribute('aria-label')).toContain('quarters 1 to 3');
    await facilitator.waitForTimeout(300);
    await saveScreenshot(facilitator.locator('#ws-debrief'), 'workshop-projector-03-debrief');
    await saveScreenshot(facilitator.locator('#ws-debrief .replay'), 'workshop-projector-04-replay');
    await saveScreenshot(facilitator, 'workshop-projector-05-finished');
    expect(await axeViolations(facilitator)).toEqual([]);
    expect(problems).toEqual([]);
    await teamContext.close();
    await facilitatorContext.close();
  });
});
