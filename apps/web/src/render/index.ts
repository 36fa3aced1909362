import { Canvas2dHeatmapRenderer } from './canvas2d/heatmap-canvas2d';
import { Canvas2dSurfaceRenderer } from './canvas2d/surface-canvas2d';
import { WebGpuHeatmapRenderer } from './gpu/heatmap-webgpu';
import { WebGpuSurfaceRenderer } from './gpu/surface-webgpu';
import type { HeatmapRenderer, SurfaceRenderer } from './types';

export {
  CAMERA_LIMITS,
  DEFAULT_CAMERA,
  normalizeCamera,
  projectPoint,
  SURFACE_Z_EXTENT,
  viewProjection,
} from './camera';
export { SURFACE_ARIA_LABEL } from './camera-controls';
export type { ColormapName } from './colormaps';
export {
  colormapLut,
  colormapNames,
  colormapRgb,
  INFINITY_MARKER_RGB,
  LUT_SIZE,
  lutIndex,
  NEG_INFINITY_MARKER_RGB,
} from './colormaps';
export { cellAt } from './grid';
export { classify, resolveScale, scaleT, valueRgb } from './scale';
export type {
  CameraState,
  ColorStyle,
  GridSource,
  HeatmapRenderer,
  SurfaceRenderer,
  SurfaceStyle,
} from './types';

/**
 * Heatmap on `canvas`: WebGPU when a device is given, else Canvas 2D. A
 * canvas keeps the kind of context it first gave, so falling back after a
 * device loss needs a fresh canvas element.
 */
export function createHeatmapRenderer(canvas: HTMLCanvasElement, device?: GPUDevice): HeatmapRenderer {
  return device ? new WebGpuHeatmapRenderer(canvas, device) : new Canvas2dHeatmapRenderer(canvas);
}

/** 3D surface on `canvas`, with orbit/zoom/pan input attached; same backend rule as the heatmap. */
export function createSurfaceRenderer(canvas: HTMLCanvasElement, device?: GPUDevice): SurfaceRenderer {
  return device ? new WebGpuSurfaceRenderer(canvas, device) : new Canvas2dSurfaceRenderer(canvas);
}
