/**
 * One readable WGSL function per loss and output (`fn huber_d_delta(r: f32,
 * delta: f32) -> f32`), generated from core's trees, and the prelude helpers
 * it calls. Every program that evaluates a loss (sweep, batch, …) calls it.
 * Nothing about a particular loss is written here.
 */
import {
  type Expr,
  emitProgram,
  ex,
  exactlyInfinite,
  type LossDef,
  type Output,
  outputKey,
  partialExpr,
  type Target,
} from '@losslab/core';
import { wgslFragment, wgslVariable } from './names.js';
import { preludeSource } from './prelude.js';
import { f32InputRange, type InputRange, rewriteForF32 } from './rewrite.js';
import { wgslTarget } from './target.js';

export interface LossFunctionWgsl {
  /** e.g. `huber_value`, `huber_d_delta` */
  readonly name: string;
  /** The function's source (without the prelude). */
  readonly source: string;
  /** Prelude helpers it calls. */
  readonly helpers: ReadonlySet<string>;
}

/**
 * How a loss's variables are spelled in its WGSL: by name for the catalog's
 * (readable: `fn huber_value(r: f32, delta: f32)`), by slot for a custom
 * loss, whose names are user text: `s0`, `s1`, … in declaration order (no
 * clash with temporaries `t0`/`v0`/`o0`/`c0`, prelude helpers `ll_…` or WGSL
 * words). So nothing a user typed reaches the shader but numbers (and the id,
 * which is /^[a-z][a-z0-9_]{0,31}$/).
 */
export function wgslVariables(loss: LossDef): (name: string) => string {
  if (loss.source?.kind !== 'custom') return wgslVariable;
  const slots = new Map(loss.variables.map((v, i) => [v.name, `s${i}`]));
  return (name) => {
    const slot = slots.get(name);
    if (slot === undefined) throw new RangeError(`${loss.id}: the tree uses a name that is not a variable`);
    return slot;
  };
}

export function functionName(loss: LossDef, output: Output): string {
  const suffix = output === 'value' ? 'value' : `d_${wgslFragment(wgslVariables(loss)(output.partial))}`;
  return `${wgslFragment(loss.id)}_${suffix}`;
}

/**
 * How a formula's careful regimes (core's selects) become WGSL. 'branch':
 * if/else where a side does real work, so a point computes only its own
 * regime (core's emitProgram decides which selects pay). 'select': WGSL's
 * select everywhere, every regime computed and one kept: branch-free, which
 * is what a GPU prefers if its warps often straddle regime boundaries.
 */
export type RegimeCode = 'branch' | 'select';
export const defaultRegimeCode: RegimeCode = 'branch';

/**
 * Generated functions, per loss definition (the object, not its id: a
 * user-defined loss may reuse an id with a new formula), output and regime code.
 */
const functionCache = new WeakMap<LossDef, Map<string, LossFunctionWgsl>>();

/** Each variable's range on the GPU (its domain under the f32 input policy). */
function inputRanges(loss: LossDef): Record<string, InputRange> {
  return Object.fromEntries(loss.variables.map((v) => [v.name, f32InputRange(v.domain)]));
}

/**
 * A partial's two trees, as the GPU computes them: core's rule (outputExpr)
 * is "NaN where the value is infinite in exact arithmetic, the derivative
 * tree elsewhere", and the GPU applies it to the f32-rewritten value: where
 * that is ±∞, core's structural test (exactlyInfinite: a pole or an infinite
 * constant, not an overflow) tells a true infinity from f32 overflowing.
 * `value` is null for losses whose value cannot be infinite in exact
 * arithmetic at all (no pole, no infinite constant, or declared
 * `finiteOnDomain`): their partial is the derivative tree alone.
 */
export function splitPartial(
  loss: LossDef,
  name: string,
): { value: Expr | null; partial: Expr; exactlyInfinite: ex.CondLike } {
  const ranges = inputRanges(loss);
  const value = rewriteForF32(loss.expr, ranges);
  const partial = rewriteForF32(partialExpr(loss, name), ranges);
  // Losses finite on their domain need no test at all (core's own declaration, checked there).
  const infinite = loss.finiteOnDomain ? false : exactlyInfinite(value);
  return { value: infinite === false ? null : value, partial, exactlyInfinite: infinite };
}

/** The WGSL function for one loss output; its parameters are the loss's variables in order. */
export function lossFunction(
  loss: LossDef,
  output: Output,
  regimes: RegimeCode = defaultRegimeCode,
): LossFunctionWgsl {
  let forLoss = functionCache.get(loss);
  if (!forLoss) {
    forLoss = new Map();
    functionCache.set(loss, forLoss);
  }
  const key = `${outputKey(output)}|${regimes}`;
  const cached = forLoss.get(key);
  if (cached) return cached;
  const helpers = new Set<string>();
  const variable = wgslVariables(loss);
  const { branches, ...selectsOnly } = wgslTarget(variable, helpers);
  const target: Target = regimes === 'branch' ? { ...selectsOnly, branches } : selectsOnly;
  const split = output === 'value' ? null : splitPartial(loss, output.partial);
  let statements: string[];
  let result: string;
  if (split?.value) {
    // Value and partial share their common work. Whether an infinite value is
    // exactly infinite is a second pass over the value's nodes, run only
    // where the value is ±∞ (its tests of every node would otherwise pull
    // both sides of every branch out of their if/else).
    const program = emitProgram([split.value, split.partial], target);
    const check = emitProgram([ex.select(split.exactlyInfinite, 1, 0)], target, { tempPrefix: 'inf_' });
    helpers.add('ll_is_inf');
    statements = [
      ...program.levels.flat(),
      `let value = ${program.outputs[0]};`,
      `let partial = ${program.outputs[1]};`,
      '// Where the value is ±∞: is it infinite in exact arithmetic (a pole), or did f32 overflow?',
      'var exactly_infinite = false;',
      'if ll_is_inf(value) {',
      ...check.levels.flat().map((line) => `  ${line}`),
      `  exactly_infinite = ${check.outputs[0]} == 1.0f;`,
      '}',
    ];
    helpers.add('ll_partial');
    result = 'll_partial(partial, exactly_infinite)';
  } else {
    const program = emitProgram(
      [split ? split.partial : rewriteForF32(loss.expr, inputRanges(loss))],
      target,
    );
    statements = program.levels.flat();
    result = program.outputs[0]!;
  }
  const name = functionName(loss, output);
  const params = loss.variables.map((v) => `${variable(v.name)}: f32`).join(', ');
  const what = output === 'value' ? 'value' : `∂/∂${variable(output.partial)}`;
  const body = [...statements, `return ${result};`].map((line) => `  ${line}`).join('\n');
  // A custom loss's name is user text: its comment says only what the function computes.
  const title = loss.source?.kind === 'custom' ? 'custom formula' : loss.name;
  const source = `// ${title} (${loss.id}), ${what}\nfn ${name}(${params}) -> f32 {\n${body}\n}`;
  const fn = { name, source, helpers };
  forLoss.set(key, fn);
  return fn;
}

/** A module: the prelude helpers the function and `extraHelpers` need, the function, then `rest`. */
export function assemble(fn: LossFunctionWgsl, extraHelpers: string[], rest: string): string {
  const prelude = preludeSource([...fn.helpers, ...extraHelpers]);
  return `${prelude}\n\n${fn.source}\n\n${rest}\n`;
}
