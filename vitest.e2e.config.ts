import { defineConfig } from 'vitest/config';

// Browser tests against a real server (see e2e/). Kept apart from vitest.config.ts, whose include
// list never matches *.e2e.ts, so `vitest run` never starts Chromium.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['verbose'],
  },
});
