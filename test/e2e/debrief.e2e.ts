/**
 * The debrief screen in Chromium, for a dealer game where both sides squeeze in the downturn, a
 * dealer game where both keep the terms, and a P&G game that leaves the promotion habit: every
 * section is there, the charts draw, the yardsticks reveal on request, the CSV downloads, axe finds
 * no serious or critical problem, and nothing is logged as an error. Screenshots of each page go
 * to test/e2e/__screenshots__/debrief-*.png for a person to look at.
 */
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { startHarness, type Harness } from './helpers/harness.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageProblems, launchChromium, saveScreenshot } from './helpers/browser.ts';

let harness: Harness;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  harness = await startHarness('debrief-harness');
  baseUrl = harness.url;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

async function open(game: string, width = 1280): Promise<{ page: Page; problems: ReturnType<typeof collectPageProblems> }> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
  const problems = collectPageProblems(page, baseUrl);
  await page.goto(`${baseUrl}/index.html?game=${game}`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
  return { page, problems };
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

const SECTIONS = ['debrief-opening', 'debrief-conduct', 'debrief-now', 'debrief-cumulative', 'debrief-payoff', 'debrief-harm', 'debrief-loops', 'debrief-lessons', 'debrief-decisions', 'debrief-actions'];

describe('the debrief screen', () => {
  it('shows a dealer game where both sides squeezed: sections, charts, loops, lessons, yardsticks and the CSV', async () => {
    const { page, problems } = await open('dealer-reflex');
    for (const id of SECTIONS) {
      const section = page.locator(`section#${id}`);
      await expect(section.getAttribute('aria-labelledby')).resolves.toBe(`${id}-heading`);
      expect(await page.locator(`#${id}-heading`).textContent()).not.toBe('');
    }
    // Charts: canvases drawn with an accessible name and a table of the same numbers.
    const charts = page.locator('figure.debrief-chart');
    expect(await charts.count()).toBe(4);
    for (const canvas of await page.locator('figure.debrief-chart canvas').all()) {
      expect(await canvas.getAttribute('aria-label')).toMatch(/^Line chart/);
      expect(await canvas.evaluate((element) => (element as HTMLCanvasElement).width)).toBeGreaterThan(100);
    }
    expect(await page.locator('figure.debrief-chart details table tbody tr').count()).toBe(4 * 20);
    expect(await page.locator('#debrief-now .chart-summary').first().textContent()).toMatch(/fell behind it in quarter 11/);
    // The payoff table marks this game beside its cell, the shadow run's own numbers still in it.
    await expect(page.locator('.payoff-table td.your-game-beside').count()).resolves.toBe(1);
    expect(await page.locator('.payoff-table td.your-game-beside').textContent()).toMatch(/7\.0.*8\.2.*Your game.*7\.0.*8\.2/);
    // Loops: the two quick fixes, the adversaries loop and ill will ran in this game.
    const active = await page.locator('.loop-list li.active').evaluateAll((items) => items.map((item) => item.getAttribute('data-loop')));
    expect(active.sort()).toEqual(['adversaries', 'dealer-fix', 'ill-will', 'maker-fix']);
    expect(await page.locator('svg.loop-diagram g.link.active').count()).toBeGreaterThan(5);
    // Which loop led, over the quarters, with the quarter both sides closed a loop marked and said.
    const loopChart = page.locator('#debrief-dominance figure.debrief-chart');
    expect(await loopChart.locator('figcaption').textContent()).toBe('Which loop through the teams led, quarter by quarter');
    expect(await page.locator('#debrief-dominance [data-story="led"]').textContent()).toBe(
      'Which loop led: “Maker\'s quick fix” in quarters 7–11, then “Accidental adversaries” in quarters 12–14. No loop through the teams ran in quarters 1–6 and 15–20.',
    );
    expect(await page.locator('#debrief-dominance [data-story="answers"] li').allTextContents()).toEqual([
      "Manufacturer answered a fall in the maker's profit with the maker's squeeze in quarter 7.",
      "Dealers answered a fall in the dealers' return on capital with the dealers' cuts in quarter 7.",
    ]);
    await saveScreenshot(page.locator('#debrief-dominance'), 'debrief-dealer-reflex-loop-chart');
    await saveScreenshot(page.locator('#debrief-loops'), 'debrief-dealer-reflex-loop-diagram');
    // Lessons from the locale's templates, no placeholder left.
    const lessons = await page.locator('.lessons li').allTextContents();
    expect(lessons.length).toBeGreaterThanOrEqual(3);
    for (const lesson of lessons) expect(lesson).not.toMatch(/[{}]/);
    // Yardsticks stay hidden until asked for.
    const reveal = page.getByRole('button', { name: 'Reveal the yardsticks' });
    expect(await page.locator('#debrief-yardsticks').isHidden()).toBe(true);
    await reveal.click();
    expect(await page.locator('#debrief-yardsticks').isVisible()).toBe(true);
    expect(await page.locator('#debrief-yardsticks').textContent()).toMatch(/Units shipped.*Return on capital/);
    expect(await page.getByRole('button', { name: 'Hide the yardsticks' }).getAttribute('aria-expanded')).toBe('true');
    // The CSV download holds every round.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all quarters as CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('dealer-alliance-rounds.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.trim().split('\r\n')).toHaveLength(21);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'debrief-dealer-reflex');
    problems.assertNone();
    await page.close();
  });

  it('shows a cooperative dealer game: no loop through the teams, and its own lessons', async () => {
    const { page, problems } = await open('dealer-cooperative');
    // Nobody moved away from the terms: no loop ran through the teams.
    const active = await page.locator('.loop-list li.active').evaluateAll((items) => items.map((item) => item.getAttribute('data-loop')));
    expect(active).toEqual([]);
    expect(await page.locator('#debrief-dominance [data-story="led"]').textContent()).toMatch(/^No loop through the teams ran in this game/);
    expect(await page.locator('.payoff-table td.your-game-beside').textContent()).toMatch(/Your game/);
    // A game that was the cooperative path says so once, and draws one line per side.
    expect(await page.locator('#debrief-now').textContent()).toMatch(/You played the cooperative path itself/);
    expect(await page.locator('#debrief-now').textContent()).not.toMatch(/than on the cooperative path in/);
    expect(await page.locator('.lessons li').first().getAttribute('data-lesson')).toBe('goal-mismatch');
    await page.getByRole('button', { name: 'Reveal the yardsticks' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'debrief-dealer-cooperative');
    problems.assertNone();
    await page.close();
  });

  it('fits a phone-sized screen: the page never scrolls sideways, wide parts scroll in their own boxes', async () => {
    const { page, problems } = await open('dealer-reflex', 400);
    await page.getByRole('button', { name: 'Reveal the yardsticks' }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'debrief-dealer-reflex-narrow');
    problems.assertNone();
    await page.close();
  });

  it('shows a P&G game that left the promotion habit: the dip named as the price of getting out', async () => {
    const { page, problems } = await open('pg-switch');
    expect(await page.locator('.lessons li[data-lesson="worse-before-better"]').textContent()).toMatch(/price of getting out/);
    // The "now vs later" charts carry the opening habit as a third line.
    expect(await page.locator('#debrief-now figure.debrief-chart').first().locator('thead th').allTextContents()).toContain('Opening habit kept');
    expect(await page.locator('.payoff-table td').count()).toBeGreaterThanOrEqual(4);
    await page.getByRole('button', { name: 'Reveal the yardsticks' }).click();
    expect(await page.locator('#debrief-dominance [data-story="led"]').textContent()).toMatch(/“Walmart's quick fix” in quarters 1–4, then “Alliance loop” in quarters \d+–20/);
    await saveScreenshot(page.locator('#debrief-dominance'), 'debrief-pg-switch-loop-chart');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'debrief-pg-switch');
    await page.emulateMedia({ media: 'print' });
    await saveScreenshot(page, 'debrief-pg-switch-print');
    expect(await page.locator('.debrief-nav').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: /Print/ }).isVisible()).toBe(false);
    problems.assertNone();
    await page.close();
  });
});
