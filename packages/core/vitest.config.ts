import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reference suites compare thousands of points against 40–80-digit decimal.js
    // values: seconds each on a loaded two-core box. Correctness tests, never timed.
    testTimeout: 60_000,
  },
});
