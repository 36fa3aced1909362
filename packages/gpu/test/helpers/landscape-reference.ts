/**
 * References for the GPU landscape: core's f64 landscape at exactly the f32
 * inputs the GPU computes with (data, axis coordinates, hyperparameters), and
 * each cell's sensitivity to the f32 rounding the GPU cannot avoid, from
 * core's own model-term trees evaluated in f64.
 */
import {
  axisCoordinates,
  cpuPrimitives,
  type Dataset,
  type Expr,
  emitProgram,
  type LandscapeSpec,
  type LossRef,
  landscapeRows,
  modelTerm,
  modelVariables,
  resolveLandscape,
  resolveLoss,
  type Target,
} from '@losslab/core';

/** Core's limits are the CPU's; the references here are small but may pass its work limit. */
const unlimited = { maxAxisSize: 1 << 20, maxPoints: 2 ** 30, maxWork: Number.POSITIVE_INFINITY };

export type CellOutput = 'value' | 'w' | 'b';

/** A deterministic generator (mulberry32), so every run checks the same data. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CheckedLandscape {
  /** core's f64 values at the GPU's f32 inputs, row-major like the GPU's. */
  readonly values: Float64Array;
  /** The f32 coordinates both computed at. */
  readonly ws: Float64Array;
  readonly bs: Float64Array;
  readonly divisor: number;
  readonly l2: number;
  readonly hyper: readonly number[];
  readonly data: { readonly x: Float64Array; readonly y: Float64Array; readonly weight: Float64Array };
}

const f32Array = (xs: ArrayLike<number>): Float64Array => Float64Array.from(xs, (v) => Math.fround(v));

/** core's landscape at the f32-rounded inputs (the spec's data should already be f32: it is rounded anyway). */
export function coreAtF32(spec: LandscapeSpec): CheckedLandscape {
  const data: Required<Dataset> = {
    x: f32Array(spec.data.x),
    y: f32Array(spec.data.y),
    weight: spec.data.weight ? f32Array(spec.data.weight) : new Float64Array(spec.data.x.length).fill(1),
  };
  const resolved = resolveLandscape(
    {
      ...spec,
      data,
      ...(spec.params ? { params: f32Params(spec.params) } : {}),
      ...(spec.l2 !== undefined ? { l2: Math.fround(spec.l2) } : {}),
    },
    unlimited,
  );
  const ws = f32Array(axisCoordinates(resolved.sweep.x).coords);
  const bs = f32Array(axisCoordinates(resolved.sweep.y).coords);
  const values = new Float64Array(ws.length * bs.length);
  landscapeRows(resolved, ws, bs, values, 0, bs.length);
  return {
    values,
    ws,
    bs,
    divisor: resolved.model.data.divisor,
    l2: Math.fround(resolved.model.l2),
    hyper: resolved.model.hyper,
    data: data as CheckedLandscape['data'],
  };
}

function f32Params(params: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Math.fround(v)]));
}

/** A JS target that calls core's reference primitives for everything: slow enough, and obviously core's. */
function referenceTarget(variable: (name: string) => string): Target {
  return {
    constant: (v) =>
      Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '(-Infinity)' : `(${v})`,
    variable,
    call: (op, args) => `P.${op}(${args.join(', ')})`,
    select: (c, t, o) => `(${c} ? ${t} : ${o})`,
    compare: (op, a, b) =>
      `(${a} ${{ lt: '<', le: '<=', gt: '>', ge: '>=', eq: '===', ne: '!==' }[op]} ${b})`,
    logic: (op, a, b) => `(${a} ${op === 'and' ? '&&' : '||'} ${b})`,
    not: (a) => `(!${a})`,
    infinite: (a) => `(Math.abs(${a}) === Infinity)`,
    declare: (name, value) => `const ${name} = ${value};`,
  };
}

export type TermEvaluator = (w: number, b: number, x: number, y: number, hyper: readonly number[]) => number;

/** One data point's term (or its w/b partial) from core's model-term tree, in f64. */
export function termEvaluator(lossRef: LossRef, output: CellOutput): TermEvaluator {
  const loss = resolveLoss(lossRef);
  const term = modelTerm(loss);
  const expr: Expr = output === 'value' ? term.value : output === 'w' ? term.dw : term.db;
  const names: Record<string, string> = {
    [modelVariables.w]: 'w',
    [modelVariables.b]: 'b',
    [modelVariables.x]: 'x',
    [modelVariables.y]: 'y',
  };
  term.hyper.forEach((h, k) => {
    names[h.name] = `H[${k}]`;
  });
  const program = emitProgram(
    [expr],
    referenceTarget((name) => names[name]!),
  );
  return new Function(
    'P',
    `return function (w, b, x, y, H) {\n${program.levels.flat().join('\n')}\nreturn ${program.outputs[0]};\n};`,
  )(cpuPrimitives) as TermEvaluator;
}

const U = 2 ** -24;

/**
 * What rounding to f32 may cost cell (i, j), in units of u = 2⁻²⁴, before the
 * tolerance's own factors: Σ weightᵢ·(ρ·|Oᵢ| + |Oᵢ(s ± δsᵢ) − Oᵢ(s)|) / divisor,
 * with Oᵢ the output's term at point i, ρ = `termUlps` (the term's own f32
 * evaluation error) and δsᵢ = κ·u·(|w·xᵢ| + |b| + |yᵢ|) the rounding of the
 * model output s = w·x + b (and of r = s − y), κ = `inputUlps`: a shift of s
 * moves every form's term through its data variable. The larger change of the
 * two directions covers kinks (a step of zero_one, a regime of huber) as well
 * as slopes. Returned as the absolute error bound u·S (without the ridge term).
 */
export function cellSensitivity(
  evaluate: TermEvaluator,
  ref: CheckedLandscape,
  i: number,
  j: number,
  termUlps: number,
  inputUlps: number,
): number {
  const w = ref.ws[i]!;
  const b = ref.bs[j]!;
  const { x, y, weight } = ref.data;
  let sum = 0;
  for (let q = 0; q < x.length; q++) {
    const wq = weight[q]!;
    if (wq === 0) continue;
    const o = evaluate(w, b, x[q]!, y[q]!, ref.hyper);
    const ds = inputUlps * U * (Math.abs(w * x[q]!) + Math.abs(b) + Math.abs(y[q]!));
    const up = evaluate(w, b + ds, x[q]!, y[q]!, ref.hyper);
    const down = evaluate(w, b - ds, x[q]!, y[q]!, ref.hyper);
    const shift = Math.max(Math.abs(up - o), Math.abs(down - o));
    sum += wq * (termUlps * U * Math.abs(o) + (Number.isFinite(shift) ? shift : 0));
  }
  return sum / ref.divisor;
}
