/** The shapes a benchmark run produces: JSON on disk, the page's table, the report's input. */

/** Every backend the bench knows. `gpu` in a request also runs `gpu-readback` and the fills. */
export const backendIds = [
  'gpu',
  'gpu-readback',
  'cpu1',
  'cpuN',
  'js',
  'tfjs-cpu',
  'tfjs-wasm',
  'tfjs-webgpu',
  'torch-cuda',
] as const;
export type BackendId = (typeof backendIds)[number];

export const backendLabels: Record<BackendId, string> = {
  gpu: 'losslab GPU (WebGPU, into a buffer)',
  'gpu-readback': 'losslab GPU + readback to CPU',
  cpu1: 'losslab core, 1 thread',
  cpuN: 'losslab core, all cores',
  js: 'hand-written JS loop, 1 thread',
  'tfjs-cpu': 'TensorFlow.js cpu',
  'tfjs-wasm': 'TensorFlow.js wasm',
  'tfjs-webgpu': 'TensorFlow.js webgpu',
  'torch-cuda': 'PyTorch CUDA (elementwise)',
};

export interface Stat {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Timed repetitions. */
  readonly reps: number;
  /** Untimed warm-up runs before them (excluded from the stats). */
  readonly warmup: number;
  /** Time of the first warm-up run (compilation, allocation), reported apart. */
  readonly firstRunMs?: number;
}

/** Agreement with core's f64 values at a fixed sample of grid points. */
export interface Checksum {
  /** Σ of the sampled finite values. */
  readonly sum: number;
  readonly reference: number;
  /** Largest |value − core| / max(|core|, floor) over the sample. */
  readonly maxRelErr: number;
  /** Points where one is ±∞/NaN and the other is not (or a different infinity). */
  readonly nonFiniteMismatches: number;
  readonly sampled: number;
  readonly tolerance: number;
  readonly ok: boolean;
}

/**
 * Why a backend did not measure a case. Which of these are acceptable where
 * depends on the machine: see expectations.ts.
 * - 'no-gpu': this runtime has no WebGPU entry point or no adapter;
 * - 'size-limit': the case is over the backend's size limit (`maxSize`);
 * - 'no-formula': the peer has no formula written for this loss (or its axes);
 * - 'unavailable': the backend did not load here (a TensorFlow.js backend's init failed);
 * - 'external': measured by another process (PyTorch: scripts/torch_peer.py, merged after).
 */
export type SkipKind = 'no-gpu' | 'size-limit' | 'no-formula' | 'unavailable' | 'external';

export interface Measurement {
  readonly backend: BackendId;
  readonly loss: string;
  /** Points per axis; the grid has size² points. */
  readonly size: number;
  readonly points: number;
  readonly status: 'ok' | 'skipped' | 'failed';
  /** Why it was skipped or how it failed. */
  readonly reason?: string;
  /** The kind of skip (skipped only; absent in results written before it existed). */
  readonly skip?: SkipKind;
  readonly time?: Stat;
  /** How the time was taken: 'timestamp' (GPU timestamps), 'wall' (per call), 'wall-batched'. */
  readonly method?: string;
  /** GPU only: the batched wall-clock time per sweep, as a cross-check of the timestamps. */
  readonly batchedWallMs?: number;
  readonly evalsPerSec?: number;
  /** GPU only: fill time / sweep time for the same bytes (1 = at the write-bandwidth limit). */
  readonly bandwidthFraction?: number;
  readonly checksum?: Checksum;
  /** What exactly was computed when it differs from a 2D sweep (one-variable losses). */
  readonly note?: string;
}

/** The device's write bandwidth on a buffer of one sweep's size. */
export interface FillMeasurement {
  readonly size: number;
  readonly bytes: number;
  readonly kernel?: Stat & { readonly method: string; readonly batchedWallMs?: number };
  readonly clear?: Stat & { readonly method: string };
  /** The faster of the two, the limit a sweep is compared against. */
  readonly bestMs?: number;
  readonly gbPerSec?: number;
  readonly reason?: string;
}

export interface AdapterDescription {
  readonly description: string;
  readonly vendor: string;
  readonly architecture: string;
  readonly isSoftware: boolean;
  readonly timestamps: boolean;
}

/** The landscape suite (landscape-measure.ts): every loss × size × data points. */
export interface LandscapeOptions {
  /** Losses with a model form. */
  readonly losses: readonly string[];
  /** Grid points per axis (w and b): size² cells. */
  readonly sizes: readonly number[];
  /** Data points per landscape. */
  readonly ns: readonly number[];
}

export interface BenchOptions {
  /** Sweep losses (none: no sweeps, the landscape suite alone). */
  readonly losses: readonly string[];
  readonly sizes: readonly number[];
  readonly reps: number;
  readonly warmup: number;
  readonly backends: readonly BackendId[];
  /** Largest size per backend (points per axis); bigger ones are skipped with a reason. */
  readonly maxSize: Readonly<Partial<Record<BackendId, number>>>;
  /** Seconds one (backend, loss, size) may take; fewer reps (≥ 3) when a rep is slow. */
  readonly budgetS: number;
  readonly quick: boolean;
  /** The landscape suite, where asked for. */
  readonly landscape?: LandscapeOptions;
}

/**
 * One backend on one landscape case: a loss's total over n data points on a
 * size × size grid of (w, b). `points` is the number of cells; evalsPerSec
 * counts loss evaluations (cells × n) per second. Backends too slow for the
 * whole grid compute an evenly spread subset of its rows (`rows`): their
 * times are per whole grid, scaled by its rows over theirs (exactly linear:
 * every row is the same work), as the note says.
 */
export interface LandscapeMeasurement extends Measurement {
  readonly n: number;
  /** Loss evaluations in the whole grid: size² × n. */
  readonly evaluations: number;
  /** Rows computed, where fewer than the grid's (times scaled to the whole grid). */
  readonly rows?: number;
  /** GPU rows: f32 operations per evaluation, counted in the generated WGSL (flops.ts). */
  readonly flopsPerEval?: number;
  /** GPU rows: evalsPerSec × flopsPerEval over the device's f32 peak (BenchResult.peak). */
  readonly peakFraction?: number;
}

/** The device's f32 arithmetic peak, as the landscape rows' fraction is taken against. */
export interface PeakEstimate {
  /** Flops per second the fractions use. */
  readonly flopsPerSec: number;
  /** 'table': the vendor's figure for this GPU (tableName); 'measured': the FMA kernel below. */
  readonly basis: 'table' | 'measured';
  readonly tableName?: string;
  readonly tableFlopsPerSec?: number;
  /** The engine's FMA kernel (engine.timeArithmetic): flops / its median time. */
  readonly measuredFlopsPerSec?: number;
  readonly measuredMethod?: string;
  readonly reason?: string;
}

export interface BenchResult {
  readonly version: 1;
  readonly date: string;
  readonly environment: {
    readonly runtime: string;
    readonly platform: string;
    readonly cpu: string;
    readonly cpuCount: number;
    readonly workers: number;
  };
  readonly adapter: AdapterDescription | null;
  /** Why there is no GPU, when there is none. */
  readonly adapterReason?: string;
  readonly options: BenchOptions;
  readonly fills: FillMeasurement[];
  readonly measurements: Measurement[];
  /** The landscape suite's rows, where it ran. */
  readonly landscapes?: LandscapeMeasurement[];
  /** The GPU's f32 peak, where landscapes ran on a GPU. */
  readonly peak?: PeakEstimate;
  readonly totalSeconds: number;
}
