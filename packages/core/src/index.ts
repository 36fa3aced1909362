// The loss catalog

// Evaluation
export { type BatchOptions, type Column, evaluate, evaluateBatch, gradient } from './api/evaluate.js';
export {
  checkOutput,
  continuousVariables,
  type Output,
  outputExpr,
  outputKey,
  partialExpr,
  valueExactlyInfinite,
} from './api/output.js';
export { type Reduction, reduce } from './api/reduce.js';
export {
  getLoss,
  isLossId,
  type LossId,
  type LossRef,
  losses,
  lossIds,
  resolveLoss,
} from './api/registry.js';
export {
  type AxisCoordinates,
  type AxisSpec,
  axisCoordinates,
  cpuSweepLimits,
  type ResolvedSweep,
  resolveFixed,
  resolveSweep,
  resolveSweepAxis,
  type SweepLimits,
  type SweepOptions,
  type SweepResult,
  type SweepSpec,
  type SweepStats,
  sweep,
  sweepRows,
  sweepStats,
} from './api/sweep.js';
export { explainUndefined, UndefinedValueError, undefinedValueError } from './api/undefined.js';
// Input checking, shared with @losslab/gpu so that its bulk paths throw exactly core's RangeErrors.
export {
  checkValue,
  findVariable,
  missingError,
  ownProperty,
  rejectUnknown,
  resolveArguments,
} from './api/validate.js';
export { defineLoss, isDefinedLoss, variableNamePattern } from './catalog/define.js';
export { domains, formatDomain, inDomain, isContinuous } from './catalog/domain.js';
export type {
  AxisScale,
  CustomSource,
  Domain,
  LossDef,
  LossFamily,
  LossProperties,
  LossSource,
  VariableDef,
  VariableRole,
} from './catalog/types.js';
export { type NumericArray, sweepKernelSource } from './compile/kernels.js';
// Custom losses: a formula, made into a definition every API takes
export * from './custom/index.js';
export * as ex from './expr/build.js';
export { exactlyInfinite, primitivePoles } from './expr/infinity.js';
export { interpret } from './expr/interpret.js';
// The expression language, for code generators (WGSL in @losslab/gpu)
export type { CompareOp, Cond, Expr } from './expr/nodes.js';
export { freeVariables } from './expr/nodes.js';
export { cpuPrimitives, type PrimitiveName, primitiveArity, primitiveNames } from './expr/primitives.js';
export {
  type BranchSyntax,
  type EmitOptions,
  emitProgram,
  type Program,
  type Target,
} from './expr/schedule.js';
export {
  type AppliedRewrite,
  type RewriteRule,
  rewriteRules,
  type Simplified,
  simplify,
} from './expr/simplify.js';
export { type Bindings, substitute } from './expr/substitute.js';
// Landscapes: a dataset's total loss over a line's (w, b); fits and optimizer paths
export { type FitOptions, type FitResult, fitModel } from './landscape/fit/fit.js';
export {
  catalogModelForms,
  type ModelForm,
  type ModelFormName,
  type ModelTerm,
  modelFormOf,
  modelForms,
  modelLossIds,
  modelTerm,
  modelVariables,
} from './landscape/forms.js';
export type { PreparedData } from './landscape/kernels.js';
export {
  type Dataset,
  type ModelPoint,
  type ModelReduction,
  type ModelSpec,
  type ResolvedModel,
  resolveModel,
} from './landscape/model.js';
export {
  maxOptimizerSteps,
  type OptimizeOptions,
  type OptimizerMethod,
  optimize,
  optimizerMethods,
  type Trajectory,
} from './landscape/optimize.js';
export {
  cpuLandscapeLimits,
  type LandscapeAxis,
  type LandscapeLimits,
  type LandscapeOutput,
  type LandscapeResult,
  type LandscapeSpec,
  landscape,
  landscapeRows,
  type ResolvedLandscape,
  resolveLandscape,
  totalGradient,
  totalLoss,
} from './landscape/totals.js';
