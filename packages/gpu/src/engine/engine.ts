/**
 * The sweep engine: core's sweeps and batches on WebGPU. Validation is
 * core's (the same RangeErrors, before any GPU work); the kernels are
 * generated from core's trees; parameters travel in uniforms and axis
 * coordinates in a small storage buffer, so changing a value never
 * recompiles. Grids larger than one buffer binding are cut into row tiles.
 */
import type {
  AxisCoordinates,
  Column,
  Output,
  ResolvedSweep,
  SweepResult,
  SweepSpec,
  SweepStats,
} from '@losslab/core';
import { errorText, GpuError } from '../errors.js';
import {
  BATCH_WORKGROUP,
  batchModule,
  batchParamsBytes,
  batchShaderKey,
  defaultRegimeCode,
  type RegimeCode,
  sweepModule,
  sweepParamsBytes,
  sweepShader,
  sweepShaderKey,
} from '../wgsl/generate.js';
import { checkLayout, defaultLayout, sweepDispatch, type WriteLayout } from '../wgsl/layout.js';
import { toDeviceF32 } from '../wgsl/literals.js';
import { packColumns, resolveBatch, scalarValues } from './batch.js';
import { type AdapterDescription, type DeviceOptions, type OpenedDevice, openDevice } from './device.js';
import { BufferUsage, MapMode } from './flags.js';
import { dispatch2d, type Kernel, PipelineCache } from './pipelines.js';
import {
  deviceCoordinates,
  type GridPlan,
  type LineGridSpec,
  planLineGrid,
  planSweep,
  planTiles,
  type ResolvedLineGrid,
  type Tile,
} from './plan.js';
import { BufferPool } from './pool.js';
import { scoped } from './scope.js';
import {
  decodeStats,
  STATS_INITIAL,
  STATS_PER_THREAD,
  STATS_WORDS,
  STATS_WORKGROUP,
  statsKernelSource,
} from './stats.js';
import { summarize, type TimeSweepResult } from './timing.js';

export interface SweepEngineOptions extends DeviceOptions {
  /** Called once when the device is lost (not when the engine is destroyed); re-create the engine to go on. */
  readonly onDeviceLost?: (error: GpuError) => void;
  /** How sweep kernels write the grid (default: `defaultLayout`). */
  readonly layout?: WriteLayout;
  /** How sweep kernels choose a formula's regimes: if/else or select (default: `defaultRegimeCode`). */
  readonly regimes?: RegimeCode;
  /**
   * The largest buffer the engine binds, in bytes (default: the device's
   * maxStorageBufferBindingSize and maxBufferSize). Smaller values force
   * tiling, for tests.
   */
  readonly maxBindingBytes?: number;
  /** Bytes of idle buffers kept for reuse (default 256 MiB); beyond that they are destroyed. */
  readonly maxIdleBytes?: number;
}

/** One tile of a GPU sweep: rows [row0, row0 + rows) of the grid, row-major f32 from offset 0. */
export interface GpuSweepTile {
  readonly buffer: GPUBuffer;
  readonly row0: number;
  readonly rows: number;
  /** rows·nx·4: the buffer itself may be larger (buffers are pooled by size class). */
  readonly byteLength: number;
}

/**
 * A sweep that stays on the GPU. Row-major f32, data[j·nx + i] at (x[i], y[j]).
 * A grid beyond one buffer binding (the device's limit; 1 GiB is 16384² f32)
 * comes as several `tiles` of whole rows; `buffer` is the first tile's.
 */
export interface GpuSweep {
  readonly buffer: GPUBuffer;
  readonly tiles: readonly GpuSweepTile[];
  readonly nx: number;
  readonly ny: number;
  readonly x: AxisCoordinates;
  readonly y: AxisCoordinates;
  readonly spec: ResolvedSweep;
  /** Settles when the GPU accepted the work; rejects with a GpuError (out-of-memory, device-lost, validation). */
  readonly ready: Promise<void>;
  /** Min/max of the finite values and counts of the rest, reduced on the GPU (before release()). */
  stats(): Promise<SweepStats>;
  /** Reads the grid back (before release()). */
  read(): Promise<Float32Array>;
  /** Returns the buffers to the engine's pool; the sweep must not be used afterwards. */
  release(): void;
}

/**
 * A line grid that stays on the GPU (see `LineGridSpec`): row-major f32,
 * data[j·nx + i] at x[i] on every row j, tiled like a sweep.
 */
export interface GpuLineGrid extends Omit<GpuSweep, 'spec' | 'y'> {
  readonly spec: ResolvedLineGrid;
}

export interface EngineMemory {
  /** Bytes of every GPU buffer the engine holds, in use or pooled. */
  readonly liveBytes: number;
  readonly idleBytes: number;
  readonly liveBuffers: number;
  readonly pipelines: number;
}

export interface SweepEngine {
  readonly device: GPUDevice;
  readonly adapter: AdapterDescription;
  /** The loss, once the device is lost; null while it works. */
  readonly lost: GpuError | null;
  /** core's sweep, on the GPU: the same spec, result and RangeErrors; data in f32. */
  sweep(spec: SweepSpec): Promise<SweepResult<Float32Array>>;
  /** A sweep without readback, for renderers (release() it when done). */
  sweepToBuffer(spec: SweepSpec): GpuSweep;
  /** core's evaluateBatch, on the GPU, in f32 (inputs rounded to f32, subnormals flushed). */
  evaluateBatch(
    id: string,
    columns: Readonly<Record<string, Column>>,
    options?: { output?: Output },
  ): Promise<Float32Array>;
  /** GPU time per sweep (timestamps where the device has them, else wall clock per submission). */
  timeSweep(
    spec: SweepSpec,
    options?: { repetitions?: number; layout?: WriteLayout },
  ): Promise<TimeSweepResult>;
  /**
   * A line grid without readback (release() it when done): one variable's
   * line on every row, so a one-variable loss fills a grid like a 2D sweep.
   * The spec is validated like a sweep's (core's checks, the GPU's limits).
   */
  lineGridToBuffer(spec: LineGridSpec): GpuLineGrid;
  /** GPU time per line grid, as timeSweep times a sweep (same kernel, same clock). */
  timeLineGrid(
    spec: LineGridSpec,
    options?: { repetitions?: number; layout?: WriteLayout },
  ): Promise<TimeSweepResult>;
  memory(): EngineMemory;
  /** Frees every buffer and (if the engine requested it) the device. */
  destroy(): void;
}

const USAGE = {
  grid: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
  input: BufferUsage.STORAGE | BufferUsage.COPY_DST,
  uniform: BufferUsage.UNIFORM | BufferUsage.COPY_DST,
  readback: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
} as const;

/** Readback goes through staging buffers of at most this many bytes. */
const READBACK_CHUNK = 64 * 2 ** 20;

/** A grid's kernel and buffers, ready to encode (once, or many times for timing). */
interface GridWork {
  readonly kernel: Kernel;
  readonly layout: WriteLayout;
  readonly nx: number;
  readonly coords: GPUBuffer;
  readonly tiles: readonly {
    readonly tile: Tile;
    readonly out: GPUBuffer;
    readonly params: GPUBuffer;
    readonly bindGroup: GPUBindGroup;
  }[];
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class WebGpuSweepEngine implements SweepEngine {
  readonly device: GPUDevice;
  readonly adapter: AdapterDescription;
  private readonly pool: BufferPool;
  private readonly pipelines: PipelineCache;
  private readonly layout: WriteLayout;
  private readonly regimes: RegimeCode;
  private readonly maxBindingBytes: number;
  private readonly maxPerDimension: number;
  // Held so that Dawn's instance outlives the device (see OpenedDevice.instance).
  private readonly instance: GPU | undefined;
  private readonly owned: boolean;
  private lostError: GpuError | null = null;
  private destroyed = false;
  private signalLost!: (error: GpuError) => void;
  /** Settles with the reason the engine stopped working (device loss or destroy()). */
  private readonly stopped = new Promise<GpuError>((resolve) => {
    this.signalLost = resolve;
  });

  constructor(opened: OpenedDevice, options: SweepEngineOptions = {}) {
    this.device = opened.device;
    this.adapter = opened.adapter;
    this.instance = opened.instance;
    this.owned = opened.owned;
    this.layout = options.layout ?? defaultLayout;
    checkLayout(this.layout);
    this.regimes = options.regimes ?? defaultRegimeCode;
    const limits = this.device.limits;
    this.maxBindingBytes = Math.min(
      limits.maxStorageBufferBindingSize,
      limits.maxBufferSize,
      options.maxBindingBytes ?? Number.POSITIVE_INFINITY,
    );
    this.maxPerDimension = limits.maxComputeWorkgroupsPerDimension;
    this.pool = new BufferPool(this.device, options.maxIdleBytes ?? 256 * 2 ** 20, limits.maxBufferSize);
    this.pipelines = new PipelineCache(this.device);
    this.device.lost.then((info) => {
      if (this.destroyed) return;
      const detail = info.message ? `${info.message} (reason: ${info.reason})` : `reason: ${info.reason}`;
      const error = new GpuError('device-lost', detail);
      this.lostError = error;
      this.pool.destroy();
      this.signalLost(error);
      options.onDeviceLost?.(error);
    });
  }

  get lost(): GpuError | null {
    return this.lostError;
  }

  memory(): EngineMemory {
    return {
      liveBytes: this.pool.liveBytes,
      idleBytes: this.pool.idleBytes,
      liveBuffers: this.pool.liveBuffers,
      pipelines: this.pipelines.size,
    };
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.signalLost(new GpuError('device-lost', 'the sweep engine was destroyed'));
    this.pool.destroy();
    if (this.owned) this.device.destroy();
    void this.instance;
  }

  private assertUsable(): void {
    if (this.lostError) throw this.lostError;
    if (this.destroyed) throw new GpuError('device-lost', 'the sweep engine was destroyed; create a new one');
  }

  /** Awaits GPU work, turning a device loss (also one that happens meanwhile) into its GpuError. */
  private async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await Promise.race([
        work,
        this.stopped.then((error) => {
          throw error;
        }),
      ]);
    } catch (error) {
      if (error instanceof GpuError) throw error;
      // A map or scope failing while the device goes away: the loss is reported just after.
      const stop = await Promise.race([this.stopped, delay(250).then(() => null)]);
      if (stop) throw stop;
      throw new GpuError('validation', errorText(error), { cause: error });
    }
  }

  // ---------------------------------------------------------------- sweeps

  sweepToBuffer(spec: SweepSpec): GpuSweep {
    this.assertUsable();
    const plan = planSweep(spec);
    const handle = this.gridToBuffer(plan, this.layout);
    return { ...handle, spec: plan.spec, y: plan.y };
  }

  async sweep(spec: SweepSpec): Promise<SweepResult<Float32Array>> {
    this.assertUsable();
    const grid = this.sweepToBuffer(spec);
    try {
      const [data, stats] = await Promise.all([grid.read(), grid.stats()]);
      return { data, x: grid.x, y: grid.y, spec: grid.spec, ...stats };
    } finally {
      grid.release();
    }
  }

  lineGridToBuffer(spec: LineGridSpec): GpuLineGrid {
    this.assertUsable();
    const plan = planLineGrid(spec);
    return { ...this.gridToBuffer(plan, this.layout), spec: plan.line };
  }

  /** A planned grid into pooled buffers (also line grids, y = null). */
  gridToBuffer(plan: GridPlan, layout: WriteLayout): Omit<GpuSweep, 'spec' | 'y'> {
    const tiles = this.tilesFor(plan, layout);
    const { value: work, errors } = scoped(this.device, () => {
      const w = this.prepareGrid(plan, layout, tiles);
      const encoder = this.device.createCommandEncoder({ label: 'losslab sweep' });
      this.encodeGrid(w, encoder);
      this.device.queue.submit([encoder.finish()]);
      return w;
    });
    // Queued work keeps reading these; later writes to them queue behind it.
    this.pool.release(work.coords);
    for (const t of work.tiles) this.pool.release(t.params);
    let released = false;
    const ready = this.guard(errors).catch((error: unknown) => {
      if (error instanceof GpuError && error.kind === 'validation') this.pipelines.forget(work.kernel.key);
      // Any of them may be the allocation that failed: none goes back for reuse.
      this.pool.discard(work.coords);
      for (const t of work.tiles) this.pool.discard(t.params);
      if (!released) {
        released = true;
        for (const t of work.tiles) this.pool.discard(t.out);
      }
      throw error;
    });
    ready.catch(() => {});
    const sweepTiles: GpuSweepTile[] = work.tiles.map((t) => ({
      buffer: t.out,
      row0: t.tile.row0,
      rows: t.tile.rows,
      byteLength: t.tile.rows * plan.nx * 4,
    }));
    let statsPromise: Promise<SweepStats> | undefined;
    const assertHeld = (what: string): void => {
      if (released) throw new Error(`GpuSweep.${what}() after release()`);
    };
    return {
      buffer: sweepTiles[0]!.buffer,
      tiles: sweepTiles,
      nx: plan.nx,
      ny: plan.ny,
      x: plan.x,
      ready,
      stats: () => {
        assertHeld('stats');
        statsPromise ??= ready.then(() => this.reduceStats(sweepTiles));
        return statsPromise;
      },
      read: () => {
        assertHeld('read');
        return ready.then(() => this.readTiles(sweepTiles, plan.nx * plan.ny));
      },
      release: () => {
        if (released) return;
        released = true;
        for (const t of sweepTiles) this.pool.release(t.buffer);
      },
    };
  }

  private tilesFor(plan: GridPlan, layout: WriteLayout): Tile[] {
    const rowsPerDispatch =
      layout.kind === 'tiles2d' ? this.maxPerDimension * layout.size : this.maxPerDimension;
    return planTiles(plan.nx, plan.ny, this.maxBindingBytes, rowsPerDispatch);
  }

  /** Compiles (or reuses) the kernel and fills coordinate and parameter buffers. Inside an error scope. */
  private prepareGrid(plan: GridPlan, layout: WriteLayout, tiles: readonly Tile[]): GridWork {
    const shader = sweepShader(
      plan.loss,
      plan.output,
      plan.x.variable,
      plan.y?.variable ?? null,
      layout,
      plan.nx,
      this.regimes,
    );
    const kernel = this.pipelines.get(sweepShaderKey(shader), 'sweep', () => sweepModule(shader));
    const coordsData = deviceCoordinates(plan);
    const coords = this.pool.acquire(coordsData.byteLength, USAGE.input, 'losslab sweep coordinates');
    this.device.queue.writeBuffer(coords, 0, coordsData);
    const paramsBytes = sweepParamsBytes(plan.fixed.length);
    const fixed = plan.fixed.map((f) => toDeviceF32(f.value));
    return {
      kernel,
      layout,
      nx: plan.nx,
      coords,
      tiles: tiles.map((tile) => {
        const data = new ArrayBuffer(paramsBytes);
        new Uint32Array(data, 0, 4).set([plan.nx, tile.rows, tile.row0, plan.nx]);
        new Float32Array(data, 16).set(fixed);
        const params = this.pool.acquire(paramsBytes, USAGE.uniform, 'losslab sweep params');
        this.device.queue.writeBuffer(params, 0, data);
        const out = this.pool.acquire(tile.rows * plan.nx * 4, USAGE.grid, 'losslab sweep grid');
        return { tile, out, params, bindGroup: this.pipelines.bindGroup(params, coords, out) };
      }),
    };
  }

  private encodeGrid(
    work: GridWork,
    encoder: GPUCommandEncoder,
    timestamps?: { querySet: GPUQuerySet; first: number },
  ): void {
    work.tiles.forEach((t, k) => {
      const pass = encoder.beginComputePass(
        timestamps
          ? {
              timestampWrites: {
                querySet: timestamps.querySet,
                beginningOfPassWriteIndex: timestamps.first + 2 * k,
                endOfPassWriteIndex: timestamps.first + 2 * k + 1,
              },
            }
          : {},
      );
      pass.setPipeline(work.kernel.pipeline);
      pass.setBindGroup(0, t.bindGroup);
      const [gx, gy] = sweepDispatch(work.layout, work.nx, t.tile.rows, this.maxPerDimension);
      pass.dispatchWorkgroups(gx, gy);
      pass.end();
    });
  }

  private async readTiles(tiles: readonly GpuSweepTile[], points: number): Promise<Float32Array> {
    const out = new Float32Array(points);
    let offset = 0;
    for (const tile of tiles) {
      for (let start = 0; start < tile.byteLength; start += READBACK_CHUNK) {
        const bytes = Math.min(READBACK_CHUNK, tile.byteLength - start);
        const staging = this.readback(tile.buffer, start, bytes);
        const view = await this.mapped(staging, bytes);
        out.set(view, (offset + start) / 4);
        staging.unmap();
        this.pool.release(staging);
      }
      offset += tile.byteLength;
    }
    return out;
  }

  /** Copies bytes of a buffer into a pooled staging buffer (submitted). */
  private readback(source: GPUBuffer, offset: number, bytes: number): GPUBuffer {
    const { value: staging, errors } = scoped(this.device, () => {
      const s = this.pool.acquire(bytes, USAGE.readback, 'losslab readback');
      const encoder = this.device.createCommandEncoder({ label: 'losslab readback' });
      encoder.copyBufferToBuffer(source, offset, s, 0, bytes);
      this.device.queue.submit([encoder.finish()]);
      return s;
    });
    this.pending.set(staging, errors);
    return staging;
  }

  private readonly pending = new WeakMap<GPUBuffer, Promise<void>>();

  /** Maps a staging buffer and returns a copy of its first `bytes` as f32. */
  private async mapped(staging: GPUBuffer, bytes: number): Promise<Float32Array> {
    try {
      await this.guard(Promise.all([this.pending.get(staging), staging.mapAsync(MapMode.READ, 0, bytes)]));
    } catch (error) {
      this.pool.discard(staging);
      throw error;
    }
    return new Float32Array(staging.getMappedRange(0, bytes).slice(0));
  }

  private async reduceStats(tiles: readonly GpuSweepTile[]): Promise<SweepStats> {
    this.assertUsable();
    const { value, errors } = scoped(this.device, () => {
      const kernel = this.pipelines.get('stats', 'stats', () => statsKernelSource);
      const acc = this.pool.acquire(STATS_WORDS * 4, USAGE.grid, 'losslab stats');
      this.device.queue.writeBuffer(acc, 0, STATS_INITIAL);
      const encoder = this.device.createCommandEncoder({ label: 'losslab stats' });
      const params: GPUBuffer[] = [];
      for (const tile of tiles) {
        const n = tile.byteLength / 4;
        const p = this.pool.acquire(16, USAGE.uniform, 'losslab stats params');
        this.device.queue.writeBuffer(p, 0, new Uint32Array([n, 0, 0, 0]));
        params.push(p);
        const pass = encoder.beginComputePass();
        pass.setPipeline(kernel.pipeline);
        pass.setBindGroup(0, this.pipelines.bindGroup(p, tile.buffer, acc));
        const [gx, gy] = dispatch2d(
          Math.ceil(n / (STATS_WORKGROUP * STATS_PER_THREAD)),
          this.maxPerDimension,
        );
        pass.dispatchWorkgroups(gx, gy);
        pass.end();
      }
      const staging = this.pool.acquire(STATS_WORDS * 4, USAGE.readback, 'losslab stats readback');
      encoder.copyBufferToBuffer(acc, 0, staging, 0, STATS_WORDS * 4);
      this.device.queue.submit([encoder.finish()]);
      for (const p of params) this.pool.release(p);
      this.pool.release(acc);
      return { staging, used: [...params, acc] };
    });
    this.pending.set(
      value.staging,
      errors.catch((error: unknown) => {
        for (const b of value.used) this.pool.discard(b);
        throw error;
      }),
    );
    const words = new Uint32Array((await this.mapped(value.staging, STATS_WORDS * 4)).buffer);
    value.staging.unmap();
    this.pool.release(value.staging);
    return decodeStats(words);
  }

  // ---------------------------------------------------------------- batches

  async evaluateBatch(
    id: string,
    columns: Readonly<Record<string, Column>>,
    options: { output?: Output } = {},
  ): Promise<Float32Array> {
    this.assertUsable();
    const input = resolveBatch(id, columns, options.output);
    const result = new Float32Array(input.count);
    if (input.count === 0) return result;
    const shader = { loss: input.loss, output: input.output, scalars: input.scalars };
    const key = batchShaderKey(shader);
    const arrays = input.loss.variables.length - input.scalars.size;
    const scalars = scalarValues(input);
    const chunk = Math.max(
      1,
      Math.min(input.count, Math.floor(this.maxBindingBytes / 4 / Math.max(1, arrays))),
    );
    for (let start = 0; start < input.count; start += chunk) {
      const n = Math.min(chunk, input.count - start);
      const { value: staging, errors } = scoped(this.device, () => {
        const kernel = this.pipelines.get(key, 'batch', () => batchModule(shader));
        const packed = packColumns(input, start, n);
        const cols = this.pool.acquire(packed.byteLength, USAGE.input, 'losslab batch columns');
        this.device.queue.writeBuffer(cols, 0, packed);
        const data = new ArrayBuffer(batchParamsBytes(scalars.length));
        new Uint32Array(data, 0, 4).set([n, n, 0, 0]);
        new Float32Array(data, 16).set(scalars);
        const params = this.pool.acquire(data.byteLength, USAGE.uniform, 'losslab batch params');
        this.device.queue.writeBuffer(params, 0, data);
        const out = this.pool.acquire(n * 4, USAGE.grid, 'losslab batch output');
        const s = this.pool.acquire(n * 4, USAGE.readback, 'losslab batch readback');
        const encoder = this.device.createCommandEncoder({ label: 'losslab batch' });
        const pass = encoder.beginComputePass();
        pass.setPipeline(kernel.pipeline);
        pass.setBindGroup(0, this.pipelines.bindGroup(params, cols, out));
        const [gx, gy] = dispatch2d(Math.ceil(n / BATCH_WORKGROUP), this.maxPerDimension);
        pass.dispatchWorkgroups(gx, gy);
        pass.end();
        encoder.copyBufferToBuffer(out, 0, s, 0, n * 4);
        this.device.queue.submit([encoder.finish()]);
        for (const b of [cols, params, out]) this.pool.release(b);
        return { s, used: [cols, params, out] };
      });
      this.pending.set(
        staging.s,
        errors.catch((error: unknown) => {
          if (error instanceof GpuError && error.kind === 'validation') this.pipelines.forget(key);
          for (const b of staging.used) this.pool.discard(b);
          throw error;
        }),
      );
      result.set(await this.mapped(staging.s, n * 4), start);
      staging.s.unmap();
      this.pool.release(staging.s);
    }
    return result;
  }

  // ---------------------------------------------------------------- timing

  async timeSweep(
    spec: SweepSpec,
    options: { repetitions?: number; layout?: WriteLayout } = {},
  ): Promise<TimeSweepResult> {
    this.assertUsable();
    return this.timeGrid(planSweep(spec), options.repetitions ?? 10, options.layout ?? this.layout);
  }

  async timeLineGrid(
    spec: LineGridSpec,
    options: { repetitions?: number; layout?: WriteLayout } = {},
  ): Promise<TimeSweepResult> {
    this.assertUsable();
    return this.timeGrid(planLineGrid(spec), options.repetitions ?? 10, options.layout ?? this.layout);
  }

  /**
   * Times `repetitions` runs of a grid kernel. With 'timestamp-query', each
   * run is the sum of its passes' GPU timestamps (one submission for all runs);
   * otherwise the wall clock of one submission each, waited for.
   */
  async timeGrid(plan: GridPlan, repetitions: number, layout: WriteLayout): Promise<TimeSweepResult> {
    checkLayout(layout);
    if (!Number.isInteger(repetitions) || repetitions < 1)
      throw new RangeError('repetitions must be an integer ≥ 1');
    const tiles = this.tilesFor(plan, layout);
    const { value: work, errors } = scoped(this.device, () => this.prepareGrid(plan, layout, tiles));
    let failed = false;
    try {
      await this.guard(errors);
      // Warm-up: the first dispatch may include the driver's own compilation.
      await this.guard(this.submitGrid(work));
      const samples = this.device.features.has('timestamp-query')
        ? await this.timestampSamples(work, repetitions)
        : await this.wallSamples(work, repetitions);
      return summarize(samples.ms, samples.method);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      this.returnGrid(work, failed);
    }
  }

  /**
   * Wall-clock time per run of `count` runs of a grid kernel submitted at
   * once (one wait): a cross-check on timestamps, which Dawn may quantize.
   */
  async wallPerGrid(plan: GridPlan, count: number, layout: WriteLayout): Promise<number> {
    checkLayout(layout);
    const tiles = this.tilesFor(plan, layout);
    const { value: work, errors } = scoped(this.device, () => this.prepareGrid(plan, layout, tiles));
    let failed = false;
    try {
      await this.guard(errors);
      await this.guard(this.submitGrid(work));
      const t0 = performance.now();
      const encoder = this.device.createCommandEncoder({ label: 'losslab batched sweeps' });
      for (let k = 0; k < count; k++) this.encodeGrid(work, encoder);
      this.device.queue.submit([encoder.finish()]);
      await this.guard(this.device.queue.onSubmittedWorkDone());
      return (performance.now() - t0) / count;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      this.returnGrid(work, failed);
    }
  }

  /** Gives a grid's buffers back: for reuse, or destroyed when the work failed (one of them may be the failed allocation). */
  private returnGrid(work: GridWork, failed: boolean): void {
    const give = (b: GPUBuffer): void => (failed ? this.pool.discard(b) : this.pool.release(b));
    give(work.coords);
    for (const t of work.tiles) {
      give(t.params);
      give(t.out);
    }
  }

  private submitGrid(work: GridWork): Promise<undefined> {
    const encoder = this.device.createCommandEncoder({ label: 'losslab timed sweep' });
    this.encodeGrid(work, encoder);
    this.device.queue.submit([encoder.finish()]);
    return this.device.queue.onSubmittedWorkDone();
  }

  private async wallSamples(work: GridWork, repetitions: number): Promise<{ ms: number[]; method: 'wall' }> {
    const ms: number[] = [];
    for (let r = 0; r < repetitions; r++) {
      const t0 = performance.now();
      await this.guard(this.submitGrid(work));
      ms.push(performance.now() - t0);
    }
    return { ms, method: 'wall' };
  }

  private async timestampSamples(
    work: GridWork,
    repetitions: number,
  ): Promise<{ ms: number[]; method: 'timestamp' }> {
    const perRun = 2 * work.tiles.length;
    // A query set holds at most 4096 timestamps.
    const runsPerSet = Math.max(1, Math.floor(4096 / perRun));
    const ms: number[] = [];
    for (let done = 0; done < repetitions; done += runsPerSet) {
      const runs = Math.min(runsPerSet, repetitions - done);
      const count = runs * perRun;
      const { value, errors } = scoped(this.device, () => {
        const querySet = this.device.createQuerySet({ type: 'timestamp', count });
        const resolved = this.device.createBuffer({
          size: count * 8,
          usage: BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC,
        });
        const staging = this.device.createBuffer({ size: count * 8, usage: USAGE.readback });
        const encoder = this.device.createCommandEncoder({ label: 'losslab timed sweeps' });
        for (let r = 0; r < runs; r++) this.encodeGrid(work, encoder, { querySet, first: r * perRun });
        encoder.resolveQuerySet(querySet, 0, count, resolved, 0);
        encoder.copyBufferToBuffer(resolved, 0, staging, 0, count * 8);
        this.device.queue.submit([encoder.finish()]);
        return { querySet, resolved, staging };
      });
      try {
        await this.guard(Promise.all([errors, value.staging.mapAsync(MapMode.READ)]));
        const stamps = new BigUint64Array(value.staging.getMappedRange().slice(0));
        for (let r = 0; r < runs; r++) {
          let ns = 0n;
          for (let k = 0; k < work.tiles.length; k++) {
            const at = r * perRun + 2 * k;
            ns += stamps[at + 1]! - stamps[at]!;
          }
          ms.push(Number(ns) / 1e6);
        }
      } finally {
        value.querySet.destroy();
        value.resolved.destroy();
        value.staging.destroy();
      }
    }
    return { ms, method: 'timestamp' };
  }
}

/**
 * Opens a device (navigator.gpu by default, or `options.gpu`, or adopts
 * `options.device`) and returns an engine on it. Rejects with a GpuError:
 * 'no-webgpu', 'no-adapter' or 'device-request-failed'.
 */
export async function createSweepEngine(options: SweepEngineOptions = {}): Promise<SweepEngine> {
  return new WebGpuSweepEngine(await openDevice(options), options);
}
