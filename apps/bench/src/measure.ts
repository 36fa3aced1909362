/**
 * The benchmark itself, shared by the CLI (Node) and the bench page
 * (browser): only `BenchEnv` — where the GPU, the workers and TensorFlow.js
 * come from — differs between them.
 *
 * Cases run size by size, loss by loss, every backend of a case back to back,
 * so each ratio compares times taken minutes apart at most.
 */
import { evaluateBatch, sweep } from '@losslab/core';
import { createSweepEngine, GpuError, type LineGridSpec, type SweepEngine } from '@losslab/gpu';
import type * as tfType from '@tensorflow/tfjs-core';
import {
  describeAdapter,
  type GpuTimes,
  measureFill,
  timeGpuLineGrid,
  timeGpuReadback,
  timeGpuSweep,
} from './gpu.js';
import { handWritten } from './handwritten.js';
import { landscapeCase, landscapeLine, measureLandscape } from './landscape-measure.js';
import { estimatePeak } from './peak.js';
import { sharedFloat64, WorkerPool, type WorkerPort } from './pool.js';
import { timeRepeated } from './stats.js';
import { tfjsLosses } from './tfjs-losses.js';
import type {
  AdapterDescription,
  BackendId,
  BenchOptions,
  BenchResult,
  FillMeasurement,
  LandscapeMeasurement,
  Measurement,
  PeakEstimate,
  SkipKind,
  Stat,
} from './types.js';
import {
  checksum,
  gather,
  referenceSample,
  sampleAxis,
  sampleIndices,
  tolerances,
  type Workload,
  workload,
  workloadCoords,
} from './workload.js';

export type Tf = typeof tfType;
export type TfjsBackend = 'cpu' | 'wasm' | 'webgpu';

export interface BenchEnv {
  readonly runtime: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cpuCount: number;
  /** The WebGPU entry point (navigator.gpu, or the `webgpu` package's), if any. */
  readonly gpu: GPU | undefined;
  /** Why there is no `gpu`, when there is none. */
  readonly gpuReason?: string;
  /** The GPU's marketing name where the environment can tell (nvidia-smi), since WebGPU often gives only a driver string. */
  readonly gpuName?: string;
  createWorkers(count: number): WorkerPort[];
  /** TensorFlow.js with this backend registered and active. */
  loadTfjs(backend: TfjsBackend): Promise<Tf>;
  log(line: string): void;
}

export const defaultLosses = ['mse', 'huber', 'focal', 'log_cosh', 'general_robust', 'softmax_ce'] as const;

/** Largest size per backend unless told otherwise, and why. */
export const defaultMaxSize: Record<BackendId, number> = {
  gpu: 16384,
  'gpu-readback': 4096,
  cpu1: 4096,
  cpuN: 4096,
  js: 4096,
  'tfjs-cpu': 2048,
  'tfjs-wasm': 2048,
  'tfjs-webgpu': 16384,
  'torch-cuda': 16384,
};
const maxSizeReason: Partial<Record<BackendId, string>> = {
  cpu1: "core's CPU sweep limit is 4096² points (f64, 128 MiB)",
  cpuN: "core's CPU sweep limit is 4096² points (f64, 128 MiB)",
  js: 'kept to the CPU sizes of core (4096²)',
  'tfjs-cpu': 'tfjs-cpu takes seconds per op beyond 2048²; raise with --max-size tfjs-cpu=N',
  'gpu-readback':
    'readback ran at ~1 GB/s on an H100 (mapAsync): over a second per 16384² grid; raise with --max-size gpu-readback=N',
  'tfjs-wasm': 'tfjs-wasm takes seconds per op beyond 2048²; raise with --max-size tfjs-wasm=N',
};

export const quickOptions: Pick<BenchOptions, 'sizes' | 'reps' | 'warmup' | 'budgetS'> = {
  sizes: [64, 256],
  reps: 3,
  warmup: 1,
  budgetS: 2,
};

export type Progress = (m: Measurement | FillMeasurement, done: number, total: number) => void;

const ok = (m: Omit<Measurement, 'status' | 'evalsPerSec'> & { time: Stat }): Measurement =>
  m.time.medianMs > 0
    ? { ...m, status: 'ok', evalsPerSec: m.points / (m.time.medianMs / 1000) }
    : { ...m, status: 'failed', reason: `a median of ${m.time.medianMs} ms is below the clock's resolution` };
const skipped = (backend: BackendId, w: Workload, skip: SkipKind, reason: string): Measurement => ({
  backend,
  loss: w.loss.id,
  size: w.size,
  points: w.size * w.size,
  status: 'skipped',
  skip,
  reason,
});
const errorText = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);

const columnNote = (w: Workload): string | undefined =>
  w.kind === 'column'
    ? `one-variable loss: no 2D sweep in core; size² points of ${w.variable} through evaluateBatch (validates every element)`
    : undefined;

/**
 * A one-variable loss on the GPU: a line grid, size points of the variable
 * over the same plot range, repeated on each of size rows. The same size²
 * points, kernel and bytes as a 2D sweep, but only size distinct values.
 */
export const lineGrid = (w: Extract<Workload, { kind: 'column' }>): LineGridSpec => ({
  loss: w.loss.id,
  x: { ...w.axis, size: w.size },
  rows: w.size,
  fixed: w.fixed,
});
const lineGridNote = (w: Extract<Workload, { kind: 'column' }>): string =>
  `one-variable loss: a line grid of size² points, every one of the ${w.size} rows the same line of ` +
  `${w.size} ${w.variable} values over [${w.axis.min}, ${w.axis.max}] (engine.lineGridToBuffer; the CPU paths evaluate size² distinct points)`;

/** "NVIDIA H100 80GB HBM3 (nvidia: 580.159.04)": the name first, WebGPU's own description after it. */
function named(a: AdapterDescription, gpuName: string | undefined): AdapterDescription {
  if (!gpuName || a.isSoftware || a.description.includes(gpuName)) return a;
  return { ...a, description: `${gpuName} (${a.description})` };
}

/**
 * The GPU for this run: losslab's engine, or why there is none. No WebGPU or
 * no adapter skips the GPU backends (what expectations.ts judges); an engine
 * that fails on an adapter that exists fails them.
 */
type GpuState =
  | { readonly engine: SweepEngine; readonly adapter: AdapterDescription }
  | { readonly engine: null; readonly adapter: null; readonly skip: SkipKind; readonly reason: string }
  | { readonly engine: null; readonly adapter: null; readonly failure: string };

async function openGpu(env: BenchEnv, wanted: boolean): Promise<GpuState> {
  const none = { engine: null, adapter: null } as const;
  if (!wanted) return { ...none, skip: 'no-gpu', reason: 'no GPU backend requested' };
  if (!env.gpu) return { ...none, skip: 'no-gpu', reason: env.gpuReason ?? 'WebGPU is not available' };
  try {
    const engine = await createSweepEngine({ gpu: env.gpu, powerPreference: 'high-performance' });
    return { engine, adapter: named(describeAdapter(engine), env.gpuName) };
  } catch (e) {
    if (e instanceof GpuError && (e.kind === 'no-adapter' || e.kind === 'no-webgpu'))
      return { ...none, skip: 'no-gpu', reason: e.message };
    const failure = `losslab GPU engine failed: ${errorText(e)}`;
    env.log(failure);
    return { ...none, failure };
  }
}

/** A GPU backend's row when there is no engine: skipped (no GPU here) or failed (the engine broke). */
function noEngine(
  gpu: Exclude<GpuState, { engine: SweepEngine }>,
  backend: BackendId,
  w: Workload,
): Measurement {
  if ('failure' in gpu) {
    return {
      backend,
      loss: w.loss.id,
      size: w.size,
      points: w.size * w.size,
      status: 'failed',
      reason: gpu.failure,
    };
  }
  return skipped(backend, w, gpu.skip, gpu.reason);
}

/** Runs the benchmark. */
export async function runBench(
  options: BenchOptions,
  env: BenchEnv,
  progress?: Progress,
): Promise<BenchResult> {
  const t0 = performance.now();
  const budgetMs = options.budgetS * 1000;
  const want = new Set(options.backends);
  const gpu = await openGpu(env, want.has('gpu') || want.has('gpu-readback'));
  const workers = Math.max(1, env.cpuCount);
  const pool = want.has('cpuN') ? new WorkerPool(env.createWorkers(workers)) : null;
  const fills: FillMeasurement[] = [];
  const measurements: Measurement[] = [];
  const backends = options.backends.filter((b) => b !== 'torch-cuda');
  const sweepSizes = options.losses.length ? options.sizes : [];
  const land = options.landscape;
  const landscapeCases = land ? land.losses.length * land.sizes.length * land.ns.length : 0;
  const total =
    sweepSizes.length * (options.losses.length * backends.length + (gpu.engine ? 1 : 0)) +
    landscapeCases * backends.length;
  const landscapes: LandscapeMeasurement[] = [];
  let peak: PeakEstimate | undefined;
  let done = 0;
  const push = (m: Measurement): void => {
    measurements.push(m);
    progress?.(m, ++done, total);
  };
  const maxSize = (b: BackendId): number => options.maxSize[b] ?? defaultMaxSize[b];

  try {
    for (const size of sweepSizes) {
      let fill: FillMeasurement | undefined;
      if (gpu.engine) {
        fill = await measureFillFor(gpu.engine, options, size);
        fills.push(fill);
        progress?.(fill, ++done, total);
      }
      for (const lossId of options.losses) {
        let w: Workload;
        try {
          w = workload(lossId, size);
        } catch (e) {
          for (const b of backends) {
            push({
              backend: b,
              loss: lossId,
              size,
              points: size * size,
              status: 'failed',
              reason: errorText(e),
            });
          }
          continue;
        }
        const indices = sampleIndices(w);
        const reference = referenceSample(w, indices);
        for (const backend of backends) {
          if (size > maxSize(backend)) {
            push(
              skipped(
                backend,
                w,
                'size-limit',
                `size ${size}² > ${maxSize(backend)}²: ${maxSizeReason[backend] ?? 'over this backend\u2019s size limit'}`,
              ),
            );
            continue;
          }
          let m: Measurement;
          try {
            m = await measureOne(backend, w, { options, env, gpu, pool, indices, reference, budgetMs, fill });
          } catch (e) {
            m = {
              backend,
              loss: w.loss.id,
              size,
              points: size * size,
              status: 'failed',
              reason: errorText(e),
            };
          }
          env.log(line(m));
          push(m);
        }
      }
    }
    if (land) {
      if (gpu.engine && want.has('gpu'))
        peak = await estimatePeak(gpu.engine, gpu.adapter.description, options.reps);
      const ctx = {
        env,
        engine: gpu.engine,
        ...(gpu.engine
          ? {}
          : {
              noEngine: 'failure' in gpu ? { reason: gpu.failure } : { skip: gpu.skip, reason: gpu.reason },
            }),
        pool,
        peak,
        reps: options.reps,
        warmup: options.warmup,
        budgetMs,
        quick: options.quick,
      };
      for (const size of land.sizes) {
        for (const n of land.ns) {
          for (const lossId of land.losses) {
            let c: ReturnType<typeof landscapeCase> | undefined;
            let failure = '';
            try {
              c = landscapeCase(lossId, size, n);
            } catch (e) {
              failure = errorText(e);
            }
            for (const backend of backends) {
              const m: LandscapeMeasurement = c
                ? await measureLandscape(backend, c, ctx)
                : {
                    backend,
                    loss: lossId,
                    size,
                    points: size * size,
                    n,
                    evaluations: size * size * n,
                    status: 'failed',
                    reason: failure,
                  };
              env.log(landscapeLine(m));
              landscapes.push(m);
              progress?.(m, ++done, total);
            }
          }
        }
      }
    }
  } finally {
    pool?.close();
    gpu.engine?.destroy();
  }
  return {
    version: 1,
    date: new Date().toISOString(),
    environment: {
      runtime: env.runtime,
      platform: env.platform,
      cpu: env.cpu,
      cpuCount: env.cpuCount,
      workers,
    },
    adapter: gpu.adapter,
    ...(gpu.engine ? {} : { adapterReason: 'failure' in gpu ? gpu.failure : gpu.reason }),
    options,
    fills,
    measurements,
    ...(land ? { landscapes } : {}),
    ...(peak ? { peak } : {}),
    totalSeconds: (performance.now() - t0) / 1000,
  };
}

/** One line of progress for a log. */
export function line(m: Measurement): string {
  const head = `${m.backend.padEnd(12)} ${m.loss.padEnd(15)} ${`${m.size}²`.padStart(7)}`;
  if (m.status !== 'ok' || !m.time) return `${head}  ${m.status}: ${m.reason ?? ''}`;
  const t = m.time;
  const check = m.checksum
    ? m.checksum.ok
      ? 'check ok'
      : `CHECK FAILED (err ${m.checksum.maxRelErr.toExponential(1)})`
    : '';
  const bw = m.bandwidthFraction !== undefined ? ` ${(100 * m.bandwidthFraction).toFixed(0)}% of fill` : '';
  return `${head}  ${t.medianMs.toFixed(3)} ms (${t.minMs.toFixed(3)}–${t.maxMs.toFixed(3)}, ${t.reps} reps) ${(m.evalsPerSec! / 1e9).toFixed(3)} Geval/s${bw} ${check}`;
}

async function measureFillFor(
  engine: SweepEngine,
  options: BenchOptions,
  size: number,
): Promise<FillMeasurement> {
  try {
    return await measureFill(engine, size, options.reps);
  } catch (e) {
    return { size, bytes: size * size * 4, reason: errorText(e) };
  }
}

interface Context {
  readonly options: BenchOptions;
  readonly env: BenchEnv;
  readonly gpu: GpuState;
  readonly pool: WorkerPool | null;
  readonly indices: number[];
  readonly reference: Float64Array;
  readonly budgetMs: number;
  readonly fill: FillMeasurement | undefined;
}

async function measureOne(backend: BackendId, w: Workload, c: Context): Promise<Measurement> {
  const { options } = c;
  const base = { backend, loss: w.loss.id, size: w.size, points: w.size * w.size };
  const note = columnNote(w);
  const withNote = note ? { note } : {};
  switch (backend) {
    case 'gpu': {
      const gpu = c.gpu;
      if (!gpu.engine) return noEngine(gpu, backend, w);
      const t: GpuTimes =
        w.kind === 'sweep'
          ? await timeGpuSweep(gpu.engine, w.spec, options.reps, options.warmup)
          : await timeGpuLineGrid(gpu.engine, lineGrid(w), options.reps, options.warmup);
      const fraction = c.fill?.bestMs !== undefined ? c.fill.bestMs / t.time.medianMs : undefined;
      return ok({
        ...base,
        time: t.time,
        method: t.method,
        batchedWallMs: t.batchedWallMs,
        ...(fraction !== undefined ? { bandwidthFraction: fraction } : {}),
        ...(w.kind === 'column' ? { note: lineGridNote(w) } : {}),
      });
    }
    case 'gpu-readback': {
      const gpu = c.gpu;
      if (!gpu.engine) return noEngine(gpu, backend, w);
      const engine = gpu.engine;
      if (w.kind === 'sweep') {
        const r = await timeGpuReadback(engine, w.spec, options.reps, options.warmup, c.budgetMs);
        const sum = checksum(gather(r.last, c.indices), c.reference, tolerances.f32);
        return ok({ ...base, time: r.time, method: 'wall', checksum: sum });
      }
      const column = Float32Array.from(workloadCoords(w).xs);
      let last: Float32Array = new Float32Array(0);
      const time = await timeRepeated(
        async () => {
          const t = performance.now();
          last = await engine.evaluateBatch(w.loss.id, { ...w.fixed, [w.variable]: column });
          return performance.now() - t;
        },
        options.reps,
        options.warmup,
        c.budgetMs,
      );
      return ok({
        ...base,
        time,
        method: 'wall',
        checksum: checksum(gather(last, c.indices), c.reference, tolerances.f32),
        note: 'one-variable loss: engine.evaluateBatch of size² points (upload + compute + readback)',
      });
    }
    case 'cpu1': {
      const out = new Float64Array(w.size * w.size);
      const column = w.kind === 'column' ? workloadCoords(w).xs : null;
      const once = (): number => {
        const t = performance.now();
        if (w.kind === 'sweep') sweep(w.spec, { out });
        else evaluateBatch(w.loss.id, { ...w.fixed, [w.variable]: column! }, out);
        return performance.now() - t;
      };
      const time = await timeRepeated(once, options.reps, options.warmup, c.budgetMs);
      return ok({
        ...base,
        time,
        method: 'wall',
        checksum: checksum(gather(out, c.indices), c.reference, tolerances.f64),
        ...withNote,
      });
    }
    case 'cpuN': {
      const pool = c.pool!;
      const out = sharedFloat64(w.size * w.size);
      const job =
        w.kind === 'sweep'
          ? { kind: 'sweep' as const, spec: w.spec, rows: w.size, cols: w.size }
          : {
              kind: 'column' as const,
              loss: w.loss.id,
              variable: w.variable,
              fixed: w.fixed,
              column: sharedColumn(workloadCoords(w).xs),
            };
      const time = await timeRepeated(
        async () => {
          const t = performance.now();
          await pool.run(job, out);
          return performance.now() - t;
        },
        options.reps,
        options.warmup,
        c.budgetMs,
      );
      return ok({
        ...base,
        time,
        method: `wall, ${pool.size} workers`,
        checksum: checksum(gather(out, c.indices), c.reference, tolerances.f64),
        ...withNote,
      });
    }
    case 'js': {
      const entry = handWritten[w.loss.id];
      const axes = w.kind === 'sweep' ? [w.spec.x.variable, w.spec.y.variable] : [w.variable];
      if (!entry) return skipped(backend, w, 'no-formula', 'no hand-written loop for this loss');
      if (entry.axes.join(',') !== axes.join(',')) {
        return skipped(
          backend,
          w,
          'no-formula',
          `hand-written loop is over ${entry.axes.join(' × ')}, the sweep over ${axes.join(' × ')}`,
        );
      }
      const { xs, ys } = workloadCoords(w);
      const params = w.kind === 'sweep' ? (w.spec.fixed ?? {}) : w.fixed;
      const out = new Float64Array(w.size * w.size);
      const once = (): number => {
        const t = performance.now();
        entry.loop(out, xs, ys, params);
        return performance.now() - t;
      };
      const time = await timeRepeated(once, options.reps, options.warmup, c.budgetMs);
      return ok({
        ...base,
        time,
        method: 'wall',
        checksum: checksum(gather(out, c.indices), c.reference, tolerances.f64),
      });
    }
    case 'tfjs-cpu':
    case 'tfjs-wasm':
    case 'tfjs-webgpu':
      return measureTfjs(backend, w, c);
    case 'torch-cuda':
      return skipped(
        backend,
        w,
        'external',
        'PyTorch runs in scripts/torch_peer.py; merged with --merge-torch',
      );
  }
}

function sharedColumn(xs: Float64Array): Float64Array {
  const s = sharedFloat64(xs.length);
  s.set(xs);
  return s;
}

async function measureTfjs(
  backend: 'tfjs-cpu' | 'tfjs-wasm' | 'tfjs-webgpu',
  w: Workload,
  c: Context,
): Promise<Measurement> {
  const entry = tfjsLosses[w.loss.id];
  if (!entry) return skipped(backend, w, 'no-formula', 'no TensorFlow.js formula written for this loss');
  const axes = w.kind === 'sweep' ? [w.spec.x.variable, w.spec.y.variable] : [w.variable];
  if (entry.axes.join(',') !== axes.join(','))
    return skipped(backend, w, 'no-formula', `tfjs formula is over ${entry.axes.join(' × ')}`);
  const name = backend.slice(5) as TfjsBackend;
  let tf: Tf;
  try {
    tf = await c.env.loadTfjs(name);
  } catch (e) {
    return skipped(backend, w, 'unavailable', `TensorFlow.js ${name} backend unavailable: ${errorText(e)}`);
  }
  const { xs, ys } = workloadCoords(w);
  const n = w.size;
  const x =
    w.kind === 'sweep' ? tf.tensor2d(Float32Array.from(xs), [1, n]) : tf.tensor1d(Float32Array.from(xs));
  const y = w.kind === 'sweep' ? tf.tensor2d(Float32Array.from(ys), [n, 1]) : null;
  const params = w.kind === 'sweep' ? (w.spec.fixed ?? {}) : w.fixed;
  const compute = (): tfType.Tensor => tf.tidy(() => entry.build(tf, x, y, params));
  try {
    const once = async (): Promise<number> => {
      const t = performance.now();
      const out = compute();
      // On the GPU a one-element read waits for the whole grid without reading it back;
      // on the CPU backends the values are already in memory.
      if (name === 'webgpu') {
        const one = tf.slice(tf.reshape(out, [-1]), 0, 1);
        await one.data();
        one.dispose();
      } else {
        await out.data();
      }
      const dt = performance.now() - t;
      out.dispose();
      return dt;
    };
    const time = await timeRepeated(once, c.options.reps, c.options.warmup, c.budgetMs);
    // Only the sampled points come back (a 16384² grid would be a 1 GiB readback), picked as
    // rows then columns: small index tensors, no flat index past 2²⁴.
    const at = tf.tensor1d(sampleAxis(n), 'int32');
    const picked = tf.tidy(() => tf.gather(tf.gather(tf.reshape(compute(), [n, n]), at, 0), at, 1));
    at.dispose();
    const data = (await picked.data()) as Float32Array;
    picked.dispose();
    return ok({
      backend,
      loss: w.loss.id,
      size: n,
      points: n * n,
      time,
      method: name === 'webgpu' ? 'wall (synced by a 1-element read)' : 'wall',
      checksum: checksum(data, c.reference, tolerances.f32),
    });
  } finally {
    x.dispose();
    y?.dispose();
    // tfjs-webgpu keeps freed buffers in its own pool (GiBs at 16384²): drop the backend, and
    // with it the pool, before the next case; it is re-created on the next setBackend.
    if (name === 'webgpu') tf.engine().reset();
  }
}
