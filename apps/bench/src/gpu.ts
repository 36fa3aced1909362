/**
 * GPU measurements through @losslab/gpu's public engine: a sweep (or line
 * grid) into a buffer, a sweep with readback, and the device's
 * write-bandwidth limit on the same bytes (the engine's fill kernel and
 * clearBuffer) — all in the same run.
 *
 * Times come from the engine's clock — GPU timestamps when the device has
 * 'timestamp-query', else wall clock per submission — cross-checked by
 * batched wall clock (many runs of the same prepared work in one
 * submission, one wait), which is also the time when there are no timestamps.
 */
import type { SweepSpec } from '@losslab/core';
import type { LineGridSpec, SweepEngine, TimeSweepResult } from '@losslab/gpu';
import { summarize } from './stats.js';
import type { AdapterDescription, FillMeasurement, Stat } from './types.js';

export function describeAdapter(engine: SweepEngine): AdapterDescription {
  const a = engine.adapter;
  return {
    description: a.description || `${a.vendor} ${a.architecture}`.trim() || 'unknown adapter',
    vendor: a.vendor,
    architecture: a.architecture,
    isSoftware: a.isSoftware,
    timestamps: engine.device.features.has('timestamp-query'),
  };
}

/**
 * Dawn quantizes timestamps (steps of ~66 µs seen on an H100). Below this
 * median a sample is a few steps at most, so the time is taken as the mean of
 * QUANTIZED_REPS samples instead: with the pass starting at a random phase of
 * the clock, the mean of quantized differences is unbiased.
 */
export const TIMESTAMP_MIN_MS = 0.25;
export const QUANTIZED_REPS = 1000;
/** A batch lasts at least this long, so submission overhead and timer resolution wash out. */
const BATCH_TARGET_MS = 20;
const MAX_BATCH = 256;

/** One of the engine's timing methods (timeSweep, timeLineGrid, timeFill, timeClear) on one case. */
export type EngineTimer = (options: { repetitions: number; batch?: number }) => Promise<TimeSweepResult>;

export interface GpuTimes {
  readonly time: Stat;
  readonly method: string;
  /** Batched wall clock per run, the cross-check. */
  readonly batchedWallMs: number;
}

const statOf = (t: { medianMs: number; minMs: number; maxMs: number }, reps: number, warm: Warm): Stat => ({
  medianMs: t.medianMs,
  minMs: t.minMs,
  maxMs: t.maxMs,
  reps,
  ...warm,
});

type Warm = { readonly warmup: number; readonly firstRunMs?: number };

/**
 * Times a case on the GPU: a probe sets the batch length (a power of two,
 * 2–256, so that a batch takes ≥ 20 ms), then `reps` timed runs and `reps`
 * batches (the engine warms up before each). Timestamps below
 * TIMESTAMP_MIN_MS become the mean of many samples.
 */
export async function timeOnGpu(
  timer: EngineTimer,
  reps: number,
  warmup = 1,
  firstRunMs?: number,
): Promise<GpuTimes> {
  const probe = await timer({ repetitions: 1, batch: 2 });
  const perRun = Math.max(probe.batched!.medianMs, 1e-4);
  const runs = Math.min(MAX_BATCH, Math.max(2, 2 ** Math.ceil(Math.log2(BATCH_TARGET_MS / perRun))));
  const t = await timer({ repetitions: reps, batch: runs });
  const batched = t.batched!;
  const warm: Warm = { warmup: Math.max(1, warmup), ...(firstRunMs !== undefined ? { firstRunMs } : {}) };
  const wallBatched: GpuTimes = {
    time: statOf(batched, reps, warm),
    method: `wall-batched ×${runs}`,
    batchedWallMs: batched.medianMs,
  };
  // Without timestamps the engine's clock is one submission each, waited for: the batch is the better clock.
  if (t.method === 'wall') return wallBatched;
  if (t.medianMs >= TIMESTAMP_MIN_MS) {
    return { time: statOf(t, reps, warm), method: 'timestamp', batchedWallMs: batched.medianMs };
  }
  const many = await timer({ repetitions: QUANTIZED_REPS });
  const mean = many.samplesMs.reduce((a, b) => a + b, 0) / many.samplesMs.length;
  if (mean > 0) {
    return {
      time: { ...summarize(many.samplesMs, warm.warmup), medianMs: mean, ...warm },
      method: `timestamp mean of ${many.samplesMs.length} (quantized; median ${many.medianMs.toFixed(3)} ms)`,
      batchedWallMs: batched.medianMs,
    };
  }
  return { ...wallBatched, method: `${wallBatched.method} (timestamps read 0: below their resolution)` };
}

/** Wall time of the first grid into a buffer (compilation, allocation), then `warmup − 1` more untimed. */
export async function firstRuns(
  engine: SweepEngine,
  once: () => { ready: Promise<void>; release(): void },
  warmup: number,
): Promise<number> {
  let first = 0;
  for (let i = 0; i < Math.max(1, warmup); i++) {
    const t0 = performance.now();
    const grid = once();
    await grid.ready;
    await engine.device.queue.onSubmittedWorkDone();
    grid.release();
    if (i === 0) first = performance.now() - t0;
  }
  return first;
}

/** Time per sweep into a buffer. */
export async function timeGpuSweep(
  engine: SweepEngine,
  spec: SweepSpec,
  reps: number,
  warmup: number,
): Promise<GpuTimes> {
  const first = await firstRuns(engine, () => engine.sweepToBuffer(spec), warmup);
  return timeOnGpu((o) => engine.timeSweep(spec, o), reps, warmup, first);
}

/** Time per line grid into a buffer (a one-variable loss: the line on every row), timed like a sweep. */
export async function timeGpuLineGrid(
  engine: SweepEngine,
  spec: LineGridSpec,
  reps: number,
  warmup: number,
): Promise<GpuTimes> {
  const first = await firstRuns(engine, () => engine.lineGridToBuffer(spec), warmup);
  return timeOnGpu((o) => engine.timeLineGrid(spec, o), reps, warmup, first);
}

/** The write-bandwidth limit on a size² grid: the engine's fill kernel and clearBuffer, in the sweep's tiles. */
export async function measureFill(engine: SweepEngine, size: number, reps: number): Promise<FillMeasurement> {
  const grid = { nx: size, ny: size };
  const bytes = size * size * 4;
  const k = await timeOnGpu((o) => engine.timeFill(grid, o), reps);
  const c = await timeOnGpu((o) => engine.timeClear(grid, o), reps);
  const kernel = { ...k.time, method: k.method, batchedWallMs: k.batchedWallMs };
  const clear = { ...c.time, method: c.method };
  const bestMs = Math.min(...[kernel.medianMs, clear.medianMs].filter((t) => t > 0));
  return { size, bytes, kernel, clear, bestMs, gbPerSec: bytes / (bestMs * 1e6) };
}

/** Wall time of a sweep with readback (what a caller who needs the numbers on the CPU waits for). */
export async function timeGpuReadback(
  engine: SweepEngine,
  spec: SweepSpec,
  reps: number,
  warmup: number,
  budgetMs: number,
): Promise<{ time: Stat; last: Float32Array }> {
  let last: Float32Array = new Float32Array(0);
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    last = (await engine.sweep(spec)).data;
    return performance.now() - t0;
  };
  let first: number | undefined;
  let prev = 0;
  for (let i = 0; i < Math.max(1, warmup); i++) {
    prev = await once();
    first ??= prev;
  }
  const n = Math.max(3, Math.min(reps, Math.floor(budgetMs / Math.max(prev, 1e-3))));
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await once());
  return { time: summarize(samples, Math.max(1, warmup), first), last };
}
