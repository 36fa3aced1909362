#!/usr/bin/env node
/**
 * Bundles the bench CLI for a GPU machine that has no node_modules and no
 * network: everything (core, gpu, TensorFlow.js) goes into .gpu/bench.mjs at
 * the repository root, the write-layout run (src/layouts.ts) into
 * .gpu/layouts.mjs, the CPU worker into .gpu/bench-worker.mjs, tfjs's wasm
 * binaries and the PyTorch peer beside them. Only the `webgpu` package stays
 * outside: the bundle imports it from ./webgpu/index.js (the folder .gpu/
 * already holds, with its native dawn.node).
 *
 *   node apps/bench/scripts/bundle-gpu.mjs     (core and gpu come from their sources: no stale dist)
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node .gpu/bench.mjs --quick --out /tmp/benchout
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node .gpu/layouts.mjs --size 256 --reps 3 --losses mse,huber
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(app, '..', '..');
const out = join(root, '.gpu');
mkdirSync(out, { recursive: true });

/** `webgpu` resolves to the copy in .gpu/webgpu at run time; esbuild itself is only used from sources. */
const externals = {
  name: 'gpu-box-externals',
  setup(b) {
    b.onResolve({ filter: /^webgpu$/ }, () => ({ path: './webgpu/index.js', external: true }));
    b.onResolve({ filter: /^esbuild$/ }, () => ({ path: 'esbuild', external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [externals],
  // The workspace packages from source, so a bundle never carries a stale dist/.
  alias: {
    '@losslab/core': join(root, 'packages', 'core', 'src', 'index.ts'),
    '@losslab/gpu': join(root, 'packages', 'gpu', 'src', 'index.ts'),
  },
  // Some dependencies (tfjs-backend-wasm's emscripten glue) still use require() and __dirname: give the ESM bundle them.
  banner: {
    js: [
      "import { createRequire as __losslabRequire } from 'node:module';",
      "import { fileURLToPath as __losslabPath } from 'node:url';",
      'const require = __losslabRequire(import.meta.url);',
      'const __filename = __losslabPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join(' '),
  },
};

await build({ ...common, entryPoints: [join(app, 'src', 'cli.ts')], outfile: join(out, 'bench.mjs') });
await build({ ...common, entryPoints: [join(app, 'src', 'layouts.ts')], outfile: join(out, 'layouts.mjs') });
await build({
  ...common,
  entryPoints: [join(app, 'src', 'worker-node.ts')],
  outfile: join(out, 'bench-worker.mjs'),
});

// tfjs-backend-wasm loads its .wasm at run time from the bundle's folder.
const require = createRequire(join(app, 'package.json'));
const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
for (const f of readdirSync(wasmDist).filter((f) => f.endsWith('.wasm')))
  copyFileSync(join(wasmDist, f), join(out, f));
copyFileSync(join(app, 'scripts', 'torch_peer.py'), join(out, 'torch_peer.py'));

// Dawn reaches the NVIDIA driver through libGLX_nvidia, which needs libglvnd: without these
// Vulkan reports "Found no drivers" on the GPU machine. run.sh unpacks every .gpu/*.deb.
const glvnd = ['libglvnd0', 'libegl1', 'libgl1', 'libglx0', 'libopengl0', 'libgles2'];
const missing = glvnd.filter(
  (p) => !readdirSync(out).some((f) => f.startsWith(`${p}_`) && f.endsWith('.deb')),
);
if (missing.length) {
  console.warn(
    `note: .gpu lacks ${missing.join(', ')}; fetch them (amd64) with:\n` +
      "  mkdir -p /tmp/amd64/partial; o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'; " +
      `apt-get $o update; (cd .gpu && apt-get $o download ${missing.join(' ')})`,
  );
}
if (!existsSync(join(out, 'webgpu', 'index.js'))) {
  console.warn(
    'note: .gpu/webgpu/index.js is missing; copy the webgpu package there (index.js + dist/linux-x64/dawn.node)',
  );
}

const size = (p) =>
  statSync(p).isDirectory() ? readdirSync(p).reduce((s, f) => s + size(join(p, f)), 0) : statSync(p).size;
const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
for (const f of ['bench.mjs', 'layouts.mjs', 'bench-worker.mjs'])
  console.log(`${f}: ${mib(size(join(out, f)))}`);
const total = size(out);
console.log(`.gpu total: ${mib(total)}${total > 60 * 2 ** 20 ? '  — OVER the 60 MiB budget' : ''}`);
