/**
 * Node glue: the `webgpu` package (Dawn) as the GPU, worker_threads as the
 * CPU pool, TensorFlow.js from node_modules (or, in the GPU-box bundle, from
 * the files beside it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, platform, release, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BenchEnv, Tf, TfjsBackend } from './measure.js';
import type { WorkerPort } from './pool.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Running from TypeScript sources (tsx, vitest) rather than the esbuild bundle. */
const fromSource = import.meta.url.endsWith('.ts');

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * The `webgpu` package's GPU entry point (Dawn), also installed as
 * navigator.gpu for TensorFlow.js. `flags` are Dawn's instance toggles.
 */
export async function openWebGpu(flags: readonly string[] = []): Promise<{ gpu?: GPU; reason?: string }> {
  // Dawn finds Vulkan drivers through the loader; on a machine without a GPU, SwiftShader is the one there is.
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD))
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  try {
    const webgpu = (await import('webgpu')) as { create: (flags: string[]) => GPU; globals: object };
    Object.assign(globalThis, webgpu.globals);
    const gpu = webgpu.create([...flags]);
    // tfjs-webgpu looks for navigator.gpu; Node 20 has no navigator.
    const nav = (globalThis as { navigator?: object }).navigator;
    if (!nav)
      Object.defineProperty(globalThis, 'navigator', {
        value: { gpu, userAgent: `node ${process.version}` },
        configurable: true,
      });
    else if (!('gpu' in nav)) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    return { gpu };
  } catch (e) {
    return { reason: `the webgpu package did not load: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function workerUrl(): URL {
  return new URL(fromSource ? './worker-node.ts' : './bench-worker.mjs', import.meta.url);
}

let sourceWorker: string | undefined;

/**
 * The worker script. The bundle ships it beside itself; from sources (tsx,
 * vitest) the worker is TypeScript, which a worker thread cannot load, so it
 * is bundled once with esbuild into a temporary .mjs.
 */
async function workerFile(): Promise<string> {
  if (!fromSource) return fileURLToPath(workerUrl());
  if (!sourceWorker) {
    const esbuild = await import('esbuild');
    const dir = mkdtempSync(join(tmpdir(), 'losslab-bench-worker-'));
    sourceWorker = join(dir, 'worker.mjs');
    await esbuild.build({
      entryPoints: [fileURLToPath(workerUrl())],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: sourceWorker,
      logLevel: 'error',
      // From sources, core from its sources too (as vitest resolves it): no stale or missing dist/.
      alias: { '@losslab/core': packageSource('@losslab/core') },
    });
  }
  return sourceWorker;
}

/** A workspace package's public entry point, as source: `<package>/src/index.ts`. */
export function packageSource(name: string): string {
  return join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), 'src', 'index.ts');
}

/** The directory holding tfjs-backend-wasm's .wasm files. */
function wasmDir(): string {
  if (existsSync(join(here, 'tfjs-backend-wasm.wasm'))) return `${here}/`;
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return `${dirname(entry)}/`;
}

let tfjsCore: Promise<Tf> | undefined;
const registered = new Set<TfjsBackend>();

async function loadTfjs(backend: TfjsBackend): Promise<Tf> {
  tfjsCore ??= import('@tensorflow/tfjs-core');
  const tf = await tfjsCore;
  if (!registered.has(backend)) {
    if (backend === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
    if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
    if (backend === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmDir());
    }
    registered.add(backend);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  return tf;
}

/** The first GPU's name from nvidia-smi, where there is one. */
function nvidiaName(): string | undefined {
  try {
    const r = spawnSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    const name = r.status === 0 ? r.stdout.split('\n')[0]?.trim() : undefined;
    return name || undefined;
  } catch {
    return undefined;
  }
}

export async function nodeEnv(options: { workers?: number; quiet?: boolean } = {}): Promise<BenchEnv> {
  const { gpu, reason } = await openWebGpu();
  const cpuCount = options.workers ?? availableParallelism();
  const file = await workerFile();
  const gpuName = gpu ? nvidiaName() : undefined;
  return {
    runtime: `Node ${process.version}`,
    platform: `${platform()} ${release()}`,
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cpuCount,
    gpu,
    ...(reason ? { gpuReason: reason } : {}),
    ...(gpuName ? { gpuName } : {}),
    createWorkers(count: number): WorkerPort[] {
      return Array.from({ length: count }, () => {
        const worker = new Worker(file);
        worker.unref();
        return {
          post: (id, job) => worker.postMessage({ id, job }),
          onReply: (handler) => worker.on('message', handler),
          terminate: () => void worker.terminate(),
        };
      });
    },
    loadTfjs,
    log: options.quiet ? () => {} : (line: string) => console.log(line),
  };
}
