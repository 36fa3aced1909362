import type { ColormapName } from './colormaps';

/** A sweep grid: row-major, `data[j·nx + i]` is the value at column i (left→right) and row j (bottom→top). */
export type GridSource =
  | { kind: 'gpu'; buffer: GPUBuffer; nx: number; ny: number }
  | { kind: 'cpu'; data: Float32Array; nx: number; ny: number };

export interface ColorStyle {
  colormap: ColormapName;
  colorScale: 'linear' | 'log';
  /** Values mapped to the two ends of the colormap; for 'log' the caller passes min > 0. */
  range: { min: number; max: number };
  /** Number of iso-lines, evenly spaced in colour-scale space; 0 = off. */
  contours: number;
}

export interface HeatmapRenderer {
  readonly backend: 'webgpu' | 'canvas2d';
  draw(source: GridSource, style: ColorStyle): void;
  destroy(): void;
}

export interface CameraState {
  /** Rotation about the vertical axis, radians. */
  yaw: number;
  /** Elevation above the grid plane, radians. */
  pitch: number;
  /** Eye distance from the target, world units (the grid spans [-1, 1]²). */
  distance: number;
  targetX: number;
  targetY: number;
}

export type SurfaceStyle = ColorStyle & { wireframe: boolean };

export interface SurfaceRenderer {
  readonly backend: 'webgpu' | 'canvas2d';
  draw(source: GridSource, style: SurfaceStyle): void;
  camera: CameraState;
  onCameraChange(cb: (c: CameraState) => void): void;
  destroy(): void;
}
