/**
 * The landscape suite: a model's total loss over a size × size grid of (w,
 * b), every cell a sum over n data points (landscape-contract.md), for each
 * loss × size × n, on every backend side by side:
 * - gpu: engine.timeLandscape (GPU timestamps, cross-checked by batched
 *   wall clock; the dataset uploaded once, as a renderer holds it), with
 *   flops per evaluation counted in the generated WGSL (flops.ts) and the
 *   fraction of the device's f32 peak (peak.ts);
 * - gpu-readback: engine.landscape, the grid read back (wall clock), whose
 *   values are checked;
 * - cpu1 / cpuN: core's landscapeRows on one thread / on every core
 *   (worker_threads, rows cut into column pieces);
 * - js: a hand-written loop (cpu/landscape-cases.ts);
 * - tfjs-cpu, tfjs-wasm, tfjs-webgpu: broadcast ops in blocks
 *   (landscape-peers.ts);
 * - torch-cuda: scripts/torch_peer.py on a CUDA machine, merged after.
 * The CPU-side backends compute an evenly spread subset of the rows where
 * the whole grid would take minutes (4096² × 10 000 is 1.7·10¹¹
 * evaluations): their times are scaled to the whole grid (each row is the
 * same work), and the note says so. Every backend but `gpu` (which reads
 * nothing back) is checked against core's f64 values at 4 × 16 cells.
 */
import {
  axisCoordinates,
  getLoss,
  type LandscapeSpec,
  landscapeRows,
  modelFormOf,
  resolveLandscape,
} from '@losslab/core';
import {
  chooseGeometry,
  defaultRegimeCode,
  landscapeModule,
  type SweepEngine,
  termFunction,
} from '@losslab/gpu';
import { dataset, formOf, RANGE } from '../cpu/landscape-cases.js';
import { landscapeFlopsPerEval } from './flops.js';
import { firstRuns, timeOnGpu } from './gpu.js';
import { handLandscapeRows, tfjsLandscapeRows, tfjsTerms } from './landscape-peers.js';
import type { BenchEnv, Tf, TfjsBackend } from './measure.js';
import type { WorkerPool } from './pool.js';
import { sharedFloat64 } from './pool.js';
import { timeRepeated } from './stats.js';
import type {
  BackendId,
  Checksum,
  LandscapeMeasurement,
  LandscapeOptions,
  PeakEstimate,
  SkipKind,
  Stat,
} from './types.js';
import { checksum } from './workload.js';

/** The issue's five: cheap (mse), piecewise (huber, tukey), transcendental (logistic), pow (focal). */
export const landscapeLosses = ['mse', 'huber', 'tukey', 'logistic', 'focal'] as const;

export const defaultLandscape: LandscapeOptions = {
  losses: landscapeLosses,
  sizes: [256, 1024, 4096],
  ns: [100, 1000, 10_000],
};

/**
 * Quick runs (and the smoke test): every backend on every loss, one small
 * case. SwiftShader runs a landscape workgroup's barriers as fibers, a few
 * milliseconds each: a 16² grid of 100 points takes it ~0.1 s per run.
 */
export const quickLandscape: LandscapeOptions = { losses: landscapeLosses, sizes: [16], ns: [100] };

/**
 * Milliseconds one repetition of a peer aims at: a probe times one row, and
 * the peer computes as many rows as fit (all of them where the whole grid
 * does). Short, so that the whole suite (45 cases × 9 backends) runs within
 * ten minutes on a GPU box; rows are the same work, so a few of them time a
 * peer as well as the whole grid would.
 */
const REP_TARGET_MS = { full: 100, quick: 20 } as const;

/** Values per TensorFlow.js block (its intermediates are that many f32 each). */
const tfjsBlock: Record<TfjsBackend, number> = { cpu: 2 ** 22, wasm: 2 ** 22, webgpu: 2 ** 25 };

/** Tolerances against core's f64 values: f64 backends, losslab's compensated f32 sum, plain f32 sums. */
const landscapeTolerances = { f64: 1e-9, losslabF32: 1e-4, f32: 2e-3 } as const;

export interface LandscapeCase {
  readonly loss: string;
  readonly size: number;
  readonly n: number;
  readonly spec: LandscapeSpec;
  /** Identifies spec and data for workers (which resolve each spec once). */
  readonly key: string;
  readonly ws: Float64Array;
  readonly bs: Float64Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** The loss's hyperparameters at their defaults (what core uses; the peers get them). */
  readonly params: Readonly<Record<string, number>>;
  readonly sampleRows: readonly number[];
  readonly sampleCols: readonly number[];
  /** core's f64 values at sampleRows × sampleCols. */
  readonly reference: Float64Array;
}

/** k indices of 0 … n − 1, evenly spread, both ends included. */
export function spread(n: number, k: number): number[] {
  const m = Math.max(1, Math.min(n, k));
  return [...new Set(Array.from({ length: m }, (_, t) => Math.round((t * (n - 1)) / Math.max(1, m - 1))))];
}

const unlimited = { maxAxisSize: 1 << 16, maxPoints: 2 ** 30, maxWork: Number.POSITIVE_INFINITY };

export function landscapeCase(loss: string, size: number, n: number): LandscapeCase {
  const def = getLoss(loss);
  if (!modelFormOf(def)) throw new RangeError(`${loss}: has no model form, so it has no landscape`);
  const data = dataset(formOf(loss), n);
  const x = Float64Array.from(data.x);
  const y = Float64Array.from(data.y);
  const spec: LandscapeSpec = {
    loss,
    data: { x, y },
    w: { ...RANGE.w, size },
    b: { ...RANGE.b, size },
  };
  const resolved = resolveLandscape(spec, unlimited);
  const ws = axisCoordinates(resolved.sweep.x).coords;
  const bs = axisCoordinates(resolved.sweep.y).coords;
  const sampleRows = spread(size, 4);
  const sampleCols = spread(size, 16);
  const reference = new Float64Array(sampleRows.length * sampleCols.length);
  landscapeRows(
    resolved,
    Float64Array.from(sampleCols, (i) => ws[i]!),
    Float64Array.from(sampleRows, (j) => bs[j]!),
    reference,
    0,
    sampleRows.length,
  );
  const params = Object.fromEntries(resolved.model.params.map((p) => [p.name, p.value]));
  return {
    loss,
    size,
    n,
    spec,
    key: `${loss}|${size}|${n}`,
    ws,
    bs,
    x,
    y,
    params,
    sampleRows,
    sampleCols,
    reference,
  };
}

/**
 * `count` rows of the grid, evenly spread (both ends included), with every
 * sample row once there are 4 or more: the rows a peer computes.
 */
export function rowsFor(c: LandscapeCase, count: number): number[] {
  const k = Math.max(1, Math.min(c.size, Math.floor(count)));
  const rows = spread(c.size, k);
  return (k >= c.sampleRows.length ? [...new Set([...rows, ...c.sampleRows])] : rows).sort((a, b) => a - b);
}

/**
 * The rows a peer computes in about `targetMs`: `once(rows)` runs it on
 * some rows and returns its milliseconds; it is timed on one row (twice: the
 * first run compiles) and the count follows.
 */
async function rowsByTime(
  c: LandscapeCase,
  once: (rows: readonly number[]) => Promise<number> | number,
  targetMs: number,
): Promise<number[]> {
  await once([0]);
  const perRow = Math.max(await once([0]), 1e-3);
  return rowsFor(c, targetMs / perRow);
}

/** The sample cells among rows `rows` (row r of `values` is grid row rows[r]), and core's values there. */
export function gatherLandscape(
  c: LandscapeCase,
  values: ArrayLike<number>,
  rows: readonly number[],
): { got: Float64Array; reference: Float64Array } {
  const got: number[] = [];
  const ref: number[] = [];
  c.sampleRows.forEach((row, r) => {
    const slot = rows.indexOf(row);
    if (slot < 0) return;
    c.sampleCols.forEach((col, k) => {
      got.push(values[slot * c.size + col]!);
      ref.push(c.reference[r * c.sampleCols.length + k]!);
    });
  });
  return { got: Float64Array.from(got), reference: Float64Array.from(ref) };
}

export interface LandscapeContext {
  readonly env: BenchEnv;
  readonly engine: SweepEngine | null;
  /** Why there is no engine (a skip), or how it failed. */
  readonly noEngine?: { readonly skip?: SkipKind; readonly reason: string };
  readonly pool: WorkerPool | null;
  readonly peak: PeakEstimate | undefined;
  readonly reps: number;
  readonly warmup: number;
  readonly budgetMs: number;
  readonly quick: boolean;
}

type Base = Pick<LandscapeMeasurement, 'backend' | 'loss' | 'size' | 'points' | 'n' | 'evaluations'>;

const scaled = (t: Stat, factor: number): Stat => ({
  ...t,
  medianMs: t.medianMs * factor,
  minMs: t.minMs * factor,
  maxMs: t.maxMs * factor,
});

function ok(
  base: Base,
  time: Stat,
  extra: Partial<LandscapeMeasurement> & { readonly rows?: number },
): LandscapeMeasurement {
  const rows = extra.rows;
  const factor = rows !== undefined && rows < base.size ? base.size / rows : 1;
  const full = scaled(time, factor);
  const partial =
    factor > 1
      ? {
          rows,
          note: `${rows} of ${base.size} rows (evenly spread), time scaled ×${factor.toFixed(factor < 10 ? 2 : 0)} to the whole grid${extra.note ? `; ${extra.note}` : ''}`,
        }
      : {};
  if (!(full.medianMs > 0))
    return {
      ...base,
      status: 'failed',
      reason: `a median of ${full.medianMs} ms is below the clock's resolution`,
    };
  return {
    ...base,
    ...extra,
    ...partial,
    status: 'ok',
    time: full,
    evalsPerSec: base.evaluations / (full.medianMs / 1000),
  };
}

const errorText = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);

/** One backend on one case. */
export async function measureLandscape(
  backend: BackendId,
  c: LandscapeCase,
  ctx: LandscapeContext,
): Promise<LandscapeMeasurement> {
  const base: Base = {
    backend,
    loss: c.loss,
    size: c.size,
    points: c.size * c.size,
    n: c.n,
    evaluations: c.size * c.size * c.n,
  };
  const skip = (kind: SkipKind, reason: string): LandscapeMeasurement => ({
    ...base,
    status: 'skipped',
    skip: kind,
    reason,
  });
  const check = (values: ArrayLike<number>, rows: readonly number[], tolerance: number): Checksum => {
    const sample = gatherLandscape(c, values, rows);
    return checksum(sample.got, sample.reference, tolerance);
  };
  const targetMs = ctx.quick ? REP_TARGET_MS.quick : REP_TARGET_MS.full;
  const repeat = (once: () => Promise<number> | number): Promise<Stat> =>
    timeRepeated(once, ctx.reps, ctx.warmup, ctx.budgetMs);
  try {
    switch (backend) {
      case 'gpu':
      case 'gpu-readback': {
        const engine = ctx.engine;
        if (!engine) {
          if (ctx.noEngine?.skip) return skip(ctx.noEngine.skip, ctx.noEngine.reason);
          return { ...base, status: 'failed', reason: ctx.noEngine?.reason ?? 'no GPU engine' };
        }
        if (backend === 'gpu-readback') {
          let last: Float32Array = new Float32Array(0);
          const time = await repeat(async () => {
            const t = performance.now();
            last = (await engine.landscape(c.spec)).data;
            return performance.now() - t;
          });
          return ok(base, time, {
            method: 'wall (engine.landscape: compute, stats and readback)',
            checksum: check(last, spread(c.size, c.size), landscapeTolerances.losslabF32),
          });
        }
        const first = await firstRuns(engine, () => engine.landscapeToBuffer(c.spec), ctx.warmup);
        const t = await timeOnGpu((o) => engine.timeLandscape(c.spec, o), ctx.reps, ctx.warmup, first);
        const geometry = chooseGeometry(c.size, c.size);
        const def = getLoss(c.loss);
        const module = landscapeModule({ loss: def, output: 'value', geometry, regimes: defaultRegimeCode });
        const flopsPerEval = landscapeFlopsPerEval(module, termFunction(def, 'value').name);
        const measured = ok(base, t.time, {
          method: t.method,
          batchedWallMs: t.batchedWallMs,
          flopsPerEval,
          note: `geometry ${geometry}; ${flopsPerEval} flops per evaluation (counted in the WGSL)`,
        });
        const rate = measured.evalsPerSec;
        return ctx.peak && rate !== undefined && Number.isFinite(ctx.peak.flopsPerSec)
          ? { ...measured, peakFraction: (rate * flopsPerEval) / ctx.peak.flopsPerSec }
          : measured;
      }
      case 'cpu1': {
        const resolved = resolveLandscape(c.spec, unlimited);
        let out = new Float64Array(0);
        const run = (rows: readonly number[]): number => {
          out = new Float64Array(rows.length * c.size);
          const t = performance.now();
          rows.forEach((row, slot) => {
            landscapeRows(
              resolved,
              c.ws,
              c.bs,
              out.subarray(slot * c.size, (slot + 1) * c.size),
              row,
              row + 1,
            );
          });
          return performance.now() - t;
        };
        const rows = await rowsByTime(c, run, targetMs);
        const time = await repeat(() => run(rows));
        return ok(base, time, {
          method: 'wall, core landscapeRows',
          rows: rows.length,
          checksum: check(out, rows, landscapeTolerances.f64),
        });
      }
      case 'cpuN': {
        const pool = ctx.pool!;
        let out: Float64Array = new Float64Array(0);
        const run = async (rows: readonly number[]): Promise<number> => {
          if (out.length !== rows.length * c.size) out = sharedFloat64(rows.length * c.size);
          const t = performance.now();
          await pool.runLandscape(c.key, c.spec, rows, c.size, out);
          return performance.now() - t;
        };
        const rows = await rowsByTime(c, run, targetMs);
        const time = await repeat(() => run(rows));
        return ok(base, time, {
          method: `wall, ${pool.size} workers (core landscapeRows on column pieces)`,
          rows: rows.length,
          checksum: check(out, rows, landscapeTolerances.f64),
        });
      }
      case 'js': {
        const loop = handLandscapeRows(c.loss);
        let out = new Float64Array(0);
        const run = (rows: readonly number[]): number => {
          const bs = rows.map((j) => c.bs[j]!);
          out = new Float64Array(rows.length * c.size);
          const t = performance.now();
          loop(out, c.ws, bs, c.x, c.y, c.params);
          return performance.now() - t;
        };
        const rows = await rowsByTime(c, run, targetMs);
        const time = await repeat(() => run(rows));
        return ok(base, time, {
          method: 'wall, hand-written loop (compensated sum)',
          rows: rows.length,
          checksum: check(out, rows, landscapeTolerances.f64),
        });
      }
      case 'tfjs-cpu':
      case 'tfjs-wasm':
      case 'tfjs-webgpu': {
        if (!tfjsTerms[c.loss]) return skip('no-formula', 'no TensorFlow.js term written for this loss');
        const name = backend.slice(5) as TfjsBackend;
        let tf: Tf;
        try {
          tf = await ctx.env.loadTfjs(name);
        } catch (e) {
          return skip('unavailable', `TensorFlow.js ${name} backend unavailable: ${errorText(e)}`);
        }
        let last: Float32Array = new Float32Array(0);
        try {
          const run = async (rows: readonly number[]): Promise<number> => {
            const bs = rows.map((j) => c.bs[j]!);
            const t = performance.now();
            last = await tfjsLandscapeRows(tf, c.loss, c.ws, bs, c.x, c.y, c.params, tfjsBlock[name]);
            return performance.now() - t;
          };
          const rows = await rowsByTime(c, run, targetMs);
          const time = await repeat(() => run(rows));
          return ok(base, time, {
            method: `wall, broadcast ops in blocks of ≤ ${tfjsBlock[name]} values`,
            rows: rows.length,
            checksum: check(last, rows, landscapeTolerances.f32),
          });
        } finally {
          if (name === 'webgpu') tf.engine().reset();
        }
      }
      case 'torch-cuda':
        return skip('external', 'PyTorch runs in scripts/torch_peer.py; merged with --merge-torch');
    }
  } catch (e) {
    return { ...base, status: 'failed', reason: errorText(e) };
  }
}

/** One line of progress for a log. */
export function landscapeLine(m: LandscapeMeasurement): string {
  const head = `${m.backend.padEnd(12)} ${m.loss.padEnd(9)} ${`${m.size}²`.padStart(7)} n=${String(m.n).padEnd(6)}`;
  if (m.status !== 'ok' || !m.time) return `${head} ${m.status}: ${m.reason ?? ''}`;
  const check = m.checksum
    ? m.checksum.ok
      ? 'check ok'
      : `CHECK FAILED (err ${m.checksum.maxRelErr.toExponential(1)})`
    : '';
  const peak = m.peakFraction !== undefined ? ` ${(100 * m.peakFraction).toFixed(1)}% of f32 peak` : '';
  const rows = m.rows !== undefined ? ` (${m.rows} rows)` : '';
  return `${head} ${m.time.medianMs.toFixed(3)} ms${rows} ${(m.evalsPerSec! / 1e9).toFixed(3)} Geval/s${peak} ${check}`;
}
