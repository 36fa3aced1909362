/**
 * GPU measurements: losslab's sweep engine (into a buffer, and with readback)
 * and the device's write-bandwidth limit on a buffer of the same size (a
 * trivial vec4 write kernel and clearBuffer), in the same run.
 *
 * Times come from GPU timestamps when the device has 'timestamp-query', with
 * batched wall-clock (many submissions, one wait) as the cross-check — and as
 * the only clock when there are no timestamps.
 */
import type { AxisSpec, SweepSpec } from '@losslab/core';
import { summarize } from './stats.js';
import type { AdapterDescription, FillMeasurement, Stat } from './types.js';

/** An engine's timing result (timeSweep, timeLineGrid). */
export interface EngineTiming {
  medianMs: number;
  minMs: number;
  maxMs: number;
  samplesMs?: readonly number[];
  method: string;
}

/** @losslab/gpu's LineGridSpec: one variable's line on each of `rows` rows (a one-variable loss's grid). */
export interface LineGridLike {
  readonly loss: string;
  readonly x: AxisSpec;
  readonly rows?: number;
  readonly fixed?: Readonly<Record<string, number>>;
}

/** The part of @losslab/gpu's SweepEngine the bench uses (structural, so the bench builds without it). */
export interface EngineLike {
  readonly device: GPUDevice;
  readonly adapter: {
    readonly description: string;
    readonly vendor: string;
    readonly architecture: string;
    readonly isSoftware: boolean;
    readonly features?: ReadonlySet<string> | readonly string[];
  };
  sweep(spec: SweepSpec): Promise<{ readonly data: Float32Array }>;
  sweepToBuffer(spec: SweepSpec): { readonly buffer?: GPUBuffer; release(): void };
  timeSweep?(spec: SweepSpec, options: { repetitions: number }): Promise<EngineTiming>;
  /** Line grids, for one-variable losses (engines that have them). */
  lineGridToBuffer?(spec: LineGridLike): { readonly buffer?: GPUBuffer; release(): void };
  timeLineGrid?(spec: LineGridLike, options: { repetitions: number }): Promise<EngineTiming>;
  evaluateBatch?(
    id: string,
    columns: Readonly<Record<string, ArrayLike<number> | number>>,
  ): Promise<Float32Array>;
  destroy(): void;
}

export function describeAdapter(engine: EngineLike): AdapterDescription {
  const a = engine.adapter;
  return {
    description: a.description || `${a.vendor} ${a.architecture}`.trim() || 'unknown adapter',
    vendor: a.vendor,
    architecture: a.architecture,
    isSoftware: a.isSoftware,
    timestamps: engine.device.features.has('timestamp-query'),
  };
}

/** Describes an adapter we opened ourselves (no engine). */
export function describeRawAdapter(
  info: GPUAdapterInfo,
  device: GPUDevice,
  fallback: boolean,
): AdapterDescription {
  const description =
    info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(' ');
  return {
    description: description || 'unknown adapter',
    vendor: info.vendor,
    architecture: info.architecture,
    isSoftware: fallback || isSoftwareName(description) || isSoftwareName(info.vendor),
    timestamps: device.features.has('timestamp-query'),
  };
}

/** SwiftShader, llvmpipe, WARP, Dawn's null backend: CPU emulations of a GPU. */
export function isSoftwareName(s: string): boolean {
  return /swiftshader|llvmpipe|lavapipe|softpipe|warp|microsoft basic render|software|cpu/i.test(s);
}

/**
 * Dawn quantizes timestamps (steps of ~66 µs seen on an H100). Below this
 * median a sample is a few steps at most, so the time is taken as the mean of
 * QUANTIZED_REPS samples instead: with the pass starting at a random phase of
 * the clock, the mean of quantized differences is unbiased.
 */
export const TIMESTAMP_MIN_MS = 0.25;
export const QUANTIZED_REPS = 1000;

/** A Stat whose centre is the mean of many quantized samples (said so in the method). */
function meanStat(samples: readonly number[], warmup: number): Stat {
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { ...summarize(samples, warmup), medianMs: mean };
}

/** Wall-clock time of one GPU batch: submit(s) then wait for the queue. */
async function wallOf(device: GPUDevice, submit: () => void): Promise<number> {
  const t0 = performance.now();
  submit();
  await device.queue.onSubmittedWorkDone();
  return performance.now() - t0;
}

/**
 * Batched wall-clock per operation: `ops` calls of `enqueue` then one wait,
 * repeated; the batch length grows until one batch takes ≥ ~20 ms, so submit
 * overhead and timer resolution wash out.
 */
export async function batchedWallMs(
  device: GPUDevice,
  enqueue: (count: number) => void,
  reps: number,
  maxOps = 256,
): Promise<{ stat: Stat; ops: number }> {
  let ops = Math.min(2, maxOps);
  let t = await wallOf(device, () => enqueue(ops)); // warm-up
  while (t < 20 && ops * 2 <= maxOps) {
    ops *= 2;
    t = await wallOf(device, () => enqueue(ops));
  }
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) samples.push((await wallOf(device, () => enqueue(ops))) / ops);
  return { stat: summarize(samples, 1), ops };
}

const FILL_WGSL = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> out: array<vec4f>;
struct Params { count: u32, rowStride: u32 }
@group(0) @binding(1) var<uniform> params: Params;
// One vec4 (16 bytes) per invocation, consecutive invocations on consecutive vec4s: the simplest
// fully coalesced write. 2D dispatch because one dimension holds at most 65535 workgroups.
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.y * params.rowStride + g.x;
  if (i < params.count) { out[i] = vec4f(f32(i & 1023u)); }
}`;

/** A write-only fill of `bytes` (a multiple of 16) of a buffer, split into bindings the device allows. */
export class FillKernel {
  private readonly pipeline: GPUComputePipeline;
  private readonly dispatches: { bind: GPUBindGroup; x: number; y: number }[] = [];
  private readonly uniforms: GPUBuffer[] = [];

  constructor(
    device: GPUDevice,
    readonly buffer: GPUBuffer,
    readonly bytes: number,
  ) {
    const module = device.createShaderModule({ code: FILL_WGSL });
    this.pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const maxBinding = Math.min(device.limits.maxStorageBufferBindingSize, 2 ** 31);
    // Chunks aligned to 256 bytes (the offset alignment) and to whole workgroups.
    const chunk = Math.floor(maxBinding / (256 * 16)) * 256 * 16;
    const maxX = device.limits.maxComputeWorkgroupsPerDimension;
    for (let offset = 0; offset < bytes; offset += chunk) {
      const size = Math.min(chunk, bytes - offset);
      const count = size / 16;
      const groups = Math.ceil(count / 256);
      const x = Math.min(groups, maxX);
      const y = Math.ceil(groups / x);
      const uniform = device.createBuffer({
        size: 16,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      });
      device.queue.writeBuffer(uniform, 0, new Uint32Array([count, x * 256, 0, 0]));
      this.uniforms.push(uniform);
      const bind = device.createBindGroup({
        layout: this.pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer, offset, size } },
          { binding: 1, resource: { buffer: uniform } },
        ],
      });
      this.dispatches.push({ bind, x, y });
    }
  }

  encode(encoder: GPUCommandEncoder, timestampWrites?: GPUComputePassTimestampWrites): void {
    const pass = encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
    pass.setPipeline(this.pipeline);
    for (const d of this.dispatches) {
      pass.setBindGroup(0, d.bind);
      pass.dispatchWorkgroups(d.x, d.y);
    }
    pass.end();
  }

  destroy(): void {
    for (const u of this.uniforms) u.destroy();
  }
}

/** GPU timestamps of a compute pass, in ms per rep; null when the device has no 'timestamp-query'. */
export async function timestampMs(
  device: GPUDevice,
  encodePass: (encoder: GPUCommandEncoder, writes: GPUComputePassTimestampWrites) => void,
  reps: number,
): Promise<number[] | null> {
  if (!device.features.has('timestamp-query')) return null;
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
  const resolve = device.createBuffer({
    size: 16,
    usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
  });
  const read = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const samples: number[] = [];
  try {
    for (let i = 0; i < reps + 1; i++) {
      const encoder = device.createCommandEncoder();
      encodePass(encoder, { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 });
      encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
      encoder.copyBufferToBuffer(resolve, 0, read, 0, 16);
      device.queue.submit([encoder.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const [t0, t1] = new BigUint64Array(read.getMappedRange().slice(0));
      read.unmap();
      if (i > 0) samples.push(Number(t1! - t0!) / 1e6); // the first one is the warm-up
    }
  } finally {
    querySet.destroy();
    resolve.destroy();
    read.destroy();
  }
  return samples;
}

/**
 * The write-bandwidth limit on `bytes` of `buffer` (or a scratch buffer):
 * the vec4 fill kernel (timestamps and batched wall) and clearBuffer (batched wall).
 */
export async function measureFill(
  device: GPUDevice,
  size: number,
  reps: number,
  buffer?: GPUBuffer,
): Promise<FillMeasurement> {
  const bytes = size * size * 4;
  const own =
    buffer && buffer.size >= bytes
      ? undefined
      : device.createBuffer({
          size: bytes,
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
        });
  const target = own ?? buffer!;
  // clearBuffer needs COPY_DST; an engine's output buffer may lack it, then a scratch buffer of the same size.
  const clearTarget =
    (target.usage & GPUBufferUsage.COPY_DST) !== 0
      ? target
      : device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const fill = new FillKernel(device, target, bytes);
  try {
    const encode = (enc: GPUCommandEncoder, writes: GPUComputePassTimestampWrites): void =>
      fill.encode(enc, writes);
    let stamped: (Stat & { method: string }) | null = null;
    const first = await timestampMs(device, encode, reps);
    if (first) {
      const stat = summarize(first, 1);
      if (stat.medianMs >= TIMESTAMP_MIN_MS) stamped = { ...stat, method: 'timestamp' };
      else {
        const many = (await timestampMs(device, encode, QUANTIZED_REPS))!;
        const m = meanStat(many, 1);
        if (m.medianMs > 0) stamped = { ...m, method: `timestamp mean of ${many.length} (quantized)` };
      }
    }
    const wall = await batchedWallMs(
      device,
      (ops) => {
        const enc = device.createCommandEncoder();
        for (let i = 0; i < ops; i++) fill.encode(enc);
        device.queue.submit([enc.finish()]);
      },
      reps,
    );
    const kernel = stamped
      ? { ...stamped, batchedWallMs: wall.stat.medianMs }
      : { ...wall.stat, method: `wall-batched ×${wall.ops}` };
    const c = await batchedWallMs(
      device,
      (ops) => {
        const enc = device.createCommandEncoder();
        for (let i = 0; i < ops; i++) enc.clearBuffer(clearTarget, 0, bytes);
        device.queue.submit([enc.finish()]);
      },
      reps,
    );
    const clear = {
      ...c.stat,
      method: `wall-batched ×${c.ops}${clearTarget === target ? '' : ', scratch buffer'}`,
    };
    const bestMs = Math.min(...[kernel.medianMs, clear.medianMs].filter((t) => t > 0));
    return { size, bytes, kernel, clear, bestMs, gbPerSec: bytes / (bestMs * 1e6) };
  } finally {
    fill.destroy();
    own?.destroy();
    if (clearTarget !== target) clearTarget.destroy();
  }
}

export interface GpuSweepTimes {
  readonly time: Stat;
  readonly method: string;
  readonly batchedWallMs: number;
}

/** A grid the engine writes into a buffer: a 2D sweep, or a line grid. */
interface GridTarget {
  /** Bytes of the grid. */
  readonly bytes: number;
  /** Submits one grid into a buffer and releases it (WebGPU keeps it alive for the queued work). */
  once(): void;
  /** The engine's own timing of `repetitions` grids, where it has one. */
  readonly time?: (repetitions: number) => Promise<EngineTiming>;
}

/** Time per sweep into a buffer: the engine's timeSweep (timestamps where it can), cross-checked by batched wall-clock. */
export function timeGpuSweep(
  engine: EngineLike,
  spec: SweepSpec,
  reps: number,
  warmup: number,
): Promise<GpuSweepTimes> {
  const timeSweep = engine.timeSweep?.bind(engine);
  return timeGpuGrid(
    engine.device,
    {
      bytes: spec.x.size * spec.y.size * 4,
      once: () => engine.sweepToBuffer(spec).release(),
      ...(timeSweep ? { time: (repetitions: number) => timeSweep(spec, { repetitions }) } : {}),
    },
    reps,
    warmup,
  );
}

/**
 * Time per line grid into a buffer (a one-variable loss: the line on every
 * row), timed like a sweep; null when the engine has no line grids.
 */
export function timeGpuLineGrid(
  engine: EngineLike,
  spec: LineGridLike,
  reps: number,
  warmup: number,
): Promise<GpuSweepTimes> | null {
  const toBuffer = engine.lineGridToBuffer?.bind(engine);
  if (!toBuffer) return null;
  const timeLineGrid = engine.timeLineGrid?.bind(engine);
  return timeGpuGrid(
    engine.device,
    {
      bytes: spec.x.size * (spec.rows ?? spec.x.size) * 4,
      once: () => toBuffer(spec).release(),
      ...(timeLineGrid ? { time: (repetitions: number) => timeLineGrid(spec, { repetitions }) } : {}),
    },
    reps,
    warmup,
  );
}

async function timeGpuGrid(
  device: GPUDevice,
  grid: GridTarget,
  reps: number,
  warmup: number,
): Promise<GpuSweepTimes> {
  let first: number | undefined;
  for (let i = 0; i < Math.max(1, warmup); i++) {
    const t = await wallOf(device, () => grid.once());
    first ??= t;
  }
  const wall = await batchedWallMs(
    device,
    (ops) => {
      for (let i = 0; i < ops; i++) grid.once();
    },
    reps,
    // If the engine allocates per sweep, released buffers are only freed once the queue drains:
    // keep a batch's buffers under ~1 GiB (a 16384² sweep is 1 GiB: one per batch).
    Math.max(1, Math.min(256, Math.floor(2 ** 30 / grid.bytes))),
  );
  if (grid.time) {
    const t = await grid.time(reps);
    const warm = { warmup: Math.max(1, warmup), ...(first !== undefined ? { firstRunMs: first } : {}) };
    if (t.method !== 'timestamp' || t.medianMs >= TIMESTAMP_MIN_MS) {
      const time: Stat = { medianMs: t.medianMs, minMs: t.minMs, maxMs: t.maxMs, reps, ...warm };
      return { time, method: t.method, batchedWallMs: wall.stat.medianMs };
    }
    // Quantized: the mean of many timestamp samples (see TIMESTAMP_MIN_MS).
    const many = await grid.time(QUANTIZED_REPS);
    if (many.samplesMs && many.samplesMs.length > 0) {
      const m = meanStat(many.samplesMs, Math.max(1, warmup));
      if (m.medianMs > 0) {
        return {
          time: { ...m, ...warm },
          method: `timestamp mean of ${many.samplesMs.length} (quantized; median ${many.medianMs.toFixed(3)} ms)`,
          batchedWallMs: wall.stat.medianMs,
        };
      }
    }
    return {
      time: { ...wall.stat, ...(first !== undefined ? { firstRunMs: first } : {}) },
      method: `wall-batched ×${wall.ops} (timestamps read 0: below their resolution)`,
      batchedWallMs: wall.stat.medianMs,
    };
  }
  return {
    time: { ...wall.stat, ...(first !== undefined ? { firstRunMs: first } : {}) },
    method: `wall-batched ×${wall.ops}`,
    batchedWallMs: wall.stat.medianMs,
  };
}

/** Wall time of a sweep with readback (what a caller who needs the numbers on the CPU waits for). */
export async function timeGpuReadback(
  engine: EngineLike,
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
