#!/usr/bin/env node
/**
 * Bundles scripts/device-accuracy.ts into one file for a GPU machine with no
 * node_modules: .gpu/accuracy.mjs at the repository root. Core and gpu come
 * from their sources (never a stale dist/); only the `webgpu` package stays
 * outside, imported from ./webgpu/index.js (the folder .gpu/ already holds,
 * with its native dawn.node).
 *
 *   node packages/gpu/scripts/bundle-accuracy.mjs
 *   bash .gpu/run.sh .gpu/accuracy.mjs                    (on the GPU machine, from the repo root)
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node .gpu/accuracy.mjs --losses huber,focal
 *
 * (Timings are the bench's: apps/bench/scripts/bundle-gpu.mjs.)
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(pkg, '..', '..');
const out = join(root, '.gpu');
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(pkg, 'scripts', 'device-accuracy.ts')],
  outfile: join(out, 'accuracy.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  alias: {
    '@losslab/core': join(root, 'packages', 'core', 'src', 'index.ts'),
    '@losslab/gpu': join(pkg, 'src', 'index.ts'),
  },
  plugins: [
    {
      name: 'webgpu-beside-the-bundle',
      setup(b) {
        b.onResolve({ filter: /^webgpu$/ }, () => ({ path: './webgpu/index.js', external: true }));
      },
    },
  ],
});
console.log(`wrote ${join(out, 'accuracy.mjs')}`);
