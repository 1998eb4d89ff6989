// Unit, conformance and scenario tests: plain Node, no browser. End-to-end tests have their own
// config (vitest.e2e.config.ts) because they need a build and Chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'server/test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    pool: 'forks',
    // Sized for a loaded 2-core machine: scenario tests drive the CLI and play hundreds of games.
    // Speed is measured by `npm run bench`, never by a test's time limit.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
