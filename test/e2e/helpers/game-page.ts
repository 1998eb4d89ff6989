import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageProblems, type PageProblems } from './browser.ts';
import { expect } from 'vitest';

/** Steps a player takes, by role and accessible name, as a screen-reader user would find them. */
export async function startGame(page: Page, options: { caseTitle: RegExp; mode: 'solo' | 'two-teams'; side?: string; partner?: string; rounds: number; events?: Record<string, number | false> }): Promise<void> {
  await page.getByRole('radio', { name: options.caseTitle }).check();
  await page.getByRole('radio', { name: options.mode === 'solo' ? /Alone, against a computer partner/ : /Two teams sharing this screen/ }).check();
  if (options.side) {
    const select = page.getByRole('combobox', { name: 'Your side' });
    const values = await select.locator('option').evaluateAll((nodes, side) => nodes.filter((node) => node.textContent?.startsWith(`${side}:`)).map((node) => (node as HTMLOptionElement).value), options.side);
    await select.selectOption(values[0]!);
  }
  if (options.partner) await page.getByRole('combobox', { name: 'How the computer partner plays' }).selectOption(options.partner);
  await page.getByRole('textbox', { name: 'Number of quarters' }).fill(String(options.rounds));
  for (const [name, round] of Object.entries(options.events ?? {})) {
    const box = page.getByRole('checkbox', { name });
    if (round === false) await box.uncheck();
    else {
      await box.check();
      await page.locator(`#${await box.getAttribute('id')}-round`).fill(String(round));
    }
  }
  await page.getByRole('button', { name: 'Start the game' }).click();
}

export async function setDecision(page: Page, label: string, value: number | string): Promise<void> {
  await page.getByRole('textbox', { name: label }).fill(String(value));
}

export async function axeViolations(page: Page): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated by the driver, not injected as a <script>: the page's CSP forbids inline scripts.
  await page.evaluate(source);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context?: unknown, options?: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

export async function expectHeading(page: Page, name: string | RegExp): Promise<void> {
  await expect(page.getByRole('heading', { level: 2, name }).waitFor({ state: 'visible', timeout: 15_000 })).resolves.toBeUndefined();
}

/** A fresh browser context on the app's start screen, recording every page problem. */
export async function openStartScreen(browser: Browser, appUrl: string, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems = collectPageProblems(page, appUrl);
  await page.goto(`${appUrl}?renderer=canvas`);
  await expectHeading(page, 'Start a game');
  return { context, page, problems };
}
