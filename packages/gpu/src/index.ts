/**
 * @losslab/gpu: core's losses on WebGPU. WGSL is generated from core's
 * expression trees (src/wgsl); each kernel is a declared program
 * (src/programs), and the sweep engine (src/engine) runs them with core's
 * validation, pooled buffers, cached pipelines and typed faults.
 */
// WGSL generated from core's expression trees

export { type GpuDataset, POINT_BYTES } from './engine/dataset.js';
export { type AdapterDescription, type AdapterLimits, isWebGpuAvailable } from './engine/device.js';
// The sweep engine
export {
  type ArithmeticWork,
  createSweepEngine,
  type EngineMemory,
  type GpuLandscape,
  type GpuLineGrid,
  type GpuSweep,
  type GpuSweepTile,
  type GridShape,
  type SweepEngine,
  type SweepEngineOptions,
  type TimeGridOptions,
  type TimeOptions,
} from './engine/engine.js';
export {
  F32_MAX,
  F32_MIN_NORMAL,
  F32_RANGE_TEXT,
  F32RangeError,
  isF32Representable,
} from './engine/f32-policy.js';
export { type GpuLandscapeSpec, gpuLandscapeLimits } from './engine/landscape-plan.js';
export { gpuSweepLimits, type LineGridSpec, type ResolvedLineGrid } from './engine/plan.js';
export type { TimeSweepResult, TimingSamples } from './engine/timing.js';
export { GpuError, type GpuErrorKind } from './errors.js';
export type { BatchShader } from './programs/batch.js';
export {
  chooseGeometry,
  type LandscapeCellOutput,
  type LandscapeGeometryName,
  type LandscapeShader,
  landscapeGeometries,
  landscapeModule,
  termFunction,
} from './programs/landscape.js';
export { PEAK_FLOPS_PER_ITERATION, peakKernelSource } from './programs/peak.js';
export { decodeStats, statsKernelSource } from './programs/stats.js';
export type { SweepShader } from './programs/sweep.js';
export { generateWgsl, generateWgslLibrary, type WgslEntry } from './wgsl/generate.js';
export { benchmarkLayouts, defaultLayout, layoutKey, type WriteLayout } from './wgsl/layout.js';
export { toDeviceF32, wgslF32 } from './wgsl/literals.js';
export {
  defaultRegimeCode,
  functionName,
  type LossFunctionWgsl,
  lossFunction,
  type RegimeCode,
  splitPartial,
} from './wgsl/loss-function.js';
export { preludeSource } from './wgsl/prelude.js';
export { rewriteForF32 } from './wgsl/rewrite.js';
export { wgslTarget } from './wgsl/target.js';
