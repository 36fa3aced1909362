/**
 * The CPU path: core's compiled sweep kernels in a pool of Web Workers, each
 * filling a band of rows. The main thread only validates the spec and copies
 * the bands into one grid, so it stays responsive while a sweep runs.
 */
import {
  axisCoordinates,
  type CustomLossSpec,
  cpuSweepLimits,
  resolveSweep,
  type SweepSpec,
  type SweepStats,
} from '@losslab/core';
import { mergeStats, splitRows } from './stats';
import type { BackendInfo, ComputeBackend, GridResult } from './types';
import type { SweepJob, SweepReply } from './worker-protocol';

/** The CPU caps grids lower than the GPU: 1024² f32 is 4 MiB and about a few hundred ms per sweep at worst. */
export const CPU_MAX_RESOLUTION = 1024;
export const CPU_MAX_SURFACE_RESOLUTION = 256;

interface Pending {
  readonly resolve: (reply: Extract<SweepReply, { ok: true }>) => void;
  readonly reject: (error: Error) => void;
}

class SweepWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  /** The last band's buffer, handed back to the worker for the next sweep of the same size. */
  spare: ArrayBuffer | undefined;

  constructor() {
    this.worker = new Worker(new URL('./sweep-worker.ts', import.meta.url), {
      type: 'module',
      name: 'losslab-sweep',
    });
    this.worker.onmessage = (event: MessageEvent<SweepReply>) => {
      const reply = event.data;
      const waiter = this.pending.get(reply.job);
      if (!waiter) return;
      this.pending.delete(reply.job);
      if (reply.ok) waiter.resolve(reply);
      else waiter.reject(new RangeError(reply.message));
    };
    this.worker.onerror = (event) => {
      const error = new Error(`sweep worker failed: ${event.message || 'unknown error'}`);
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
  }

  run(job: SweepJob): Promise<Extract<SweepReply, { ok: true }>> {
    return new Promise((resolve, reject) => {
      this.pending.set(job.job, { resolve, reject });
      this.worker.postMessage(job, job.buffer ? [job.buffer] : []);
    });
  }

  terminate(): void {
    this.worker.terminate();
    for (const waiter of this.pending.values()) waiter.reject(new Error('the sweep workers were stopped'));
    this.pending.clear();
  }
}

function workerCount(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.min(4, Math.max(1, cores - 1));
}

/**
 * A sweep as a worker receives it: the loss by id, and a custom loss's
 * specification beside it (the worker rebuilds the definition from it).
 */
export function wireSpec(spec: SweepSpec): Pick<SweepJob, 'spec' | 'custom'> {
  const loss = spec.loss;
  if (typeof loss === 'string') return { spec: { ...spec, loss } };
  if (loss.source?.kind === 'custom') {
    const custom: CustomLossSpec = loss.source.spec;
    return { spec: { ...spec, loss: loss.id }, custom };
  }
  // A catalog definition: the worker has the catalog too.
  return { spec: { ...spec, loss: loss.id } };
}

/** A CPU backend; `reason` says why the app is on the CPU path. */
export function createCpuBackend(reason: string): ComputeBackend {
  const workers = Array.from({ length: workerCount() }, () => new SweepWorker());
  let nextJob = 1;
  const info: BackendInfo = {
    kind: 'cpu',
    label: `CPU · ${workers.length} worker${workers.length > 1 ? 's' : ''}`,
    reason,
    software: false,
    maxResolution: CPU_MAX_RESOLUTION,
    maxSurfaceResolution: CPU_MAX_SURFACE_RESOLUTION,
  };

  async function sweep(spec: SweepSpec): Promise<GridResult> {
    const start = performance.now();
    // Validation throws here, before any worker is involved.
    const resolved = resolveSweep(spec, cpuSweepLimits);
    const nx = resolved.x.size;
    const ny = resolved.y.size;
    const bands = splitRows(ny, workers.length);
    const wire = wireSpec(spec);
    const replies = await Promise.all(
      bands.map((band, k) => {
        const worker = workers[k]!;
        const bytes = (band.rowEnd - band.rowStart) * nx * 4;
        const buffer = worker.spare?.byteLength === bytes ? worker.spare : undefined;
        worker.spare = undefined;
        return worker
          .run({ job: nextJob++, ...wire, ...band, ...(buffer ? { buffer } : {}) })
          .then((reply) => ({ reply, worker }));
      }),
    );
    const data = new Float32Array(nx * ny);
    const parts: SweepStats[] = [];
    for (const { reply, worker } of replies) {
      data.set(reply.data, reply.rowStart * nx);
      parts.push(reply.stats);
      worker.spare = reply.data.buffer as ArrayBuffer;
    }
    const sweepMs = performance.now() - start;
    return {
      source: { kind: 'cpu', data, nx, ny },
      stats: mergeStats(parts),
      x: axisCoordinates(resolved.x),
      y: axisCoordinates(resolved.y),
      spec,
      sweepMs,
      values: () => Promise.resolve(data),
      release: () => {},
    };
  }

  return {
    info,
    device: undefined,
    sweep,
    destroy: () => {
      for (const worker of workers) worker.terminate();
    },
  };
}
