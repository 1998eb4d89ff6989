/**
 * The engine gives bit-identical numbers in Node and in Chromium, and still runs (on the bytecode
 * VM) in a page whose Content-Security-Policy forbids eval, with the very same numbers.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { compileModel } from '../../src/engine/index.ts';
import { seriesFingerprint } from '../helpers/series-fingerprint.ts';
import { REPO_ROOT, collectPageProblems, launchChromium } from './helpers/browser.ts';
import { startHarness, type Harness } from './helpers/harness.ts';

const SUITE = join(REPO_ROOT, '../shared/conformance/sdxorg');
const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

function conformanceModels(): { fileName: string; source: string }[] {
  const models: { fileName: string; source: string }[] = [];
  for (const dir of readdirSync(SUITE).sort()) {
    const path = join(SUITE, dir);
    if (!statSync(path).isDirectory()) continue;
    for (const file of readdirSync(path)) {
      if (file.endsWith('.xmile') && !file.endsWith('_behavior.xmile')) models.push({ fileName: file, source: readFileSync(join(path, file), 'utf8') });
    }
  }
  return models;
}

/** A model with every stateful builtin and seeded random draws, so determinism covers them too. */
const RANDOM_MODEL = `<?xml version="1.0"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header><name>random walk</name></header>
  <sim_specs method="RK4"><start>0</start><stop>20</stop><dt>0.25</dt></sim_specs>
  <model><variables>
    <stock name="Level"><eqn>100</eqn><inflow>change</inflow></stock>
    <flow name="change"><eqn>NORMAL(0, 5) + RANDOM(-1, 1) + LOGNORMAL(1, 0.5) - 1 + SMTH3(Level, 2) * 0.01 - DELAY3(Level, 3) * 0.01</eqn></flow>
    <aux name="trend"><eqn>TREND(Level, 4)</eqn></aux>
    <aux name="wave"><eqn>SIN(TIME) * EXP(-TIME / 10) + PULSE(2, 1, 3) + RAMP(1, 5, 8)</eqn></aux>
  </variables></model>
</xmile>`;

let harness: Harness;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  // /strict/ and /open/ serve the same build; only /strict/ carries a CSP without 'unsafe-eval'.
  harness = await startHarness('engine-harness', {
    mapPath: (pathname) => pathname.replace(/^\/(strict|open)\//, '/'),
    headers: (pathname): Record<string, string> => (pathname.startsWith('/strict/') ? { 'content-security-policy': STRICT_CSP } : {}),
  });
  baseUrl = harness.url;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

async function runInBrowser(mode: 'open' | 'strict', models: { fileName: string; source: string }[]) {
  const page = await browser.newPage();
  const problems = collectPageProblems(page, baseUrl);
  await page.goto(`${baseUrl}/${mode}/`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const canGenerate = await page.evaluate(() => window.engineHarness.canGenerateCode);
  const results = await page.evaluate(
    (list) => Promise.all(list.map((model) => window.engineHarness.run(model.source, model.fileName, 42))),
    models,
  );
  problems.assertNone();
  await page.close();
  return { canGenerate, results };
}

describe('engine determinism across Node and Chromium', () => {
  const models = [...conformanceModels(), { fileName: 'random-walk.xmile', source: RANDOM_MODEL }];

  const nodeResults = models.map((model) => {
    const compiled = compileModel(model.source, { fileName: model.fileName });
    return compiled.ok ? seriesFingerprint(compiled.model.run({ seed: 42 })) : undefined;
  });

  it('gives bit-identical series in Chromium (code generation) and in Node', async () => {
    const { canGenerate, results } = await runInBrowser('open', models);
    expect(canGenerate).toBe(true);
    let compared = 0;
    results.forEach((result, i) => {
      expect(result.ok, models[i]!.fileName).toBe(nodeResults[i] !== undefined);
      if (!result.ok) return;
      expect(result.backend).toBe('codegen');
      compared++;
    });
    expect(compared).toBeGreaterThan(30);
  });

  it('falls back to the VM under a CSP without unsafe-eval, with the same numbers', async () => {
    const { canGenerate, results } = await runInBrowser('strict', models);
    expect(canGenerate).toBe(false);
    let compared = 0;
    results.forEach((result, i) => {
      if (!result.ok) return;
      expect(result.backend).toBe('vm');
      expect(result.fingerprint, models[i]!.fileName).toEqual(nodeResults[i]);
      compared++;
    });
    expect(compared).toBeGreaterThan(30);
  });
});
