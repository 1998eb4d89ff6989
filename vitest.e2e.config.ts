// End-to-end tests: each file starts `vite preview` on the built dist/ and drives Chromium through
// playwright-core (test/e2e/helpers/browser.ts). Run `npm run build` first; `npm test` does.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    // One browser at a time: the machine has 2 cores and the pages are WebGL/canvas heavy.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
