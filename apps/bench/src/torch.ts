/**
 * PyTorch as a peer: scripts/torch_peer.py computes the same grids with torch
 * elementwise ops on CUDA. The CLI hands it the cases (axes, ranges, fixed
 * values, sample indices) and merges what it measured, checking its sampled
 * values against core like every other backend.
 */
import { gatherLandscape, landscapeCase } from './landscape-measure.js';
import { defaultMaxSize } from './measure.js';
import type { BenchOptions, BenchResult, LandscapeMeasurement, Measurement, Stat } from './types.js';
import { checksum, referenceSample, sampleIndices, tolerances, workload } from './workload.js';

export interface TorchCase {
  readonly loss: string;
  readonly size: number;
  /** 'sweep': x along columns, y along rows; 'column': x alone, size² points. */
  readonly kind: 'sweep' | 'column';
  readonly x: { variable: string; min: number; max: number; size: number; scale: string };
  readonly y: { variable: string; min: number; max: number; size: number; scale: string } | null;
  readonly fixed: Readonly<Record<string, number>>;
  readonly indices: readonly number[];
}

/** A landscape for the peer: the data, the axes (linear), the loss's hyperparameters, the cells to report. */
export interface TorchLandscapeCase {
  readonly loss: string;
  readonly size: number;
  readonly n: number;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly w: { min: number; max: number; size: number };
  readonly b: { min: number; max: number; size: number };
  readonly params: Readonly<Record<string, number>>;
  readonly sampleRows: readonly number[];
  readonly sampleCols: readonly number[];
}

export interface TorchSpecs {
  readonly reps: number;
  readonly warmup: number;
  /** Milliseconds a landscape case may take: fewer reps (at least 3) when one is slow. */
  readonly budgetMs?: number;
  readonly cases: readonly TorchCase[];
  readonly landscapes?: readonly TorchLandscapeCase[];
}

export function torchSpecs(options: BenchOptions): TorchSpecs {
  const max = options.maxSize['torch-cuda'] ?? defaultMaxSize['torch-cuda'];
  const cases: TorchCase[] = [];
  for (const size of options.sizes.filter((s) => s <= max)) {
    for (const loss of options.losses) {
      let w: ReturnType<typeof workload>;
      try {
        w = workload(loss, size);
      } catch {
        continue; // an unknown loss: the bench reports it as failed
      }
      const indices = sampleIndices(w);
      if (w.kind === 'sweep') {
        const { x, y, fixed } = w.spec;
        cases.push({
          loss,
          size,
          kind: 'sweep',
          x: { ...x, scale: x.scale ?? 'linear' },
          y: { ...y, scale: y.scale ?? 'linear' },
          fixed: fixed ?? {},
          indices,
        });
      } else {
        cases.push({ loss, size, kind: 'column', x: { ...w.axis }, y: null, fixed: w.fixed, indices });
      }
    }
  }
  const landscapes: TorchLandscapeCase[] = [];
  const land = options.landscape;
  for (const size of land?.sizes ?? [])
    for (const n of land?.ns ?? [])
      for (const loss of land?.losses ?? []) {
        let c: ReturnType<typeof landscapeCase>;
        try {
          c = landscapeCase(loss, size, n);
        } catch {
          continue; // reported as failed by the bench
        }
        const w = c.spec.w;
        const b = c.spec.b;
        landscapes.push({
          loss,
          size,
          n,
          x: Array.from(c.x),
          y: Array.from(c.y),
          w: { min: w.min, max: w.max, size: w.size },
          b: { min: b.min, max: b.max, size: b.size },
          params: c.params,
          sampleRows: c.sampleRows,
          sampleCols: c.sampleCols,
        });
      }
  return {
    reps: options.reps,
    warmup: options.warmup,
    budgetMs: options.budgetS * 1000,
    cases,
    ...(landscapes.length ? { landscapes } : {}),
  };
}

interface TorchOutput {
  readonly device?: string;
  readonly torch?: string;
  readonly results: readonly {
    readonly loss: string;
    readonly size: number;
    readonly status: 'ok' | 'skipped' | 'failed';
    readonly reason?: string;
    readonly time?: Stat;
    readonly method?: string;
    readonly sample?: readonly (number | string)[];
  }[];
  readonly landscapes?: readonly {
    readonly loss: string;
    readonly size: number;
    readonly n: number;
    readonly status: 'ok' | 'skipped' | 'failed';
    readonly reason?: string;
    readonly time?: Stat;
    readonly method?: string;
    /** Values at sampleRows × sampleCols, row by row. */
    readonly sample?: readonly (number | string)[];
  }[];
}

/** JSON has no ±Infinity/NaN: the script writes them as strings. */
const num = (v: number | string): number =>
  typeof v === 'number'
    ? v
    : v === 'inf'
      ? Number.POSITIVE_INFINITY
      : v === '-inf'
        ? Number.NEGATIVE_INFINITY
        : Number.NaN;

export function mergeTorch(result: BenchResult, torch: TorchOutput): BenchResult {
  const merged: Measurement[] = torch.results.map((r) => {
    const base = { backend: 'torch-cuda' as const, loss: r.loss, size: r.size, points: r.size * r.size };
    if (r.status !== 'ok' || !r.time) return { ...base, status: r.status, reason: r.reason ?? 'no time' };
    const w = workload(r.loss, r.size);
    const reference = referenceSample(w, sampleIndices(w));
    const check = r.sample ? checksum(r.sample.map(num), reference, tolerances.f32) : undefined;
    return {
      ...base,
      status: 'ok',
      time: r.time,
      method: `${r.method ?? 'cuda events'}${torch.device ? ` on ${torch.device}` : ''}${torch.torch ? `, torch ${torch.torch}` : ''}`,
      evalsPerSec: base.points / (r.time.medianMs / 1000),
      ...(check ? { checksum: check } : {}),
    };
  });
  const backends = result.options.backends.includes('torch-cuda')
    ? result.options.backends
    : [...result.options.backends, 'torch-cuda' as const];
  const landscapes: LandscapeMeasurement[] = (torch.landscapes ?? []).map((r) => {
    const base = {
      backend: 'torch-cuda' as const,
      loss: r.loss,
      size: r.size,
      points: r.size * r.size,
      n: r.n,
      evaluations: r.size * r.size * r.n,
    };
    if (r.status !== 'ok' || !r.time) return { ...base, status: r.status, reason: r.reason ?? 'no time' };
    const c = landscapeCase(r.loss, r.size, r.n);
    // The peer reports the sample cells themselves: a grid of only those rows and columns.
    const sampleGrid = new Float64Array(r.size * c.sampleRows.length).fill(Number.NaN);
    r.sample?.forEach((v, k) => {
      const slot = Math.floor(k / c.sampleCols.length);
      sampleGrid[slot * r.size + c.sampleCols[k % c.sampleCols.length]!] = num(v);
    });
    const sample = gatherLandscape(c, sampleGrid, c.sampleRows);
    const check = r.sample ? checksum(sample.got, sample.reference, tolerances.f32) : undefined;
    return {
      ...base,
      status: 'ok' as const,
      time: r.time,
      method: `${r.method ?? 'cuda events'}${torch.device ? ` on ${torch.device}` : ''}${torch.torch ? `, torch ${torch.torch}` : ''}`,
      evalsPerSec: base.evaluations / (r.time.medianMs / 1000),
      ...(check ? { checksum: check } : {}),
    };
  });
  return {
    ...result,
    options: { ...result.options, backends },
    measurements: [...result.measurements.filter((m) => m.backend !== 'torch-cuda'), ...merged],
    ...(result.landscapes
      ? { landscapes: [...result.landscapes.filter((m) => m.backend !== 'torch-cuda'), ...landscapes] }
      : {}),
  };
}
