/**
 * The facilitator's guide, opened from the start screen in Chromium: every part is there, the
 * answers quote numbers the rules compute from the scripted games, and it prints to A4 pages (saved
 * as test/e2e/__screenshots__/guide-<case>.pdf, with a screenshot of the page).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenario } from '../../src/cli/read-scenario.ts';
import { guideData } from '../../src/rules/index.ts';
import { saveScreenshot } from './helpers/browser.ts';
import { axeViolations, openStartScreen } from './helpers/game-page.ts';
import { previewStage } from './helpers/preview-stage.ts';

const stage = previewStage();
const OUT = resolve(import.meta.dirname, '__screenshots__');

const PARTS = ['The case in one page', 'Timing plans', 'What to watch for, phase by phase', "The debrief: questions and the model's answers", 'How to run the events'];

describe("the facilitator's guide", () => {
  for (const [caseTitle, caseId] of [
    ['The Dealer Alliance', 'dealer-alliance'],
    ['The Promotion Trap', 'pg-walmart'],
  ] as const) {
    it(`opens from the start screen and prints: ${caseTitle}`, async () => {
      const { context, page, problems } = await openStartScreen(stage.browser, stage.preview.url, { width: 1280, height: 900 });
      await page.getByRole('radio', { name: new RegExp(caseTitle) }).check();
      const [guide] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: `Facilitator's guide to ${caseTitle}` }).click()]);
      await guide.waitForLoadState();
      await guide.getByRole('heading', { level: 1, name: `Facilitator's guide: ${caseTitle}` }).waitFor({ timeout: 30_000 });
      for (const part of PARTS) await expect(guide.getByRole('heading', { level: 2, name: part }).isVisible()).resolves.toBe(true);
      // The answers quote the rules' own numbers: the first scripted game's end result for the first side.
      const data = guideData(readScenario(caseId))!;
      const first = data.runs[0]!;
      const side = readScenario(caseId).definition.sides[0]!.id;
      const value = first.rounds.at(-1)!.kpis[side]!['cumulativeProfit']!.toFixed(1);
      await expect(guide.locator('.guide-runs tbody tr').first().textContent()).resolves.toContain(value);
      const answers = await guide.locator('.guide-answer').allTextContents();
      expect(answers.length).toBe(readScenario(caseId).definition.debrief.questions.length);
      for (const answer of answers) expect(answer).not.toMatch(/[{}]|NaN|undefined/);
      expect(await axeViolations(guide)).toEqual([]);
      await saveScreenshot(guide, `guide-${caseId}`);
      // Printed: the button goes, each part starts a page, and the whole fits a handful of A4 pages.
      await guide.emulateMedia({ media: 'print' });
      expect(await guide.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);
      const pdf = await guide.pdf({ format: 'A4', printBackground: true });
      mkdirSync(OUT, { recursive: true });
      writeFileSync(join(OUT, `guide-${caseId}.pdf`), pdf);
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
      expect(pages).toBeGreaterThanOrEqual(PARTS.length);
      expect(pages).toBeLessThanOrEqual(10);
      problems.assertNone();
      await context.close();
    });
  }
});
