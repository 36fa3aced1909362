/** The compute layer's contract: one interface over the WebGPU engine and the CPU worker pool. */
import type { AxisCoordinates, LandscapeSpec, SweepSpec, SweepStats } from '@losslab/core';
import type { GridSource } from '../render/types';

export type BackendKind = 'webgpu' | 'cpu';

export interface BackendInfo {
  readonly kind: BackendKind;
  /** Short badge text, e.g. "WebGPU" or "CPU · 2 workers". */
  readonly label: string;
  /** Why this path is active, in a sentence. */
  readonly reason: string;
  /** True for software GPU adapters (SwiftShader, WARP, llvmpipe). */
  readonly software: boolean;
  /** Largest grid size per axis for heatmaps. */
  readonly maxResolution: number;
  /** Largest grid size per axis for surfaces. */
  readonly maxSurfaceResolution: number;
}

/** One finished sweep (of a loss, or a model's landscape), ready to draw. */
export interface GridResult<S = SweepSpec> {
  readonly source: GridSource;
  readonly stats: SweepStats;
  readonly x: AxisCoordinates;
  readonly y: AxisCoordinates;
  readonly spec: S;
  /** From dispatch to the statistics being known (the GPU has finished). */
  readonly sweepMs: number;
  /** The grid's f32 values, row-major (read back from the GPU on first use). */
  values(): Promise<Float32Array>;
  /** Frees GPU memory; the result must not be drawn afterwards. */
  release(): void;
}

/** A landscape of a model over (w, b), and where it was computed. */
export interface LandscapeGrid extends GridResult<LandscapeSpec> {
  readonly computedOn: BackendKind;
  /** Why a landscape on the GPU path was computed on the CPU, when it was (a clause, no final stop). */
  readonly fallback?: string;
  /**
   * On the GPU: the resident dataset's version the grid was drawn from, and the
   * bytes written to the engine's datasets so far (a moved point adds 16).
   */
  readonly resident?: { readonly version: number; readonly bytesWritten: number };
}

export interface ComputeBackend {
  readonly info: BackendInfo;
  /** The GPU device renderers draw with, on the WebGPU path. */
  readonly device: GPUDevice | undefined;
  sweep(spec: SweepSpec): Promise<GridResult>;
  /** core's landscape (the total loss of a line over a grid of (w, b)), in f32. */
  landscape(spec: LandscapeSpec): Promise<LandscapeGrid>;
  destroy(): void;
}
