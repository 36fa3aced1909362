/**
 * Spells core's expression trees as WGSL f32 (a core `Target` for
 * `emitProgram`). Arithmetic, abs, min, max and sqrt are WGSL's own; every
 * other primitive calls a prelude helper, and the target records which, so a
 * module carries only the helpers it uses.
 */
import type { PrimitiveName, Target } from '@losslab/core';
import { wgslF32 } from './literals.js';

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Spell = (args: readonly string[], use: (helper: string) => string) => string;

const helperCall =
  (name: string): Spell =>
  (args, use) =>
    `${use(name)}(${args.join(', ')})`;

/** Every primitive, spelled: a `Record`, so a primitive added to core fails to compile here until handled. */
const primitives: Record<PrimitiveName, Spell> = {
  add: ([a, b]) => `(${a} + ${b})`,
  sum3: helperCall('ll_sum3'),
  sub: ([a, b]) => `(${a} - ${b})`,
  mul: ([a, b]) => `(${a} * ${b})`,
  div: ([a, b]) => `(${a} / ${b})`,
  neg: ([a]) => `(-${a})`,
  abs: ([a]) => `abs(${a})`,
  max: ([a, b]) => `max(${a}, ${b})`,
  min: ([a, b]) => `min(${a}, ${b})`,
  // A name is squared in place; a compound expression once, through a helper.
  square: ([a], use) => (identifier.test(a!) ? `(${a} * ${a})` : `${use('ll_square')}(${a})`),
  sqrt: ([a]) => `sqrt(${a})`,
  hypot: helperCall('ll_hypot'),
  pow: helperCall('ll_pow'),
  exp: helperCall('ll_exp'),
  // One weight: ll_expmul; n weights: ll_expmul<n + 1>, generated per arity.
  expmul: (args, use) =>
    `${use(args.length === 2 ? 'll_expmul' : `ll_expmul${args.length}`)}(${args.join(', ')})`,
  expm1: helperCall('ll_expm1'),
  log: helperCall('ll_log'),
  log1p: helperCall('ll_log1p'),
  log1pmx: helperCall('ll_log1pmx'),
  exprel: helperCall('ll_exprel'),
  dexprel: helperCall('ll_dexprel'),
  softplus: helperCall('ll_softplus'),
  sigmoid: helperCall('ll_sigmoid'),
  logSigmoid: helperCall('ll_log_sigmoid'),
  tanh: helperCall('ll_tanh'),
  logCosh: helperCall('ll_log_cosh'),
  xlogy: helperCall('ll_xlogy'),
  xlog1py: helperCall('ll_xlog1py'),
  logSumExp: (args, use) => `${use(`ll_lse${args.length}`)}(${args.join(', ')})`,
};

const comparisons = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' } as const;

/**
 * @param variable how a loss variable is referenced
 * @param helpers collects the prelude helpers the spelled code calls
 */
export function wgslTarget(variable: (name: string) => string, helpers: Set<string>): Target {
  const use = (name: string): string => {
    helpers.add(name);
    return name;
  };
  return {
    constant: (value) => {
      const text = wgslF32(value);
      for (const name of ['ll_inf', 'll_nan']) if (text.includes(name)) use(name);
      return text;
    },
    variable,
    call: (op, args) => primitives[op](args, use),
    // WGSL's select(f, t, c) evaluates both sides; the untaken one may be ±∞ or NaN, which select discards.
    select: (cond, then, otherwise) => `select(${otherwise}, ${then}, ${cond})`,
    compare: (op, a, b) => `(${a} ${comparisons[op]} ${b})`,
    logic: (op, a, b) => `(${a} ${op === 'and' ? '&&' : '||'} ${b})`,
    not: (a) => `(!${a})`,
    // A bit test: a fast-math compiler may fold comparisons with ∞.
    infinite: (a) => `${use('ll_is_inf')}(${a})`,
    declare: (name, value) => `let ${name} = ${value};`,
    // Work needed on one side of a select only runs there (emitProgram decides which selects pay).
    branches: {
      declareVar: (name) => `var ${name}: f32;`,
      assign: (name, value) => `${name} = ${value};`,
      open: (cond) => `if ${cond} {`,
      otherwise: '} else {',
      close: '}',
    },
  };
}
