/**
 * Every primitive's WGSL (operator, builtin or prelude helper) against core's
 * reference f64 implementation, at f32 arguments across its whole range:
 * tails, zeros, poles, near 1, overflow and underflow. The table below is a
 * Record over PrimitiveName, so a primitive added to core fails to compile
 * here until it has samples and a bound.
 */
import { cpuPrimitives, domains, ex, type LossDef, type PrimitiveName, primitiveArity } from '@losslab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { batchModule } from '../src/programs/batch.js';
import { toDeviceF32 } from '../src/wgsl/literals.js';
import { forward, ulpOf } from './helpers/compare.js';
import { hasAdapter, runBatchModule, testDevice } from './helpers/gpu.js';

const lin = (a: number, b: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
const geo = (a: number, b: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => a * (b / a) ** (i / (n - 1)));
const signed = (xs: number[]): number[] => [...xs, ...xs.map((x) => -x), 0];

const wide = signed([...geo(1e-30, 3e38, 60), 0.5, 1, 2, 3]);
const logits = signed([...lin(0, 120, 241), ...geo(1e-8, 1, 40), 800, 1e4, 1e30]);
const nearOne = [
  ...lin(0.5, 2, 301),
  ...geo(1e-7, 0.5, 40).map((x) => 1 - x),
  ...geo(1e-7, 0.5, 40).map((x) => 1 + x),
];
const positive = [0, ...geo(1e-37, 3e38, 200), ...nearOne];
const aboveMinusOne = [
  -1,
  ...geo(1e-7, 1, 60).map((x) => x - 1),
  ...signed(geo(1e-30, 1, 80)),
  ...geo(1, 3e38, 80),
];

interface Case {
  /** Samples per argument (crossed). */
  readonly args: readonly number[][];
  /** Bound in ulps, or a function of the exact result and the arguments. */
  readonly ulps: number | ((ref: number, args: readonly number[]) => number);
}

const binary = signed([1e-30, 1e-7, 0.5, 1, 3, 1e4, 1e30, 3e38]);
const cases: Record<PrimitiveName, Case> = {
  add: { args: [binary, binary], ulps: 0.5 },
  // Compensated: the exact sum, rounded (within an ulp where all three nearly cancel).
  sum3: { args: [binary, binary, [0, 1, -1, 1e-8, -1e-8, 3e38]], ulps: 1 },
  sub: { args: [binary, binary], ulps: 0.5 },
  mul: { args: [binary, binary], ulps: 0.5 },
  // WGSL allows 2.5 ulp for x/y.
  div: { args: [binary, binary], ulps: 2.5 },
  neg: { args: [wide], ulps: 0 },
  abs: { args: [wide], ulps: 0 },
  max: { args: [binary, binary], ulps: 0 },
  min: { args: [binary, binary], ulps: 0 },
  square: { args: [wide], ulps: 0.5 },
  sqrt: { args: [positive], ulps: 1 },
  hypot: { args: [binary, binary], ulps: 2 },
  pow: {
    args: [
      [0, 1e-30, 1e-7, 0.3, 0.5, 1, 1.5, 2, 10, 1e7, -2, -0.5, -1],
      [-30, -3, -2.5, -1, -0.5, 0, 0.5, 1, 2, 3, 10, 30],
    ],
    // e^(y·log x): y·log x is rounded to f32.
    ulps: (ref) => 2 + 2 * Math.abs(Math.log(Math.abs(ref) || 1)),
  },
  exp: { args: [[...lin(-104, 89, 2001), ...signed(geo(1e-30, 1, 40))]], ulps: 1 },
  expmul: {
    args: [
      // 37.79 with 1e22: 2.6e38, where w·2^k alone (2^55) passes FLT_MAX; 9.4 with 1.3e-38: w·e^r is subnormal.
      [...lin(-208, 208, 417), ...signed(geo(1e-30, 1, 20)), 37.79, -37.79, 9.404, -9.404],
      signed([1.3e-38, 1e-37, 1e-30, 1e-7, 0.5, 1, 3, 1e7, 1e22, 1e30, 3e38]),
    ],
    ulps: 2,
  },
  expm1: { args: [[...lin(-30, 89, 2001), ...signed(geo(1e-30, 1, 80))]], ulps: 2 },
  log: { args: [positive], ulps: 1 },
  log1p: { args: [aboveMinusOne], ulps: 2 },
  log1pmx: { args: [aboveMinusOne], ulps: 4 },
  exprel: { args: [[...lin(-100, 93, 1001), ...signed(geo(1e-30, 1, 80))]], ulps: 3 },
  dexprel: { args: [[...lin(-100, 93, 1001), ...signed(geo(1e-30, 2, 80))]], ulps: 8 },
  softplus: { args: [logits], ulps: 2 },
  sigmoid: { args: [logits], ulps: 2 },
  logSigmoid: { args: [logits], ulps: 2 },
  tanh: { args: [signed([...geo(1e-30, 20, 200), 100, 1e30])], ulps: 3 },
  logCosh: { args: [signed([...geo(1e-30, 100, 300), 1e4, 1e30])], ulps: 4 },
  xlogy: { args: [[0, 1e-30, 0.5, 1, -2, 1e30], positive.filter((_, i) => i % 4 === 0)], ulps: 1.5 },
  xlog1py: { args: [[0, 1e-30, 0.5, 1, -2, 1e30], aboveMinusOne.filter((_, i) => i % 3 === 0)], ulps: 2.5 },
  logSumExp: {
    args: [logits.filter((_, i) => i % 8 === 0), logits.filter((_, i) => i % 8 === 0)],
    // m + log1p(Σ…) cancels when the largest logit is negative and the sum brings it near 0: 3 ulp of max|x|.
    ulps: (ref, args) => 3 * Math.max(1, Math.max(...args.map(Math.abs)) / Math.abs(ref || 1)),
  },
};

/**
 * Variadic primitives at more arities than the table's: expmul with two to
 * four weights (ll_expmul3…5), whose partial products over- and underflow
 * where the whole product does not (1e-30·1e-30·1e33 and 3e38·3e38·1e-38
 * against e^a from e^-208 to e^208).
 */
const expmulWeights = signed([1e-37, 1e-30, 1e-7, 0.5, 1, 3, 1e7, 1e30, 3e38]);
const expmulExponents = [...lin(-300, 300, 61), -88, 88, ...signed(geo(1e-30, 1, 6))];
const moreArities: readonly (Case & { readonly op: PrimitiveName })[] = [
  { op: 'expmul', args: [expmulExponents, expmulWeights, expmulWeights], ulps: 3 },
  { op: 'expmul', args: [lin(-250, 250, 41), expmulWeights, expmulWeights, expmulWeights], ulps: 3 },
  {
    op: 'expmul',
    args: [lin(-200, 200, 9), expmulWeights, [1e-30, -3e38], [1e-20, 1e35], [0.5, -1e-37]],
    ulps: 3,
  },
];

/** The primitive as a one-off "loss" of its arguments, so that the generator prints it. */
function primitiveLoss(op: PrimitiveName, arity: number): LossDef {
  const names = Array.from({ length: arity }, (_, i) => `a${i}`);
  const variable = (name: string) => ({
    name,
    role: 'data' as const,
    label: name,
    symbol: name,
    domain: domains.real,
    plot: { min: -1, max: 1, scale: 'linear' as const },
  });
  return {
    id: `prim_${op}`,
    name: op,
    family: 'regression',
    variables: names.map(variable),
    expr: ex.call(op, ...names.map((n) => ex.v(n))),
    tex: op,
    properties: { convex: false, smooth: false, robust: false, probabilistic: null },
    use: '',
    reference: '',
    defaultAxes: [names[0]!],
  };
}

describe.skipIf(!hasAdapter)(
  'prelude and operators against core’s reference primitives (WebGPU)',
  async () => {
    const device = hasAdapter ? await testDevice() : (undefined as never);
    afterAll(() => device?.destroy());

    it.each([
      ...(Object.keys(cases) as PrimitiveName[]).map((op) => [op, op, cases[op]] as const),
      ...moreArities.map((c) => [`${c.op} of ${c.args.length} arguments`, c.op, c] as const),
    ])('%s', async (_, op, c) => {
      const arity = primitiveArity[op] === 'variadic' ? c.args.length : (primitiveArity[op] as number);
      const samples = c.args.map((xs) => [...new Set(xs.map(toDeviceF32))]);
      const points: number[][] = samples[0]!.map((x) => [x]);
      const crossed = samples
        .slice(1)
        .reduce((acc, xs) => acc.flatMap((p) => xs.map((x) => [...p, x])), points);
      const loss = primitiveLoss(op, arity);
      const code = batchModule({ loss, output: 'value', scalars: new Set() });
      const columns = Array.from({ length: arity }, (_, i) => Float32Array.from(crossed, (p) => p[i]!));
      const gpu = await runBatchModule(device, code, columns, crossed.length);
      let worst = 0;
      const bad: string[] = [];
      crossed.forEach((args, k) => {
        const ref = cpuPrimitives[op](...args);
        const ulps = typeof c.ulps === 'number' ? c.ulps : c.ulps(ref, args);
        const g = gpu[k]!;
        if (Number.isFinite(g) && Math.abs(ref) >= 2 ** -126 && Number.isFinite(Math.fround(ref))) {
          worst = Math.max(worst, Math.abs(g - ref) / ulpOf(Math.fround(ref)));
        }
        const why = forward(g, ref, { ulps, inputUlps: 0 });
        if (why) bad.push(`${op}(${args.join(', ')}) = ${g}, core ${ref}: ${why}`);
      });
      expect(bad.slice(0, 10), `${bad.length} of ${crossed.length} (worst ${worst.toFixed(2)} ulp)`).toEqual(
        [],
      );
    });
  },
);
