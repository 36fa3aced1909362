import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The smoke test starts workers, a WebGPU device and TensorFlow.js: seconds, not milliseconds.
    testTimeout: 180_000,
  },
});
