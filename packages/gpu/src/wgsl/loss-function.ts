/**
 * One readable WGSL function per loss and output (`fn huber_d_delta(r: f32,
 * delta: f32) -> f32`), generated from core's trees, and the prelude helpers
 * it calls. Every program that evaluates a loss (sweep, batch, …) calls it.
 * Nothing about a particular loss is written here.
 */
import {
  type Expr,
  emitProgram,
  type LossDef,
  type Output,
  outputExpr,
  outputKey,
  type Target,
} from '@losslab/core';
import { wgslFragment, wgslVariable } from './names.js';
import { flaggedValue } from './overflow.js';
import { preludeSource } from './prelude.js';
import { rewriteForF32 } from './rewrite.js';
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

/**
 * core's output tree for a partial is `|value| = ∞ ? NaN : ∂`. Split back
 * into (value, ∂) so the GPU can apply that rule to what it means in f32:
 * see `ll_partial`. Null when the tree has another shape (then it is printed
 * as it is; a test pins the shape for every loss).
 */
export function splitPartial(loss: LossDef, output: Output): { value: Expr; partial: Expr } | null {
  if (output === 'value') return null;
  const e = outputExpr(loss, output);
  if (e.kind !== 'select' || e.then.kind !== 'const' || !Number.isNaN(e.then.value)) return null;
  const c = e.cond;
  if (c.kind !== 'compare' || c.op !== 'eq' || c.b.kind !== 'const' || c.b.value !== Number.POSITIVE_INFINITY)
    return null;
  if (c.a.kind !== 'call' || c.a.op !== 'abs' || c.a.args[0] !== loss.expr) return null;
  return { value: loss.expr, partial: e.otherwise };
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
  const split = splitPartial(loss, output);
  let statements: string[];
  let result: string;
  if (split) {
    // Value and partial share their common work. The overflow test is a
    // second, flagged pass over the value, run only where the value is ±∞.
    const program = emitProgram([rewriteForF32(split.value), rewriteForF32(split.partial)], target);
    const flagged = flaggedValue(rewriteForF32(split.value), target, (h) => {
      helpers.add(h);
      return h;
    });
    helpers.add('ll_is_inf');
    const overflowTest =
      flagged.overflowed === 'false'
        ? ['let overflowed = false;']
        : [
            'var overflowed = false;',
            'if ll_is_inf(value) {',
            ...flagged.statements.map((line) => `  ${line}`),
            `  overflowed = ${flagged.overflowed};`,
            '}',
          ];
    statements = [
      ...program.levels.flat(),
      `let value = ${program.outputs[0]};`,
      `let partial = ${program.outputs[1]};`,
      '// Where the value is ±∞: is it, or did only f32 overflow (finite in exact arithmetic)?',
      ...overflowTest,
    ];
    helpers.add('ll_partial');
    result = 'll_partial(value, overflowed, partial)';
  } else {
    const program = emitProgram([rewriteForF32(outputExpr(loss, output))], target);
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
