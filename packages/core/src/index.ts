// The loss catalog
export { getLoss, isLossId, lossIds, losses, type LossId } from './api/registry.js';
export type {
  AxisScale,
  Domain,
  LossDef,
  LossFamily,
  LossProperties,
  VariableDef,
  VariableRole,
} from './catalog/types.js';
export { domains, formatDomain, inDomain, isContinuous } from './catalog/domain.js';

// Evaluation
export { evaluate, evaluateBatch, gradient, type BatchOptions, type Column } from './api/evaluate.js';
export { continuousVariables, outputExpr, outputKey, checkOutput, type Output } from './api/output.js';
export { reduce, type Reduction } from './api/reduce.js';
// Input checking, shared with @losslab/gpu so that its bulk paths throw exactly core's RangeErrors.
export { checkValue, findVariable, missingError, rejectUnknown, resolveArguments } from './api/validate.js';
export {
  axisCoordinates,
  cpuSweepLimits,
  resolveSweep,
  sweep,
  sweepRows,
  sweepStats,
  type AxisCoordinates,
  type AxisSpec,
  type ResolvedSweep,
  type SweepLimits,
  type SweepOptions,
  type SweepResult,
  type SweepSpec,
  type SweepStats,
} from './api/sweep.js';
export { sweepKernelSource, type NumericArray } from './compile/kernels.js';

// The expression language, for code generators (WGSL in @losslab/gpu)
export type { CompareOp, Cond, Expr } from './expr/nodes.js';
export { freeVariables } from './expr/nodes.js';
export { cpuPrimitives, primitiveArity, primitiveNames, type PrimitiveName } from './expr/primitives.js';
export { emitProgram, type EmitOptions, type Program, type Target } from './expr/schedule.js';
export { interpret } from './expr/interpret.js';
export * as ex from './expr/build.js';
