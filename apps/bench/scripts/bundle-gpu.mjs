#!/usr/bin/env node
/**
 * Bundles the bench CLI for a GPU machine that has no node_modules and no
 * network: everything (core, gpu, TensorFlow.js) goes into .gpu/bench.mjs at
 * the repository root, the write-layout run (src/layouts.ts) into
 * .gpu/layouts.mjs, the CPU worker into .gpu/bench-worker.mjs, tfjs's wasm
 * binaries and the PyTorch peer beside them. Only the `webgpu` package stays
 * outside: the bundle imports it from ./webgpu/index.js, which this script
 * copies there (index.js and the linux-x64 dawn.node) from node_modules.
 * It also writes .gpu/run.sh (the Vulkan loader and GL vendor libraries from
 * .gpu/*.deb, NVIDIA's ICD, then node) and .gpu/landscape.sh (the landscape
 * suite with the PyTorch peer: one command on a GPU box).
 *
 *   node apps/bench/scripts/bundle-gpu.mjs     (core and gpu come from their sources: no stale dist)
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node .gpu/bench.mjs --quick --out /tmp/benchout
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node .gpu/layouts.mjs --size 256 --reps 3 --losses mse,huber
 *   bash .gpu/landscape.sh                      (on the GPU machine, from the repository root, .gpu carried)
 */
import { chmodSync, copyFileSync, cpSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

// The webgpu package, as the bundles import it: ./webgpu/index.js and its native addon for linux-x64.
const webgpuDir = dirname(require.resolve('webgpu'));
mkdirSync(join(out, 'webgpu', 'dist'), { recursive: true });
for (const f of ['index.js', 'package.json']) copyFileSync(join(webgpuDir, f), join(out, 'webgpu', f));
cpSync(join(webgpuDir, 'dist', 'linux-x64'), join(out, 'webgpu', 'dist', 'linux-x64'), { recursive: true });

// run.sh: a GPU box from the repository root. The loader and vendor libraries come from .gpu/*.deb
// (unpacked into / once: bare machines lack them), NVIDIA's Vulkan ICD from the driver's own folder.
writeFileSync(
  join(out, 'run.sh'),
  `#!/usr/bin/env bash
# Runs a bundled bench script on a GPU machine: bash .gpu/run.sh .gpu/bench.mjs [options]
set -euo pipefail
here="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
if ! ldconfig -p | grep -q 'libvulkan.so.1' || ! ldconfig -p | grep -q 'libGLX.so.0'; then
  for f in "$here"/*.deb; do [ -e "$f" ] && dpkg -x "$f" /; done
  ldconfig
fi
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
  if [ -f "$icd" ]; then export VK_DRIVER_FILES="\${VK_DRIVER_FILES:-$icd}"; break; fi
done
egl=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
[ -f "$egl" ] && export __EGL_VENDOR_LIBRARY_FILENAMES="\${__EGL_VENDOR_LIBRARY_FILENAMES:-$egl}"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || true
exec node "$@"
`,
);
// landscape.sh: the landscape rows in one command (sizes 256²–4096² × n 100, 1000, 10 000, five losses,
// every backend, PyTorch beside), results in $OUT (the device tool's folder) or .gpu/results.
writeFileSync(
  join(out, 'landscape.sh'),
  `#!/usr/bin/env bash
# The landscape suite on a GPU box: bash .gpu/landscape.sh [more bench options]
set -euo pipefail
here="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
out="\${OUT:-$here/results}"
mkdir -p "$out"
exec bash "$here/run.sh" "$here/bench.mjs" --suites landscape --torch "$here/torch_peer.py" \
  --reps 5 --budget 3 --out "$out" "$@"
`,
);
for (const f of ['run.sh', 'landscape.sh']) chmodSync(join(out, f), 0o755);

// Dawn reaches the NVIDIA driver through libGLX_nvidia, which needs libglvnd, and the Vulkan loader
// itself: without these Vulkan reports "Found no drivers" on the GPU machine. run.sh unpacks every .gpu/*.deb.
const glvnd = ['libvulkan1', 'libglvnd0', 'libegl1', 'libgl1', 'libglx0', 'libopengl0', 'libgles2'];
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

const size = (p) =>
  statSync(p).isDirectory() ? readdirSync(p).reduce((s, f) => s + size(join(p, f)), 0) : statSync(p).size;
const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
for (const f of ['bench.mjs', 'layouts.mjs', 'bench-worker.mjs'])
  console.log(`${f}: ${mib(size(join(out, f)))}`);
const total = size(out);
console.log(`.gpu total: ${mib(total)}${total > 60 * 2 ** 20 ? '  — OVER the 60 MiB budget' : ''}`);
