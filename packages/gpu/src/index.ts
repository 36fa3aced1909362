// WGSL generated from core's expression trees
export {
  type BatchShader,
  functionName,
  generateWgsl,
  generateWgslLibrary,
  type LossFunctionWgsl,
  lossFunction,
  type SweepShader,
  type WgslEntry,
} from './wgsl/generate.js';
export { benchmarkLayouts, defaultLayout, type WriteLayout } from './wgsl/layout.js';
export { toDeviceF32, wgslF32 } from './wgsl/literals.js';
export { preludeSource } from './wgsl/prelude.js';
export { rewriteForF32 } from './wgsl/rewrite.js';
export { wgslTarget } from './wgsl/target.js';
