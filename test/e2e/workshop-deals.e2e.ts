import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot } from './helpers/browser.ts';
import { workshopStage } from './helpers/workshop-server.ts';

/**
 * Breaking agreed terms in a workshop, against the real server: the team's screen warns in words
 * and asks before it sends decisions outside the terms, the server takes them (the same rules as
 * the game), and the round's results show the break.
 */
const stage = workshopStage('workshop-deals-e2e-');

/** Console errors and uncaught errors of a page (its requests go to the page's and the server's origins). */
function problemsOf(page: Page, name: string, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${name}: console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${name}: page error: ${error.message}`));
}

describe('a workshop team and the terms it agreed', () => {
  it('is warned and asked before it breaks them, and the results show the break', { timeout: 180_000 }, async () => {
    const facilitatorContext = await stage.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const facilitator = await facilitatorContext.newPage();
    const problems: string[] = [];
    problemsOf(facilitator, 'facilitator', problems);
    await facilitator.goto(`${stage.pageUrl}#facilitator`);
    await facilitator.locator('#create-workshop').waitFor();
    await facilitator.locator('#ws-case').selectOption('dealer-alliance');
    await facilitator.locator('#ws-alliances').fill('1');
    await facilitator.locator('#ws-rounds').fill('4');
    await facilitator.locator('#ws-seconds').fill('0');
    await facilitator.locator('#ws-seat-dealers').selectOption('computer:cooperative');
    await facilitator.locator('#ws-event-on-downturn').uncheck();
    await facilitator.locator('#ws-create').click();
    await facilitator.locator('#ws-code').waitFor({ timeout: 15_000 });
    const url = (await facilitator.locator('#ws-join-url').getAttribute('href'))!;

    const teamContext = await stage.browser.newContext({ viewport: { width: 480, height: 900 } });
    const team = await teamContext.newPage();
    problemsOf(team, 'team', problems);
    const native: string[] = [];
    team.on('dialog', (dialog) => {
      native.push(dialog.message());
      void dialog.dismiss();
    });
    await team.goto(url);
    await team.locator('#join-form').waitFor();
    await team.locator('#join-submit').click();
    await team.getByRole('heading', { name: 'Alliance 1: Manufacturer' }).waitFor({ timeout: 15_000 });
    await facilitator.locator('#ws-start').click();
    await team.locator('#team-decisions').waitFor({ timeout: 15_000 });
    await team.getByRole('button', { name: 'Propose: Price ceiling for an investment floor' }).click();
    await team.getByText('Agreed: Price ceiling for an investment floor, quarters 1 to 4.').waitFor({ timeout: 15_000 });
    const price = team.getByRole('textbox', { name: 'Price to dealers' });
    await price.fill('112');
    const warning = 'This breaks the terms you agreed in quarter 1: price to dealers at or below 100 $ per unit (until quarter 4).';
    await team.getByRole('status').filter({ hasText: warning }).waitFor();
    await team.getByRole('button', { name: 'Send decisions' }).click();
    const dialog = team.getByRole('dialog', { name: 'Break the terms you agreed?' });
    await dialog.waitFor();
    await saveScreenshot(team, 'workshop-deals-01-breach-dialog');
    await team.getByRole('button', { name: 'Submit and break the terms' }).click();
    await team.getByRole('heading', { name: 'Round 1: decisions sent' }).waitFor({ timeout: 15_000 });
    await facilitator.locator('#ws-end-round').click();
    const record = team.getByRole('region', { name: 'Agreed terms broken in quarter 1' });
    await record.waitFor({ timeout: 15_000 });
    await expect(record.textContent()).resolves.toContain('Manufacturer broke the terms agreed in quarter 1: price to dealers at or below 100 $ per unit, and decided 112 $ per unit.');
    await saveScreenshot(team, 'workshop-deals-02-results');
    expect(native).toEqual([]);
    expect(problems).toEqual([]);
    await teamContext.close();
    await facilitatorContext.close();
  });
});
