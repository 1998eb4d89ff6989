import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, startPreview, type PreviewHandle } from './browser.ts';

/** What a browser test of the built page plays on: `vite preview` of dist/ and Chromium. */
export interface PreviewStage {
  readonly preview: PreviewHandle;
  readonly browser: Browser;
}

/** Sets the stage up before the file's tests and takes it down after them (after the file's own afterAll hooks). */
export function previewStage(): PreviewStage {
  const stage = { preview: undefined as unknown as PreviewHandle, browser: undefined as unknown as Browser };
  beforeAll(async () => {
    stage.preview = await startPreview();
    stage.browser = await launchChromium();
  });
  afterAll(async () => {
    await stage.browser?.close();
    await stage.preview?.close();
  });
  return stage;
}
