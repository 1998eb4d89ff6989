/**
 * Test-only page: exposes the engine so a browser test can run models in Chromium and compare
 * the numbers bit for bit with the same runs in Node. Not part of the product build.
 */
import { canGenerateCode, compileModel } from '../../../src/engine/index.ts';
import { seriesFingerprint } from '../../helpers/series-fingerprint.ts';

interface HarnessResult {
  ok: boolean;
  backend?: string;
  fingerprint?: Record<string, string>;
  errors?: string[];
}

declare global {
  interface Window {
    engineHarness: {
      canGenerateCode: boolean;
      run(source: string, fileName: string, seed: number): Promise<HarnessResult>;
    };
  }
}

function runModel(source: string, fileName: string, seed: number): HarnessResult {
  const compiled = compileModel(source, { fileName });
  if (!compiled.ok) return { ok: false, errors: compiled.errors.map((error) => error.message) };
  return { ok: true, backend: compiled.model.backend, fingerprint: seriesFingerprint(compiled.model.run({ seed })) };
}

// The work runs in a task of the page's own, not inside the test driver's evaluate call: DevTools
// evaluation is exempt from the page's Content-Security-Policy, page tasks are not.
window.engineHarness = {
  canGenerateCode: canGenerateCode(),
  run: (source, fileName, seed) => new Promise((resolve) => setTimeout(() => resolve(runModel(source, fileName, seed)), 0)),
};
document.getElementById('status')!.textContent = 'ready';
