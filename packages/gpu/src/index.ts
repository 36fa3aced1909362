/**
 * @losslab/gpu: core's losses on WebGPU. WGSL is generated from core's
 * expression trees (src/wgsl), and the sweep engine (src/engine) runs it with
 * core's validation, pooled buffers, cached pipelines and typed faults.
 */
// WGSL generated from core's expression trees

export { type AdapterDescription, type AdapterLimits, isWebGpuAvailable } from './engine/device.js';
// The sweep engine
export {
  createSweepEngine,
  type EngineMemory,
  type GpuLineGrid,
  type GpuSweep,
  type GpuSweepTile,
  type SweepEngine,
  type SweepEngineOptions,
} from './engine/engine.js';
export {
  F32_MAX,
  F32_MIN_NORMAL,
  F32_RANGE_TEXT,
  F32RangeError,
  isF32Representable,
} from './engine/f32-policy.js';
export { gpuSweepLimits, type LineGridSpec, planSweep, type ResolvedLineGrid } from './engine/plan.js';
export { decodeStats, statsKernelSource } from './engine/stats.js';
export type { TimeSweepResult } from './engine/timing.js';
export { GpuError, type GpuErrorKind } from './errors.js';
export {
  type BatchShader,
  defaultRegimeCode,
  functionName,
  generateWgsl,
  generateWgslLibrary,
  type LossFunctionWgsl,
  lossFunction,
  type RegimeCode,
  type SweepShader,
  splitPartial,
  type WgslEntry,
} from './wgsl/generate.js';
export { benchmarkLayouts, defaultLayout, layoutKey, type WriteLayout } from './wgsl/layout.js';
export { toDeviceF32, wgslF32 } from './wgsl/literals.js';
export { preludeSource } from './wgsl/prelude.js';
export { rewriteForF32 } from './wgsl/rewrite.js';
export { wgslTarget } from './wgsl/target.js';
