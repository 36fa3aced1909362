/**
 * Browser glue: navigator.gpu, Web Workers (module workers, sharing the
 * output when the page is cross-origin isolated) and TensorFlow.js with its
 * wasm binaries served by Vite.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BenchEnv, Tf, TfjsBackend } from './measure.js';
import type { WorkerPort, WorkerReply } from './pool.js';

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
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      });
    }
    registered.add(backend);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  return tf;
}

export function browserEnv(log: (line: string) => void): BenchEnv {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  return {
    runtime: navigator.userAgent,
    platform:
      (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ??
      navigator.platform,
    cpu: 'browser (model not exposed)',
    cpuCount: navigator.hardwareConcurrency || 1,
    gpu,
    ...(gpu ? {} : { gpuReason: 'this browser has no WebGPU (navigator.gpu is undefined)' }),
    createWorkers(count: number): WorkerPort[] {
      return Array.from({ length: count }, () => {
        const worker = new Worker(new URL('./worker-browser.ts', import.meta.url), { type: 'module' });
        return {
          post: (id, job) => worker.postMessage({ id, job }),
          onReply: (handler) =>
            worker.addEventListener('message', (e: MessageEvent<WorkerReply>) => handler(e.data)),
          terminate: () => worker.terminate(),
        };
      });
    },
    loadTfjs,
    log,
  };
}
