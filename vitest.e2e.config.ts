import { defineConfig } from 'vitest/config';

// Browser tests against a real server (see e2e/). Kept apart from vitest.config.ts, whose include
// list never matches *.e2e.ts, so `vitest run` never starts Chromium.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    // The stylesheet the server serves is compiled, not checked in: build it first (npm test does it in pretest).
    globalSetup: ['e2e/support/build-assets.setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['verbose'],
  },
});
