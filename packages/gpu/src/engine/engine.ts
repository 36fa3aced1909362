/**
 * The sweep engine: core's sweeps and batches on WebGPU, as thin methods over
 * the runner (runner.ts) and the declared programs (src/programs). Validation
 * is core's (plan.ts, batch.ts: the same RangeErrors, before any GPU work);
 * the kernels are generated from core's trees; parameters travel in uniforms
 * and axis coordinates in a small storage buffer, so changing a value never
 * recompiles. Grids larger than one buffer binding are cut into row tiles.
 */
import type {
  AxisCoordinates,
  Column,
  Dataset,
  LandscapeResult,
  LossRef,
  Output,
  ResolvedModel,
  ResolvedSweep,
  SweepResult,
  SweepSpec,
  SweepStats,
} from '@losslab/core';
import type { GpuError } from '../errors.js';
import { batchProgram } from '../programs/batch.js';
import { fillCount, fillProgram } from '../programs/fill.js';
import {
  chooseGeometry,
  type LandscapeGeometryName,
  landscapeGeometries,
  landscapeProgram,
} from '../programs/landscape.js';
import { PEAK_FLOPS_PER_ITERATION, peakProgram } from '../programs/peak.js';
import { decodeStats, STATS_INITIAL, STATS_WORDS, statsProgram } from '../programs/stats.js';
import { sweepProgram, sweepShader } from '../programs/sweep.js';
import { checkLayout, defaultLayout, type WriteLayout } from '../wgsl/layout.js';
import { toDeviceF32 } from '../wgsl/literals.js';
import { defaultRegimeCode, type RegimeCode } from '../wgsl/loss-function.js';
import { packColumns, resolveBatch, scalarValues, throwIfUndefined } from './batch.js';
import { DatasetCache, type GpuDataset, ResidentDataset } from './dataset.js';
import { type AdapterDescription, type DeviceOptions, type OpenedDevice, openDevice } from './device.js';
import { dispatchBands, type GpuLandscapeSpec, type LandscapePlan, planLandscape } from './landscape-plan.js';
import { DeviceLifecycle } from './lifecycle.js';
import { PipelineCache } from './pipelines.js';
import {
  deviceCoordinates,
  type GridPlan,
  type LineGridSpec,
  planLineGrid,
  planSweep,
  type ResolvedLineGrid,
} from './plan.js';
import { BufferPool } from './pool.js';
import { type Recorder, Runner, type Submitted, USAGE } from './runner.js';
import type { TimeSweepResult } from './timing.js';

export interface SweepEngineOptions extends DeviceOptions {
  /** Called once when the device is lost (not when the engine is destroyed); re-create the engine to go on. */
  readonly onDeviceLost?: (error: GpuError) => void;
  /** How sweep kernels write the grid (default: `defaultLayout`). */
  readonly layout?: WriteLayout;
  /** How sweep kernels choose a formula's regimes: if/else or select (default: `defaultRegimeCode`). */
  readonly regimes?: RegimeCode;
  /**
   * How landscape kernels cover the grid (default: by grid size, `chooseGeometry`).
   * Forcing one lets tests reach every geometry on small grids, and the bench compare them.
   */
  readonly landscapeGeometry?: LandscapeGeometryName;
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

/**
 * A landscape that stays on the GPU: the grid as a sweep's (row-major f32,
 * data[j·nw + i] at (w[i], b[j]); x is the w axis, y the b axis; tiled the
 * same way), with core's resolved model.
 */
export interface GpuLandscape extends GpuSweep {
  readonly model: ResolvedModel;
  /** The dataset it was drawn from, and that dataset's version when it was submitted. */
  readonly dataset: GpuDataset;
  readonly datasetVersion: number;
}

export interface EngineMemory {
  /** Bytes of every GPU buffer the engine holds, in use or pooled (datasets included). */
  readonly liveBytes: number;
  readonly idleBytes: number;
  readonly liveBuffers: number;
  readonly pipelines: number;
  /** Plain datasets the engine keeps on the GPU for landscapes (createDataset's handles not counted). */
  readonly cachedDatasets: number;
  /** Bytes written to landscape datasets since the engine was created: uploads and point updates. */
  readonly datasetBytesWritten: number;
}

export interface TimeOptions {
  /** Timed runs (default 10). */
  readonly repetitions?: number;
  /** Also time this many runs per submission, wall clock (`TimeSweepResult.batched`). */
  readonly batch?: number;
}

export interface TimeGridOptions extends TimeOptions {
  /** The write layout to time (default: the engine's). */
  readonly layout?: WriteLayout;
}

/** The arithmetic baseline's size: invocations, and FMA-loop iterations in each. */
export interface ArithmeticWork {
  readonly invocations: number;
  readonly iterations: number;
}

/** A grid's shape, for the write-bandwidth baselines: nx columns × ny rows of f32, tiled like a sweep's. */
export interface GridShape {
  readonly nx: number;
  readonly ny: number;
}

export interface SweepEngine {
  readonly device: GPUDevice;
  readonly adapter: AdapterDescription;
  /** The loss, once the device is lost; null while it works. */
  readonly lost: GpuError | null;
  /**
   * core's sweep, on the GPU: the same spec (a catalog id or a definition,
   * e.g. core's `customLoss`), result and RangeErrors; data in f32.
   */
  sweep(spec: SweepSpec): Promise<SweepResult<Float32Array>>;
  /** A sweep without readback, for renderers (release() it when done). */
  sweepToBuffer(spec: SweepSpec): GpuSweep;
  /**
   * core's evaluateBatch, on the GPU, in f32 (inputs rounded to f32, subnormals flushed);
   * the loss is an id or a definition, and a custom formula's undefined point throws as in core.
   */
  evaluateBatch(
    loss: LossRef,
    columns: Readonly<Record<string, Column>>,
    options?: { output?: Output },
  ): Promise<Float32Array>;
  /**
   * GPU time per sweep (timestamps where the device has them, else wall
   * clock per submission), the buffers prepared once; with `batch`, also
   * the wall clock of that many sweeps per submission.
   */
  timeSweep(spec: SweepSpec, options?: TimeGridOptions): Promise<TimeSweepResult>;
  /**
   * A line grid without readback (release() it when done): one variable's
   * line on every row, so a one-variable loss fills a grid like a 2D sweep.
   * The spec is validated like a sweep's (core's checks, the GPU's limits).
   */
  lineGridToBuffer(spec: LineGridSpec): GpuLineGrid;
  /** GPU time per line grid, as timeSweep times a sweep (same kernel, same clock). */
  timeLineGrid(spec: LineGridSpec, options?: TimeGridOptions): Promise<TimeSweepResult>;
  /**
   * The write-bandwidth baseline for a grid of this shape, timed like
   * timeSweep: a kernel that only writes (one vec4 per invocation) the same
   * bytes in the same tiles. A sweep's fraction of it is how close the sweep
   * gets to the device's write bandwidth.
   */
  timeFill(grid: GridShape, options?: TimeOptions): Promise<TimeSweepResult>;
  /** `clearBuffer` of the same bytes: the driver's own fill, wall clock only (timestamps bracket passes, not copies). */
  timeClear(grid: GridShape, options?: TimeOptions): Promise<TimeSweepResult>;
  /**
   * The f32 arithmetic baseline: chains of fused multiply-adds only
   * (programs/peak.ts), `invocations` × `iterations` × 64 flops, timed like
   * timeSweep. flops / time is the device's measured f32 peak, which a
   * landscape's flops per second are a fraction of.
   */
  timeArithmetic(
    work: ArithmeticWork,
    options?: TimeOptions,
  ): Promise<TimeSweepResult & { readonly flops: number }>;
  /**
   * A dataset uploaded once for landscapes (see GpuDataset): \`set(i, x, y,
   * weight?)\` moves one point in place, \`update(data)\` rewrites only what
   * changed. Pass it as a landscape spec's \`data\`. Throws a RangeError for a
   * bad column or a value outside the GPU's f32 range.
   */
  createDataset(data: Dataset): GpuDataset;
  /**
   * core's landscape, on the GPU: the same spec (\`data\` may also be a
   * GpuDataset), result shape and RangeErrors (before any GPU work), plus the
   * f32 input policy; data in f32. A plain dataset is uploaded once and
   * found again by content (see memory().cachedDatasets).
   */
  landscape(spec: GpuLandscapeSpec): Promise<LandscapeResult<Float32Array>>;
  /** A landscape without readback, for renderers (release() it when done). */
  landscapeToBuffer(spec: GpuLandscapeSpec): GpuLandscape;
  /** GPU time per landscape, as timeSweep times a sweep (the dataset uploaded before, as a renderer holds it). */
  timeLandscape(spec: GpuLandscapeSpec, options?: TimeOptions): Promise<TimeSweepResult>;
  memory(): EngineMemory;
  /** Frees every buffer and (if the engine requested it) the device. */
  destroy(): void;
}

/** Readback goes through staging buffers of at most this many bytes. */
const READBACK_CHUNK = 64 * 2 ** 20;

type GridHandle = Omit<GpuSweep, 'spec' | 'y'>;

class WebGpuSweepEngine implements SweepEngine {
  readonly device: GPUDevice;
  readonly adapter: AdapterDescription;
  private readonly pool: BufferPool;
  private readonly pipelines: PipelineCache;
  private readonly runner: Runner;
  private readonly lifecycle: DeviceLifecycle;
  private readonly layout: WriteLayout;
  private readonly regimes: RegimeCode;
  private readonly landscapeGeometry: LandscapeGeometryName | undefined;
  private readonly datasets: DatasetCache;
  private readonly ownDatasets = new WeakSet<ResidentDataset>();
  private datasetBytes = 0;
  // Held so that Dawn's instance outlives the device (see OpenedDevice.instance).
  private readonly instance: GPU | undefined;
  private readonly owned: boolean;

  constructor(opened: OpenedDevice, options: SweepEngineOptions = {}) {
    this.device = opened.device;
    this.adapter = opened.adapter;
    this.instance = opened.instance;
    this.owned = opened.owned;
    this.layout = options.layout ?? defaultLayout;
    checkLayout(this.layout);
    this.regimes = options.regimes ?? defaultRegimeCode;
    this.landscapeGeometry = options.landscapeGeometry;
    if (this.landscapeGeometry !== undefined && !(this.landscapeGeometry in landscapeGeometries))
      throw new RangeError(`unknown landscape geometry '${String(this.landscapeGeometry)}'`);
    const limits = this.device.limits;
    const maxBindingBytes = Math.min(
      limits.maxStorageBufferBindingSize,
      limits.maxBufferSize,
      options.maxBindingBytes ?? Number.POSITIVE_INFINITY,
    );
    this.pool = new BufferPool(this.device, options.maxIdleBytes ?? 256 * 2 ** 20, limits.maxBufferSize);
    this.pipelines = new PipelineCache(this.device);
    this.lifecycle = new DeviceLifecycle(this.device, (error) => {
      this.datasets.clear();
      this.pool.destroy();
      options.onDeviceLost?.(error);
    });
    this.runner = new Runner(
      this.device,
      this.pool,
      this.pipelines,
      this.lifecycle,
      limits.maxComputeWorkgroupsPerDimension,
      maxBindingBytes,
    );
    this.datasets = new DatasetCache(this.datasetHost());
  }

  get lost(): GpuError | null {
    return this.lifecycle.lost;
  }

  memory(): EngineMemory {
    return {
      liveBytes: this.pool.liveBytes,
      idleBytes: this.pool.idleBytes,
      liveBuffers: this.pool.liveBuffers,
      pipelines: this.pipelines.size,
      cachedDatasets: this.datasets.size,
      datasetBytesWritten: this.datasetBytes,
    };
  }

  destroy(): void {
    if (!this.lifecycle.destroy()) return;
    this.datasets.clear();
    this.pool.destroy();
    if (this.owned) this.device.destroy();
    void this.instance;
  }

  // ---------------------------------------------------------------- grids

  sweepToBuffer(spec: SweepSpec): GpuSweep {
    this.lifecycle.assertUsable();
    const plan = planSweep(spec);
    return { ...this.gridToBuffer(plan), spec: plan.spec, y: plan.y };
  }

  async sweep(spec: SweepSpec): Promise<SweepResult<Float32Array>> {
    this.lifecycle.assertUsable();
    const grid = this.sweepToBuffer(spec);
    try {
      const [data, stats] = await Promise.all([grid.read(), grid.stats()]);
      return { data, x: grid.x, y: grid.y, spec: grid.spec, ...stats };
    } finally {
      grid.release();
    }
  }

  lineGridToBuffer(spec: LineGridSpec): GpuLineGrid {
    this.lifecycle.assertUsable();
    const plan = planLineGrid(spec);
    return { ...this.gridToBuffer(plan), spec: plan.line };
  }

  async timeSweep(spec: SweepSpec, options: TimeGridOptions = {}): Promise<TimeSweepResult> {
    this.lifecycle.assertUsable();
    return this.timeGrid(planSweep(spec), options);
  }

  async timeLineGrid(spec: LineGridSpec, options: TimeGridOptions = {}): Promise<TimeSweepResult> {
    this.lifecycle.assertUsable();
    return this.timeGrid(planLineGrid(spec), options);
  }

  /**
   * Records a planned grid (a sweep, or a line grid: y = null) into pooled
   * buffers: the coordinates uploaded once, then one sweep dispatch per tile.
   */
  private recordGrid(plan: GridPlan, layout: WriteLayout): (r: Recorder) => GpuSweepTile[] {
    checkLayout(layout);
    const program = sweepProgram(
      sweepShader(
        plan.loss,
        plan.output,
        plan.x.variable,
        plan.y?.variable ?? null,
        layout,
        plan.nx,
        this.regimes,
      ),
    );
    const tiles = this.runner.tiles(program, plan.nx, plan.ny);
    const fixed = plan.fixed.map((f) => toDeviceF32(f.value));
    const { nx } = plan;
    return (r) => {
      const coords = r.upload(deviceCoordinates(plan), USAGE.input, 'losslab sweep coordinates');
      return tiles.map(({ row0, rows }) => {
        const byteLength = rows * nx * 4;
        const buffer = r.output(byteLength, USAGE.grid, 'losslab sweep grid');
        // The y coordinates follow the nx x coordinates in `coords`.
        r.dispatch(program, { nx, rows, row0, y_offset: nx, fixed }, [coords, buffer], { nx, rows });
        return { buffer, row0, rows, byteLength };
      });
    };
  }

  private gridToBuffer(plan: GridPlan): GridHandle {
    const work = this.runner.run('losslab sweep', this.recordGrid(plan, this.layout));
    return this.handleOf(work, plan.nx, plan.ny, plan.x);
  }

  /** A grid in GPU buffers (tiles of whole rows), with stats, readback and release. */
  private handleOf(work: Submitted<GpuSweepTile[]>, nx: number, ny: number, x: AxisCoordinates): GridHandle {
    const tiles = work.value;
    let released = false;
    let statsPromise: Promise<SweepStats> | undefined;
    const assertHeld = (what: string): void => {
      if (released) throw new Error(`GpuSweep.${what}() after release()`);
    };
    return {
      buffer: tiles[0]!.buffer,
      tiles,
      nx,
      ny,
      x,
      ready: work.ready,
      stats: () => {
        assertHeld('stats');
        statsPromise ??= work.ready.then(() => this.reduceStats(tiles));
        return statsPromise;
      },
      read: () => {
        assertHeld('read');
        return work.ready.then(() => this.readTiles(tiles, nx * ny));
      },
      release: () => {
        released = true;
        work.release();
      },
    };
  }

  // ---------------------------------------------------------------- landscapes

  createDataset(data: Dataset): GpuDataset {
    this.lifecycle.assertUsable();
    const dataset = new ResidentDataset(this.datasetHost(), data);
    this.ownDatasets.add(dataset);
    return dataset;
  }

  private datasetHost() {
    return {
      resident: (bytes: Float32Array<ArrayBuffer>, label: string) =>
        this.runner.resident(bytes, USAGE.input, label),
      maxBindingBytes: this.runner.maxBindingBytes,
      wrote: (bytes: number) => {
        this.datasetBytes += bytes;
      },
      assertUsable: () => this.lifecycle.assertUsable(),
    };
  }

  /** Validates the spec (core's checks, then the GPU's) and finds its dataset on the GPU. */
  private planLandscape(spec: GpuLandscapeSpec): { plan: LandscapePlan; dataset: ResidentDataset } {
    const given = (spec as { data?: unknown } | null)?.data;
    if (given instanceof ResidentDataset) {
      if (!this.ownDatasets.has(given))
        throw new Error('landscape: this GpuDataset belongs to another engine; create it with this one');
      if (given.isReleased) throw new Error('landscape: the GpuDataset was released');
      if (given.failed !== undefined) throw given.failed;
      return { plan: planLandscape(spec, given.data), dataset: given };
    }
    const plan = planLandscape(spec, given as Dataset);
    return { plan, dataset: this.datasets.acquire(given as Dataset, plan.loss.id) };
  }

  /** Records a planned landscape: coordinates uploaded, then per tile a dispatch per band of rows. */
  private recordLandscape(plan: LandscapePlan, dataset: ResidentDataset): (r: Recorder) => GpuSweepTile[] {
    const geometry = this.landscapeGeometry ?? chooseGeometry(plan.nx, plan.ny);
    const program = landscapeProgram({
      loss: plan.loss,
      output: plan.output,
      geometry,
      regimes: this.regimes,
    });
    const tiles = this.runner.tiles(program, plan.nx, plan.ny);
    const { nx, n } = plan;
    const coordinates = new Float32Array(plan.nx + plan.ny);
    coordinates.set(plan.w.coords);
    coordinates.set(plan.b.coords, plan.nx);
    const base = { nx, n, opaque: 0, divisor: plan.divisor, l2: plan.l2, hyper: plan.hyper };
    const wy = landscapeGeometries[geometry].wy;
    return (r) => {
      const coords = r.upload(coordinates, USAGE.input, 'losslab landscape coordinates');
      return tiles.map(({ row0, rows }) => {
        const byteLength = rows * nx * 4;
        const buffer = r.output(byteLength, USAGE.grid, 'losslab landscape grid');
        for (const band of dispatchBands(rows, nx, n, wy)) {
          r.dispatch(
            program,
            { ...base, rows: band.rows, row0: row0 + band.row, out_row0: band.row },
            [coords, dataset.buffer, buffer],
            { nx, rows: band.rows },
          );
        }
        return { buffer, row0, rows, byteLength };
      });
    };
  }

  landscapeToBuffer(spec: GpuLandscapeSpec): GpuLandscape {
    this.lifecycle.assertUsable();
    const { plan, dataset } = this.planLandscape(spec);
    const version = dataset.version;
    const work = this.runner.run('losslab landscape', this.recordLandscape(plan, dataset));
    const handle = this.handleOf(work, plan.nx, plan.ny, plan.w);
    const ready = Promise.all([dataset.ready, handle.ready]).then(() => {});
    ready.catch(() => {});
    return {
      ...handle,
      ready,
      y: plan.b,
      spec: plan.resolved.sweep,
      model: plan.resolved.model,
      dataset,
      datasetVersion: version,
    };
  }

  async landscape(spec: GpuLandscapeSpec): Promise<LandscapeResult<Float32Array>> {
    this.lifecycle.assertUsable();
    const grid = this.landscapeToBuffer(spec);
    try {
      await grid.ready;
      const [data, stats] = await Promise.all([grid.read(), grid.stats()]);
      return { data, x: grid.x, y: grid.y, spec: grid.spec, model: grid.model, ...stats };
    } finally {
      grid.release();
    }
  }

  async timeLandscape(spec: GpuLandscapeSpec, options: TimeOptions = {}): Promise<TimeSweepResult> {
    this.lifecycle.assertUsable();
    const { plan, dataset } = this.planLandscape(spec);
    await this.lifecycle.guard(dataset.ready);
    const build = this.recordLandscape(plan, dataset);
    return this.runner.time('losslab timed landscape', (r) => void build(r), timing(options));
  }

  private async readTiles(tiles: readonly GpuSweepTile[], points: number): Promise<Float32Array> {
    const out = new Float32Array(points);
    let offset = 0;
    for (const tile of tiles) {
      for (let start = 0; start < tile.byteLength; start += READBACK_CHUNK) {
        const bytes = Math.min(READBACK_CHUNK, tile.byteLength - start);
        const [data] = await this.runner.fetch('losslab readback', (r) =>
          r.readBack(tile.buffer, start, bytes),
        );
        out.set(new Float32Array(data!), (offset + start) / 4);
      }
      offset += tile.byteLength;
    }
    return out;
  }

  private async reduceStats(tiles: readonly GpuSweepTile[]): Promise<SweepStats> {
    this.lifecycle.assertUsable();
    const [words] = await this.runner.fetch('losslab stats', (r) => {
      const acc = r.upload(STATS_INITIAL, USAGE.grid, 'losslab stats');
      for (const tile of tiles) {
        const n = tile.byteLength / 4;
        r.dispatch(statsProgram, { n, pad0: 0, pad1: 0, pad2: 0 }, [tile.buffer, acc], { n });
      }
      r.readBack(acc, 0, STATS_WORDS * 4);
    });
    return decodeStats(new Uint32Array(words!));
  }

  // ---------------------------------------------------------------- batches

  async evaluateBatch(
    loss: LossRef,
    columns: Readonly<Record<string, Column>>,
    options: { output?: Output } = {},
  ): Promise<Float32Array> {
    this.lifecycle.assertUsable();
    const input = resolveBatch(loss, columns, options.output);
    const result = new Float32Array(input.count);
    if (input.count === 0) return result;
    const program = batchProgram({ loss: input.loss, output: input.output, scalars: input.scalars });
    const arrays = input.loss.variables.length - input.scalars.size;
    const scalars = scalarValues(input);
    const chunk = Math.max(
      1,
      Math.min(input.count, Math.floor(this.runner.maxBindingBytes / 4 / Math.max(1, arrays))),
    );
    for (let start = 0; start < input.count; start += chunk) {
      const n = Math.min(chunk, input.count - start);
      const [values] = await this.runner.fetch('losslab batch', (r) => {
        const cols = r.upload(packColumns(input, start, n), USAGE.input, 'losslab batch columns');
        const out = r.scratch(n * 4, USAGE.grid, 'losslab batch output');
        // Columns are n apart in `cols`.
        r.dispatch(program, { n, stride: n, pad0: 0, pad1: 0, scalars }, [cols, out], { n });
        r.readBack(out, 0, n * 4);
      });
      result.set(new Float32Array(values!), start);
    }
    if (input.loss.source?.kind === 'custom') throwIfUndefined(input, result);
    return result;
  }

  // ---------------------------------------------------------------- timing

  private timeGrid(plan: GridPlan, options: TimeGridOptions): Promise<TimeSweepResult> {
    const build = this.recordGrid(plan, options.layout ?? this.layout);
    return this.runner.time('losslab timed sweep', (r) => void build(r), timing(options));
  }

  async timeFill(grid: GridShape, options: TimeOptions = {}): Promise<TimeSweepResult> {
    this.lifecycle.assertUsable();
    const tiles = this.runner.tiles(fillProgram, ...checkShape(grid));
    return this.runner.time(
      'losslab fill',
      (r) => {
        for (const { rows } of tiles) {
          const extent = { nx: grid.nx, rows };
          const count = fillCount(extent);
          const buffer = r.output(16 * count, USAGE.grid, 'losslab fill');
          r.dispatch(fillProgram, { count }, [buffer], extent);
        }
      },
      timing(options),
    );
  }

  async timeArithmetic(
    work: ArithmeticWork,
    options: TimeOptions = {},
  ): Promise<TimeSweepResult & { readonly flops: number }> {
    this.lifecycle.assertUsable();
    const { invocations, iterations } = checkWork(work);
    const result = await this.runner.time(
      'losslab f32 peak',
      (r) => {
        const out = r.output(invocations * 4, USAGE.grid, 'losslab f32 peak');
        r.dispatch(peakProgram, { iterations, invocations, a: 0.9999, c: 1e-4 }, [out], { invocations });
      },
      timing(options),
    );
    return { ...result, flops: invocations * iterations * PEAK_FLOPS_PER_ITERATION };
  }

  async timeClear(grid: GridShape, options: TimeOptions = {}): Promise<TimeSweepResult> {
    this.lifecycle.assertUsable();
    const tiles = this.runner.tiles(fillProgram, ...checkShape(grid));
    return this.runner.time(
      'losslab clear',
      (r) => {
        for (const { rows } of tiles) {
          const bytes = rows * grid.nx * 4;
          r.clear(r.output(bytes, USAGE.grid, 'losslab clear'), bytes);
        }
      },
      timing(options),
    );
  }
}

function checkWork(work: ArithmeticWork): ArithmeticWork {
  for (const [name, n] of [
    ['invocations', work.invocations],
    ['iterations', work.iterations],
  ] as const) {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 31)
      throw new RangeError(`arithmetic ${name} must be an integer in [1, 2^31], got ${n}`);
  }
  return work;
}

function timing(options: TimeOptions): { repetitions: number; batch?: number } {
  return {
    repetitions: options.repetitions ?? 10,
    ...(options.batch !== undefined ? { batch: options.batch } : {}),
  };
}

function checkShape(grid: GridShape): [number, number] {
  for (const [name, n] of [
    ['nx', grid.nx],
    ['ny', grid.ny],
  ] as const) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`grid ${name} must be an integer ≥ 1, got ${n}`);
  }
  return [grid.nx, grid.ny];
}

/**
 * Opens a device (navigator.gpu by default, or `options.gpu`, or adopts
 * `options.device`) and returns an engine on it. Rejects with a GpuError:
 * 'no-webgpu', 'no-adapter' or 'device-request-failed'.
 */
export async function createSweepEngine(options: SweepEngineOptions = {}): Promise<SweepEngine> {
  return new WebGpuSweepEngine(await openDevice(options), options);
}
