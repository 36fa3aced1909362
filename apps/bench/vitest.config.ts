import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
/** A workspace package's public entry point, from source: tests never see a stale or missing dist/. */
const source = (name: string): string =>
  join(dirname(require.resolve(`${name}/package.json`)), 'src', 'index.ts');

export default defineConfig({
  resolve: {
    alias: { '@losslab/core': source('@losslab/core'), '@losslab/gpu': source('@losslab/gpu') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The smoke test starts workers, a WebGPU device and TensorFlow.js: seconds, not milliseconds.
    testTimeout: 180_000,
    // core vs hand-written JS on the CPU (`pnpm bench:cpu`).
    benchmark: { include: ['cpu/**/*.bench.ts'] },
  },
});
