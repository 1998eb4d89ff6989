/**
 * Play as people expect it, in real Chromium, found by role and accessible name: deals that can be
 * broken (with warning), the partner's proposal at the top, the exit clause in an in-page dialog,
 * fields checked as typed, a game that reopens by itself with what was typed, each team's own
 * numbers and brief on a shared screen, and games longer than the case's usual count.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { saveScreenshot } from './helpers/browser.ts';
import { previewStage } from './helpers/preview-stage.ts';
import { axeViolations, expectHeading, openStartScreen, setDecision, startGame } from './helpers/game-page.ts';

const stage = previewStage();
const open = (viewport = { width: 1366, height: 900 }) => openStartScreen(stage.browser, stage.preview.url, viewport);

/** The text of the elements that describe a field (its error message first), as a screen reader reads them. */
async function description(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id))
      .filter((node): node is HTMLElement => node !== null && !node.hidden)
      .map((node) => node.textContent ?? '')
      .join(' | '),
  );
}

/** A native confirm() or alert() would fail the test: every question is asked in the page. */
function refuseNativeDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (dialog) => {
    seen.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}

/** The lazily loaded world has arrived: a reload or a closed tab that cut its download short is not what these tests look at. */
async function worldLoaded(page: Page): Promise<void> {
  await page.locator('.world-canvas canvas').waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
}

async function playOn(page: Page, round: number, last: number): Promise<void> {
  await page.getByRole('button', { name: `Play quarter ${round}` }).click();
  await expectHeading(page, `Quarter ${round}: results`);
  await page.getByRole('button', { name: round === last ? 'Go to the debrief' : `Go on to quarter ${round + 1}` }).click();
}

describe('deals that can be broken', () => {
  it('warns in words before a side breaks agreed terms, asks, and shows the break to everyone at the reveal and in the results', async () => {
    const { context, page, problems } = await open();
    const native = refuseNativeDialogs(page);
    await startGame(page, { caseTitle: /The Dealer Alliance/, mode: 'solo', side: 'Manufacturer', partner: 'cooperative', rounds: 4, events: { 'Market downturn': false } });
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    await expectHeading(page, 'Manufacturer: your decisions for quarter 1');
    await page.getByRole('button', { name: 'Propose: Price ceiling for an investment floor' }).click();
    await expect(page.getByText('Agreed: Price ceiling for an investment floor, quarters 1 to 4.').isVisible()).resolves.toBe(true);
    const price = page.getByRole('textbox', { name: 'Price to dealers' });
    // The field is not locked: a value outside the terms can be typed, and is warned about at once.
    await price.fill('112');
    const warning = 'This breaks the terms you agreed in quarter 1: price to dealers at or below 100 $ per unit (until quarter 4).';
    await expect(description(price)).resolves.toContain(warning);
    await expect(page.getByRole('status').filter({ hasText: 'Outside the terms you agreed:' }).textContent()).resolves.toContain(warning);
    await saveScreenshot(page, 'play-02-breach-warning');
    await page.getByRole('button', { name: 'Submit decisions for Manufacturer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Break the terms you agreed?' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain(warning);
    await saveScreenshot(page, 'play-03-breach-dialog');
    expect(await axeViolations(page)).toEqual([]);
    // Escape is a no: nothing was submitted.
    await page.keyboard.press('Escape');
    await expect(dialog.count()).resolves.toBe(0);
    await expectHeading(page, 'Manufacturer: your decisions for quarter 1');
    await page.getByRole('button', { name: 'Submit decisions for Manufacturer' }).click();
    await page.getByRole('button', { name: 'Submit and break the terms' }).click();
    await expectHeading(page, 'Quarter 1: the decisions, side by side');
    const record = 'Manufacturer broke the terms agreed in quarter 1: price to dealers at or below 100 $ per unit, and decided 112 $ per unit.';
    await expect(page.getByRole('region', { name: 'Agreed terms broken in quarter 1' }).textContent()).resolves.toContain(record);
    await saveScreenshot(page, 'play-03b-breach-at-reveal');
    await page.getByRole('button', { name: 'Play quarter 1' }).click();
    await expectHeading(page, 'Quarter 1: results');
    await expect(page.getByRole('region', { name: 'Agreed terms broken in quarter 1' }).textContent()).resolves.toContain(record);
    // The computer partner kept its side of the deal.
    const decisions = await page.evaluate(() => (window as unknown as { allianceDynamics: { store: { getState(): { session: { game: { history: { decisions: Record<string, Record<string, number>> }[] } } } } } }).allianceDynamics.store.getState().session.game.history[0]!.decisions);
    expect(decisions['manufacturer']!['dealerPrice']).toBe(112);
    expect(decisions['dealers']).toEqual({ facilityInvestment: 1.5, localMarketing: 1 });
    expect(native).toEqual([]);
    problems.assertNone();
    await context.close();
  });

  it('puts the partner’s proposal at the top of the decision screen, says it to screen readers, and takes a counter-proposal', async () => {
    const { context, page, problems } = await open();
    await startGame(page, { caseTitle: /The Dealer Alliance/, mode: 'two-teams', rounds: 4, events: { 'Market downturn': false } });
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    await page.getByRole('button', { name: 'We are Manufacturer: show our decisions' }).click();
    await page.getByRole('button', { name: 'Propose: Price ceiling for an investment floor' }).click();
    await page.getByRole('button', { name: 'Submit decisions for Manufacturer' }).click();
    await page.getByRole('button', { name: 'We are Dealers: show our decisions' }).click();
    await expectHeading(page, 'Dealers: your decisions for quarter 1');
    const proposal = page.getByRole('region', { name: 'Terms proposed by Manufacturer' });
    await proposal.waitFor();
    // Above the decisions, not below the submit button.
    const proposalTop = (await proposal.boundingBox())!.y;
    const headingTop = (await page.getByRole('heading', { name: 'Dealers: your decisions for quarter 1' }).boundingBox())!.y;
    expect(proposalTop).toBeLessThan(headingTop);
    await expect(proposal.textContent()).resolves.toContain('Dealers: facilities and service at or above 1.50 $M per quarter');
    await expect(page.getByRole('status').filter({ hasText: 'Terms proposed by Manufacturer: Price ceiling for an investment floor, for 4 quarters' }).count()).resolves.toBe(1);
    for (const name of ['Accept', 'Counter…', 'Decline']) await expect(proposal.getByRole('button', { name }).isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'play-01-proposal-at-top');
    expect(await axeViolations(page)).toEqual([]);
    await proposal.getByRole('button', { name: 'Counter…' }).click();
    await proposal.getByRole('textbox', { name: /Dealers: Facilities and service, at or above/ }).fill('1.2');
    await proposal.getByRole('textbox', { name: 'For how many quarters' }).fill('2');
    await saveScreenshot(page, 'play-01b-counter');
    await proposal.getByRole('button', { name: 'Send the counter-proposal' }).click();
    await expect(proposal.count()).resolves.toBe(0);
    const deals = await page.evaluate(() => (window as unknown as { allianceDynamics: { store: { getState(): { session: { game: { deals: { status: string; rounds: number; terms: { decision: string; value: number }[] }[] } } } } } }).allianceDynamics.store.getState().session.game.deals);
    expect(deals.map((deal) => deal.status)).toEqual(['countered', 'open']);
    expect(deals[1]).toMatchObject({ rounds: 2 });
    expect(deals[1]!.terms.find((term) => term.decision === 'facilityInvestment')!.value).toBe(1.2);
    problems.assertNone();
    await context.close();
  });
});

describe('the exit clause', () => {
  it('asks in an in-page dialog that keeps the focus and closes on Escape, then the decision screen says the alliance has ended and asks only what still matters', async () => {
    const { context, page, problems } = await open();
    const native = refuseNativeDialogs(page);
    await startGame(page, { caseTitle: /The Promotion Trap/, mode: 'solo', side: 'P&G', partner: 'promotion', rounds: 4, events: { 'Competitor promotions': false } });
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    await expect(page.getByRole('textbox', { name: 'Joint team budget' }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Submit decisions for P&G' }).click();
    await page.getByRole('button', { name: 'Play quarter 1' }).click();
    await expectHeading(page, 'Quarter 1: results');
    const exit = page.getByRole('button', { name: 'Invoke the exit clause' });
    await exit.click();
    const dialog = page.getByRole('dialog', { name: 'End the alliance?' });
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain('The joint team is disbanded: collaboration capability decays and trust falls to its floor');
    expect(text).toContain('The alliance ends from quarter 2.');
    expect(text).toContain('P&G will no longer decide: Joint team budget');
    await saveScreenshot(page, 'play-04-exit-dialog');
    expect(await axeViolations(page)).toEqual([]);
    // Focus stays in the dialog however often Tab (or Shift+Tab) is pressed.
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Tab']) {
      await page.keyboard.press(key);
      await expect(page.evaluate(() => document.activeElement?.closest('dialog') !== null)).resolves.toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog.count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Invoke the exit clause');
    await expect(page.evaluate(() => (window as unknown as { allianceDynamics: { store: { getState(): { session: { game: { exit: unknown } } } } } }).allianceDynamics.store.getState().session.game.exit)).resolves.toBeNull();
    await exit.click();
    await page.getByRole('button', { name: 'End the alliance' }).click();
    await expect(page.getByText('P&G invoked the exit clause in quarter 1. The alliance ends from the next quarter.').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Go on to quarter 2' }).click();
    await expectHeading(page, 'P&G: your decisions for quarter 2');
    const notice = page.getByRole('note');
    await expect(notice.textContent()).resolves.toContain('The alliance has ended.');
    await expect(notice.textContent()).resolves.toContain('No longer asked for, as there is nothing left for them to do: P&G: Joint team budget and Walmart: Joint team budget.');
    await expect(page.getByRole('textbox', { name: 'Joint team budget' }).count()).resolves.toBe(0);
    await expect(page.getByRole('textbox', { name: 'List price' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('region', { name: 'Terms with your partner' }).count()).resolves.toBe(0);
    await saveScreenshot(page, 'play-05-alliance-ended');
    await page.getByRole('button', { name: 'Submit decisions for P&G' }).click();
    await expectHeading(page, 'Quarter 2: the decisions, side by side');
    expect(native).toEqual([]);
    problems.assertNone();
    await context.close();
  });
});

describe('fields checked as typed', () => {
  it('marks a wrong field, says under it what is allowed, keeps what was typed, and the submit button says why it waits', async () => {
    const { context, page, problems } = await open();
    const start = page.getByRole('button', { name: 'Start the game' });
    const rounds = page.getByRole('textbox', { name: 'Number of quarters' });
    await rounds.fill('41');
    await expect(rounds.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(description(rounds)).resolves.toContain('Enter a whole number of quarters from 4 to 40.');
    await expect(start.isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('status').filter({ hasText: 'Not yet: correct Number of quarters first.' }).count()).resolves.toBe(1);
    await rounds.fill('4');
    // A suggested event after the game's last quarter is pointed out, not dropped silently.
    await expect(description(page.getByRole('textbox', { name: 'from quarter' }).first())).resolves.toContain('The Market downturn can start from quarter 1 to quarter 4, the game’s last.');
    await page.getByRole('textbox', { name: 'from quarter' }).first().fill('3');
    await expect(start.isDisabled()).resolves.toBe(false);
    await start.click();
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    const price = page.getByRole('textbox', { name: 'Price to dealers' });
    const support = page.getByRole('textbox', { name: 'Dealer support' });
    const submit = page.getByRole('button', { name: 'Submit decisions for Manufacturer' });
    await price.fill('');
    await expect(price.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(description(price)).resolves.toMatch(/^Enter a value from 80 to 130 \$ per unit\./);
    await support.fill('1.5abc');
    await expect(support.inputValue()).resolves.toBe('1.5abc');
    await expect(description(support)).resolves.toMatch(/^“1\.5abc” is not a number\. Enter a value from 0\.0 to 3\.0 \$M per quarter\./);
    await expect(submit.isDisabled()).resolves.toBe(true);
    await expect(description(submit)).resolves.toBe('Not yet: correct Price to dealers and Dealer support first.');
    await saveScreenshot(page, 'play-06-validation');
    expect(await axeViolations(page)).toEqual([]);
    await price.fill('131');
    await expect(description(price)).resolves.toMatch(/^131 is above the highest allowed\. Enter a value from 80 to 130 \$ per unit\./);
    await price.fill('104');
    await support.fill('1.2');
    await expect(price.getAttribute('aria-invalid')).resolves.toBe('false');
    await expect(submit.isDisabled()).resolves.toBe(false);
    // No red banner anywhere naming a value from before.
    await expect(page.getByRole('alert').filter({ hasText: /\S/ }).count()).resolves.toBe(0);
    await submit.click();
    await expectHeading(page, 'Quarter 1: the decisions, side by side');
    await expect(page.getByRole('table').first().textContent()).resolves.toContain('104 $ per unit');
    problems.assertNone();
    await context.close();
  });
});

describe('nothing typed is lost', () => {
  it('a refresh or a closed tab reopens the game in progress with its typed values; the saved games tell each game apart', async () => {
    const { context, page, problems } = await open();
    await startGame(page, { caseTitle: /The Dealer Alliance/, mode: 'solo', side: 'Manufacturer', partner: 'cooperative', rounds: 4, events: { 'Market downturn': 3 } });
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    await setDecision(page, 'Price to dealers', 107);
    await setDecision(page, 'Interest on dealer credit', '8.5');
    await worldLoaded(page);
    await page.reload();
    await expectHeading(page, 'Manufacturer: your decisions for quarter 1');
    await expect(page.getByRole('textbox', { name: 'Price to dealers' }).inputValue()).resolves.toBe('107');
    await expect(page.getByRole('textbox', { name: 'Interest on dealer credit' }).inputValue()).resolves.toBe('8.5');
    await saveScreenshot(page, 'play-07-resumed');
    await worldLoaded(page);
    // A closed tab: a new one on the same storage.
    await page.close();
    const tab = await context.newPage();
    await tab.goto(`${stage.preview.url}?renderer=canvas`);
    await expectHeading(tab, 'Manufacturer: your decisions for quarter 1');
    await expect(tab.getByRole('textbox', { name: 'Price to dealers' }).inputValue()).resolves.toBe('107');
    await tab.getByRole('button', { name: 'Submit decisions for Manufacturer' }).click();
    await playOn(tab, 1, 4);
    await tab.getByRole('button', { name: 'Save and leave' }).click();
    await expectHeading(tab, 'Start a game');
    // A second game of the same case and sides, left in its briefing; then the list.
    await startGame(tab, { caseTitle: /The Dealer Alliance/, mode: 'solo', side: 'Manufacturer', partner: 'cooperative', rounds: 4, events: { 'Market downturn': false } });
    await tab.getByRole('button', { name: 'Save and leave' }).click();
    await expectHeading(tab, 'Start a game');
    const entries = await tab.getByRole('region', { name: 'Saved games' }).getByRole('listitem').allInnerTexts();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatch(/The Dealer Alliance · solo\s+Manufacturer: you · Dealers: computer \(Cooperative\)\s+Not started \(briefing\)\s+Started /);
    expect(entries[1]).toMatch(/The Dealer Alliance · solo\s+Manufacturer: you · Dealers: computer \(Cooperative\)\s+Quarter 2 of 4\s+Started /);
    expect(new Set(entries).size).toBe(2);
    await saveScreenshot(tab, 'play-08-saved-games');
    await tab.getByRole('button', { name: /^Resume: The Dealer Alliance · solo, Manufacturer: you · Dealers: computer \(Cooperative\), Quarter 2 of 4/ }).click();
    await expectHeading(tab, 'Manufacturer: your decisions for quarter 2');
    problems.assertNone();
    await context.close();
  });
});

describe('two teams on one screen', () => {
  it('gives each team its own brief and its own full numbers on its turn of the device; the partner’s yardstick stays hidden', async () => {
    const { context, page, problems } = await open();
    await startGame(page, { caseTitle: /The Promotion Trap/, mode: 'two-teams', rounds: 4, events: { 'Competitor promotions': false } });
    await expect(page.getByText('What you are judged on').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'We are P&G: show our brief' }).click();
    await expectHeading(page, 'Briefing for P&G, for your team’s eyes only');
    await expect(page.getByText('Ship volume: you are judged on cases shipped, and on profit.').isVisible()).resolves.toBe(true);
    await expect(page.getByText(/judged on the average price you pay/).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'We have read it: pass the device' }).click();
    await page.getByRole('button', { name: 'We are Walmart: show our brief' }).click();
    await expect(page.getByText('Buy cheaply: you are judged on the average price you pay per case, and on profit.').isVisible()).resolves.toBe(true);
    await expect(page.getByText(/judged on cases shipped/).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'We have read it: pass the device' }).click();
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    for (const side of ['P&G', 'Walmart']) {
      await page.getByRole('button', { name: `We are ${side}: show our decisions` }).click();
      await page.getByRole('button', { name: `Submit decisions for ${side}` }).click();
    }
    await playOn(page, 1, 4);
    const rows = (table: Locator) => table.locator('tbody th').allTextContents();
    await page.getByRole('button', { name: 'We are P&G: show our decisions' }).click();
    const makerRows = await rows(page.getByRole('table', { name: 'P&G, quarter 1' }));
    expect(makerRows).toEqual(expect.arrayContaining(['P&G: Cases shipped', 'P&G: Cost of production swings', 'Shared: Trust', 'Shared: Collaboration capability']));
    expect(makerRows).not.toContain('Walmart: Average price paid');
    await saveScreenshot(page, 'play-09-own-results');
    await page.getByRole('button', { name: 'Submit decisions for P&G' }).click();
    await page.getByRole('button', { name: 'We are Walmart: show our decisions' }).click();
    const retailerRows = await rows(page.getByRole('table', { name: 'Walmart, quarter 1' }));
    expect(retailerRows).toEqual(expect.arrayContaining(['Walmart: Warehousing cost', 'Walmart: Stock on hand', 'Walmart: Average price paid']));
    expect(retailerRows).not.toContain('P&G: Cases shipped');
    await expect(page.getByRole('figure', { name: /Yardstick of P&G/ }).count()).resolves.toBe(0);
    problems.assertNone();
    await context.close();
  });
});

describe('games of any length from 4 to 40 quarters', () => {
  it('plays a 24-quarter game to the debrief, past the case’s usual 20', { timeout: 300_000 }, async () => {
    const { context, page, problems } = await open();
    await startGame(page, { caseTitle: /The Dealer Alliance/, mode: 'solo', side: 'Dealers', partner: 'reflex', rounds: 24, events: { 'Market downturn': 21 } });
    await expect(page.getByText('The Dealer Alliance · Quarter 1 of 24').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Begin quarter 1' }).click();
    await expect(page.getByText('The Dealer Alliance · Quarter 1 of 24').isVisible()).resolves.toBe(true);
    for (let round = 1; round <= 24; round++) {
      await expectHeading(page, `Dealers: your decisions for quarter ${round}`);
      await page.getByRole('button', { name: 'Submit decisions for Dealers' }).click();
      await playOn(page, round, 24);
    }
    await expectHeading(page, /Debrief/);
    const history = await page.evaluate(() => (window as unknown as { allianceDynamics: { store: { getState(): { session: { game: { history: { kpis: Record<string, Record<string, number>>; decisions: Record<string, Record<string, number>> }[] } } } } } }).allianceDynamics.store.getState().session.game.history);
    expect(history).toHaveLength(24);
    // The downturn of quarter 21 reached the market, and the reflex partner answered it from quarter 23.
    expect(history[23]!.kpis['manufacturer']!['volume']!).toBeLessThan(0.97 * history[19]!.kpis['manufacturer']!['volume']!);
    expect(history[22]!.decisions['manufacturer']!['dealerPrice']).toBe(110);
    await saveScreenshot(page, 'play-10-debrief-24-quarters');
    problems.assertNone();
    await context.close();
  });
});
