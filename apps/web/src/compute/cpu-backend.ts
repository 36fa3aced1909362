/**
 * The CPU path: core's compiled sweep kernels in a pool of Web Workers, each
 * filling a band of rows. The main thread only validates the spec and copies
 * the bands into one grid, so it stays responsive while a sweep runs.
 */
import {
  type AxisCoordinates,
  axisCoordinates,
  type CustomLossSpec,
  cpuSweepLimits,
  type LandscapeSpec,
  resolveLandscape,
  resolveSweep,
  type SweepSpec,
  type SweepStats,
} from '@losslab/core';
import { mergeStats, splitRows } from './stats';
import type { BackendInfo, ComputeBackend, GridResult, LandscapeGrid } from './types';
import type { LandscapeJob, SweepJob, SweepReply, WorkerJob } from './worker-protocol';

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

  run(job: WorkerJob): Promise<Extract<SweepReply, { ok: true }>> {
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
 * A loss as a worker receives it: by id, and a custom loss's specification
 * beside it (the worker rebuilds the definition from it; core refuses copies
 * of a definition). A catalog definition goes by id: the worker has the catalog.
 */
export function wireLoss(loss: SweepSpec['loss']): { loss: string; custom?: CustomLossSpec } {
  if (typeof loss === 'string') return { loss };
  if (loss.source?.kind === 'custom') return { loss: loss.id, custom: loss.source.spec };
  return { loss: loss.id };
}

/** A sweep as a worker receives it (see `wireLoss`). */
export function wireSpec(spec: SweepSpec): Pick<SweepJob, 'spec' | 'custom'> {
  const { loss, custom } = wireLoss(spec.loss);
  return { spec: { ...spec, loss }, ...(custom ? { custom } : {}) };
}

/**
 * A landscape as a worker receives it: the loss as `wireLoss` sends it and
 * the data as plain typed arrays.
 */
export function landscapeWireSpec(spec: LandscapeSpec): Pick<LandscapeJob, 'spec' | 'custom'> {
  const { data } = spec;
  const column = (values: ArrayLike<number>) => Float64Array.from(values);
  const { loss, custom } = wireLoss(spec.loss);
  return {
    spec: {
      ...spec,
      loss,
      params: { ...spec.params },
      data: {
        x: column(data.x),
        y: column(data.y),
        ...(data.weight ? { weight: column(data.weight) } : {}),
      },
    },
    ...(custom ? { custom } : {}),
  };
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

  /** Splits a validated grid into bands, one per worker, and joins the workers' rows into one grid. */
  async function runBands(
    nx: number,
    ny: number,
    job: (band: {
      rowStart: number;
      rowEnd: number;
    }) => Omit<SweepJob, 'job' | 'buffer'> | Omit<LandscapeJob, 'job' | 'buffer'>,
  ): Promise<{ data: Float32Array; stats: SweepStats }> {
    const bands = splitRows(ny, workers.length);
    const replies = await Promise.all(
      bands.map((band, k) => {
        const worker = workers[k]!;
        const bytes = (band.rowEnd - band.rowStart) * nx * 4;
        const buffer = worker.spare?.byteLength === bytes ? worker.spare : undefined;
        worker.spare = undefined;
        return worker
          .run({ ...job(band), job: nextJob++, ...(buffer ? { buffer } : {}) } as WorkerJob)
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
    return { data, stats: mergeStats(parts) };
  }

  function result<S>(
    spec: S,
    grid: { data: Float32Array; stats: SweepStats },
    axes: { x: AxisCoordinates; y: AxisCoordinates },
    start: number,
  ): GridResult<S> {
    const { data, stats } = grid;
    return {
      source: { kind: 'cpu', data, nx: axes.x.coords.length, ny: axes.y.coords.length },
      stats,
      x: axes.x,
      y: axes.y,
      spec,
      sweepMs: performance.now() - start,
      values: () => Promise.resolve(data),
      release: () => {},
    };
  }

  async function sweep(spec: SweepSpec): Promise<GridResult> {
    const start = performance.now();
    // Validation throws here, before any worker is involved.
    const resolved = resolveSweep(spec, cpuSweepLimits);
    const wire = wireSpec(spec);
    const grid = await runBands(resolved.x.size, resolved.y.size, (band) => ({
      kind: 'sweep',
      ...wire,
      ...band,
    }));
    return result(spec, grid, { x: axisCoordinates(resolved.x), y: axisCoordinates(resolved.y) }, start);
  }

  async function landscape(spec: LandscapeSpec): Promise<LandscapeGrid> {
    const start = performance.now();
    // core's checks (data, hyperparameters, axes, the CPU's work limit) throw here, before any worker runs.
    const resolved = resolveLandscape(spec);
    const { x, y } = resolved.sweep;
    const wire = landscapeWireSpec(spec);
    const grid = await runBands(x.size, y.size, (band) => ({ kind: 'landscape', ...wire, ...band }));
    return {
      ...result(spec, grid, { x: axisCoordinates(x), y: axisCoordinates(y) }, start),
      computedOn: 'cpu',
    };
  }

  return {
    info,
    device: undefined,
    sweep,
    landscape,
    destroy: () => {
      for (const worker of workers) worker.terminate();
    },
  };
}
