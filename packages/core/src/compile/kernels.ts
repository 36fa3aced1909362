/**
 * Compiles loss trees into specialised JavaScript functions, once per
 * (loss, output, shape) and cached: bulk paths never interpret a tree per
 * point. Loop-invariant subexpressions are hoisted out of inner loops by
 * `emitProgram`'s levels.
 */

import { type Output, outputKey, partialExpr, valueExactlyInfinite } from '../api/output.js';
import type { Domain, LossDef } from '../catalog/types.js';
import { select } from '../expr/build.js';
import type { Expr } from '../expr/nodes.js';
import { cpuPrimitives } from '../expr/primitives.js';
import { emitProgram } from '../expr/schedule.js';
import * as jsHelpers from './js-helpers.js';
import { jsConstant, jsTarget } from './js-target.js';

export type NumericArray = Float64Array | Float32Array;

/** f(args) for one point, args in the loss's variable order. */
export type PointKernel = (args: readonly number[]) => number;

/**
 * Checks every array column against its domain, then writes out[i] for
 * i < n (array columns indexed, scalar columns constant). Returns null, or
 * the first out-of-domain input, in which case nothing was written.
 */
export type BatchKernel = (
  out: NumericArray,
  n: number,
  columns: readonly (ArrayLike<number> | number)[],
) => { readonly column: number; readonly index: number } | null;

/** Writes out[(j − rowStart)·nx + i] = f(xs[i], ys[j], fixed) for rows rowStart ≤ j < rowEnd. */
export type SweepKernel = (
  out: NumericArray,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  fixed: readonly number[],
  rowStart: number,
  rowEnd: number,
) => void;

/**
 * Compiled kernels per definition object, not per id: a custom loss may reuse
 * an id with a new formula, and a definition that is dropped takes its
 * kernels with it.
 */
const caches = new WeakMap<LossDef, Map<string, unknown>>();

function cached<T>(loss: LossDef, key: string, make: () => T): T {
  let cache = caches.get(loss);
  if (cache === undefined) {
    cache = new Map();
    caches.set(loss, cache);
  }
  let f = cache.get(key) as T | undefined;
  if (f === undefined) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/**
 * JS identifiers for variables: `v<i>`, the variable's slot in the loss's
 * declaration order. Names never reach the generated code (a custom loss's
 * names are user text), and slots can never clash with temporaries (`t<n>`),
 * the kernels' own locals or globals.
 */
function slots(loss: LossDef): (name: string) => string {
  const slot = new Map(loss.variables.map((v, i) => [v.name, `v${i}`]));
  return (name) => {
    const id = slot.get(name);
    if (id === undefined)
      throw new Error(`${loss.id}: the tree uses ${JSON.stringify(name)}, not a variable`);
    return id;
  };
}

// Outputs get `+ 0`: the catalog's zeros are +0 (−0 + 0 is +0), never −0.

function build<T>(params: string[], body: string, exactInfinity: ExactInfinityCheck = noCheck): T {
  // The generated code only ever references its parameters, Math, P, H and X.
  return new Function('P', 'H', 'X', `return function (${params.join(', ')}) {\n${body}\n};`)(
    cpuPrimitives,
    jsHelpers,
    exactInfinity,
  ) as T;
}

/** Is the loss's value at these arguments (variable order) infinite in exact arithmetic? */
type ExactInfinityCheck = (args: readonly number[]) => boolean;
const noCheck: ExactInfinityCheck = () => false;

/**
 * The check, compiled on its own: kernels call it only at points whose value
 * came out ±∞, so its tests of every node cost nothing elsewhere (inlined,
 * they would also pull both sides of every branch out of their if/else).
 */
function exactInfinityCheck(loss: LossDef): ExactInfinityCheck {
  return cached(loss, 'exact-infinity', () => {
    const ident = slots(loss);
    const program = emitProgram([select(valueExactlyInfinite(loss), 1, 0)], jsTarget(ident));
    const unpack = loss.variables.map((v, i) => `const ${ident(v.name)} = args[${i}];`).join('\n');
    return build<ExactInfinityCheck>(
      ['args'],
      `${unpack}\n${program.levels.flat().join('\n')}\nreturn ${program.outputs[0]} === 1;`,
    );
  });
}

/**
 * What a kernel computes for an output: the trees to emit and how their
 * results combine. A partial is the catalog's rule of outputExpr: NaN where
 * the value is infinite in exact arithmetic, the derivative tree elsewhere;
 * losses that cannot be (no pole, no infinite constant) skip the value.
 */
interface KernelOutput {
  readonly trees: Expr[];
  /** The result, from the emitted texts of `trees`. */
  result(texts: readonly string[]): string;
  readonly check?: ExactInfinityCheck;
}

function kernelOutput(loss: LossDef, output: Output, ident: (name: string) => string): KernelOutput {
  if (output === 'value') return { trees: [loss.expr], result: ([v]) => v! };
  const partial = partialExpr(loss, output.partial);
  if (valueExactlyInfinite(loss) === false) return { trees: [partial], result: ([p]) => p! };
  const args = `[${loss.variables.map((v) => ident(v.name)).join(', ')}]`;
  return {
    trees: [loss.expr, partial],
    result: ([v, p]) => `(Math.abs(${v}) === Infinity && X(${args}) ? NaN : ${p})`,
    check: exactInfinityCheck(loss),
  };
}

export function pointKernel(loss: LossDef, output: Output): PointKernel {
  return cached(loss, `point|${outputKey(output)}`, () => {
    const ident = slots(loss);
    const what = kernelOutput(loss, output, ident);
    const program = emitProgram(what.trees, jsTarget(ident));
    const unpack = loss.variables.map((v, i) => `const ${ident(v.name)} = args[${i}];`).join('\n');
    return build<PointKernel>(
      ['args'],
      `${unpack}\n${program.levels.flat().join('\n')}\nreturn ${what.result(program.outputs)} + 0;`,
      what.check,
    );
  });
}

/** @param scalarMask which columns are scalars (bit i for variable i) */
export function batchKernel(loss: LossDef, output: Output, scalarMask: number): BatchKernel {
  return cached(loss, `batch|${outputKey(output)}|${scalarMask}`, () => {
    const ident = slots(loss);
    const isScalar = (i: number): boolean => (scalarMask & (1 << i)) !== 0;
    const levels: Record<string, number> = {};
    loss.variables.forEach((v, i) => {
      levels[v.name] = isScalar(i) ? 0 : 1;
    });
    const what = kernelOutput(loss, output, ident);
    const program = emitProgram(what.trees, jsTarget(ident), {
      variableLevels: levels,
      levelCount: 2,
    });
    const columns = loss.variables.map((_, i) => `const c${i} = columns[${i}];`).join('\n');
    const scalars = loss.variables
      .map((v, i) => (isScalar(i) ? `const ${ident(v.name)} = c${i};` : ''))
      .filter(Boolean)
      .join('\n');
    const perPoint = loss.variables
      .map((v, i) => (isScalar(i) ? '' : `const ${ident(v.name)} = c${i}[i];`))
      .filter(Boolean)
      .join('\n');
    const checks = loss.variables
      .map((v, i) => (isScalar(i) ? '' : domainCheckLoop(`c${i}`, i, v.domain)))
      .filter(Boolean)
      .join('\n');
    const body = `${columns}
${checks}
${scalars}
${program.levels[0]!.join('\n')}
for (let i = 0; i < n; i++) {
${perPoint}
${program.levels[1]!.join('\n')}
out[i] = ${what.result(program.outputs)} + 0;
}
return null;`;
    return build<BatchKernel>(['out', 'n', 'columns'], body, what.check);
  });
}

/**
 * A loop over one column that returns the first value outside the domain.
 * Generated per loss so the bounds are constants and the array access is
 * monomorphic: a generic check cost more than cheap losses themselves.
 */
function domainCheckLoop(column: string, index: number, domain: Domain): string {
  let test: string;
  if (domain.kind === 'set') {
    test = domain.values.map((value) => `x === ${jsConstant(value)}`).join(' || ');
  } else {
    // x − x is 0 only for finite x: NaN and ±Infinity fail.
    const parts = ['x - x === 0'];
    if (Number.isFinite(domain.min))
      parts.push(`x ${domain.minInclusive ? '>=' : '>'} ${jsConstant(domain.min)}`);
    if (Number.isFinite(domain.max))
      parts.push(`x ${domain.maxInclusive ? '<=' : '<'} ${jsConstant(domain.max)}`);
    test = parts.join(' && ');
  }
  return `for (let i = 0; i < n; i++) { const x = ${column}[i]; if (!(${test})) return { column: ${index}, index: i }; }`;
}

export function sweepKernel(loss: LossDef, output: Output, xVar: string, yVar: string): SweepKernel {
  return cached(loss, `sweep|${outputKey(output)}|${xVar}|${yVar}`, () => {
    const ident = slots(loss);
    const fixedVars = loss.variables.filter((v) => v.name !== xVar && v.name !== yVar);
    const what = kernelOutput(loss, output, ident);
    const program = emitProgram(what.trees, jsTarget(ident), {
      variableLevels: { [yVar]: 1, [xVar]: 2 },
      levelCount: 3,
    });
    const fixed = fixedVars.map((v, i) => `const ${ident(v.name)} = fixed[${i}];`).join('\n');
    const body = `${fixed}
${program.levels[0]!.join('\n')}
const nx = xs.length;
for (let j = rowStart; j < rowEnd; j++) {
const ${ident(yVar)} = ys[j];
${program.levels[1]!.join('\n')}
let k = (j - rowStart) * nx;
for (let i = 0; i < nx; i++) {
const ${ident(xVar)} = xs[i];
${program.levels[2]!.join('\n')}
out[k++] = ${what.result(program.outputs)} + 0;
}
}`;
    return build<SweepKernel>(['out', 'xs', 'ys', 'fixed', 'rowStart', 'rowEnd'], body, what.check);
  });
}

/** The generated source of a sweep kernel, for inspection and tests. */
export function sweepKernelSource(loss: LossDef, output: Output, xVar: string, yVar: string): string {
  return sweepKernel(loss, output, xVar, yVar).toString();
}
