/**
 * Landscape kernels: a model term's sum over a dataset, compiled to
 * JavaScript once per (loss definition, outputs, weighting) with
 * `new Function`, as core's sweep kernels are. A grid kernel loops over the
 * grid's rows (b) and columns (w) with the dataset loop innermost; nothing is
 * interpreted and nothing allocated per cell. Loop-invariant parts of the term
 * (functions of the hyperparameters, of b, of w) are hoisted by emitProgram.
 *
 * Each cell's sum is compensated (Neumaier, as core's `reduce`). A sum that
 * overflows although its terms may not (a million terms of 1e303) is redone
 * with every term scaled by 2⁻⁶⁴, so the mean of finite terms is finite
 * wherever it is representable.
 */
import type { LossDef } from '../catalog/types.js';
import * as jsHelpers from '../compile/js-helpers.js';
import { jsTarget } from '../compile/js-target.js';
import type { NumericArray } from '../compile/kernels.js';
import type { Expr } from '../expr/nodes.js';
import { cpuPrimitives } from '../expr/primitives.js';
import { emitProgram } from '../expr/schedule.js';
import { type ModelTerm, modelTerm, modelVariables } from './forms.js';

/** A dataset after validation: only points of positive weight, as Float64Arrays. */
export interface PreparedData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Null where every weight is 1. */
  readonly weight: Float64Array | null;
  /** Number of points kept (positive weight). */
  readonly count: number;
  /** What the sum is divided by: n (every point, zero weights included) for 'mean', 1 for 'sum'. */
  readonly divisor: number;
  /** The ridge coefficient l2 of ½·l2·w². */
  readonly l2: number;
}

export type GridOutput = 'value' | 'w' | 'b';

/** Writes out[(j − rowStart)·nw + i] = L or a partial at (ws[i], bs[j]) for rows rowStart ≤ j < rowEnd. */
export type GridKernel = (
  out: NumericArray,
  ws: ArrayLike<number>,
  bs: ArrayLike<number>,
  data: PreparedData,
  hyper: readonly number[],
  rowStart: number,
  rowEnd: number,
) => void;

/**
 * At one (w, b): out[0..2] = L, ∂L/∂w, ∂L/∂b (bit for bit what the grid
 * kernels give), out[3..4] = the sums of |∂ℓᵢ/∂w| and |∂ℓᵢ/∂b| over the terms,
 * weighted and reduced like the total, plus the ridge term's size: the scale
 * a gradient is small against.
 */
export type PointKernel = (
  w: number,
  b: number,
  data: PreparedData,
  hyper: readonly number[],
  out: Float64Array,
) => void;

/** At one (w, b): out[0..2] = ∂²L/∂w², ∂²L/∂w∂b, ∂²L/∂b², ridge included. */
export type HessianKernel = PointKernel;

const ident = (name: string): string => `v_${name}`;
/** 2⁻⁶⁴ and 2⁶⁴: exact scalings for the overflow pass. */
const DOWN = '5.421010862427522e-20';
const UP = '18446744073709551616';

function build<T>(params: string[], body: string): T {
  return new Function('P', 'H', `return function (${params.join(', ')}) {\n${body}\n};`)(
    cpuPrimitives,
    jsHelpers,
  ) as T;
}

/** What a total adds for the ridge penalty ½·l2·w², per output. */
function ridge(output: GridOutput | 'ww' | 'wb' | 'bb'): string {
  switch (output) {
    case 'value':
      return `halfL2 * ${ident(modelVariables.w)} * ${ident(modelVariables.w)}`;
    case 'w':
      return `l2 * ${ident(modelVariables.w)}`;
    case 'ww':
      return 'l2';
    default:
      return '0';
  }
}

interface Sums {
  /** Declarations before the data loop. */
  readonly init: string;
  /** The data loop. */
  readonly loop: string;
  /** Statements after it, setting `total<k>` (and `abs<k>`). */
  readonly finish: string;
  /**
   * Functions `redo<k>(w, b)` for the overflow pass, declared once before the
   * loops: kept out of the cell loop, whose code stays as small as the sum itself.
   */
  readonly helpers: string;
}

/**
 * The dataset loop for one cell: each output's terms summed with Neumaier's
 * compensation (and, with `absolute`, the sum of their magnitudes), then the
 * reduction, the overflow pass and the ridge term.
 */
type SumOutput = GridOutput | 'ww' | 'wb' | 'bb';

function sums(
  program: { levels: string[][]; outputs: string[] },
  outputs: readonly SumOutput[],
  weighted: boolean,
  absolute: readonly boolean[],
): Sums {
  const perPoint = `const ${ident(modelVariables.x)} = X[q];\nconst ${ident(modelVariables.y)} = Y[q];`;
  const inner = program.levels[3]!.join('\n');
  const term = (k: number, scale: string): string => {
    const raw = `(${program.outputs[k]})`;
    const scaled = scale ? `(${raw} * ${scale})` : raw;
    return weighted ? `${scaled} * W[q]` : scaled;
  };
  const accumulate = (k: number, scale: string, s: string, c: string, a: string | null): string =>
    `{ const x = ${term(k, scale)}; const t = ${s} + x;
${c} += Math.abs(${s}) >= Math.abs(x) ? (${s} - t) + x : (x - t) + ${s};
${s} = t;${a ? ` ${a} += Math.abs(x);` : ''} }`;
  const init = outputs
    .map((_, k) => `let s${k} = 0; let c${k} = 0;${absolute[k] ? ` let a${k} = 0;` : ''}`)
    .join('\n');
  const loop = `for (let q = 0; q < n; q++) {
${perPoint}
${inner}
${outputs.map((_, k) => accumulate(k, '', `s${k}`, `c${k}`, absolute[k] ? `a${k}` : null)).join('\n')}
}`;
  // A sum that overflowed (and is not NaN) is redone at 2⁻⁶⁴ scale: its terms may all be finite.
  const helpers = outputs
    .map(
      (_, k) => `function redo${k}(${ident(modelVariables.w)}, ${ident(modelVariables.b)}) {
${program.levels[1]!.join('\n')}
${program.levels[2]!.join('\n')}
let r = 0; let e = 0;
for (let q = 0; q < n; q++) {
${perPoint}
${inner}
${accumulate(k, DOWN, 'r', 'e', null)}
}
return (r - r === 0 ? (r + e) / divisor : r) * ${UP};
}`,
    )
    .join('\n');
  const finish = outputs
    .map((output, k) => {
      // The compensation is NaN once a term is infinite: an infinite or NaN sum stands as it is.
      return `let total${k} = s${k} - s${k} === 0 ? (s${k} + c${k}) / divisor : s${k};
if (s${k} === Infinity || s${k} === -Infinity) total${k} = redo${k}(${ident(modelVariables.w)}, ${ident(modelVariables.b)});
total${k} = total${k} + ${ridge(output)};${absolute[k] ? `\nconst abs${k} = a${k} / divisor + Math.abs(${ridge(output)});` : ''}`;
    })
    .join('\n');
  return { init, loop, finish, helpers };
}

const header = `const X = data.x; const Y = data.y; const W = data.weight; const n = data.count;
const divisor = data.divisor; const l2 = data.l2; const halfL2 = 0.5 * l2;`;

function hyperLines(term: ModelTerm): string {
  return term.hyper.map((h, i) => `const ${ident(h.name)} = hyper[${i}];`).join('\n');
}

function levelsOf(term: ModelTerm): Record<string, number> {
  const levels: Record<string, number> = {
    [modelVariables.b]: 1,
    [modelVariables.w]: 2,
    [modelVariables.x]: 3,
    [modelVariables.y]: 3,
  };
  for (const h of term.hyper) levels[h.name] = 0;
  return levels;
}

function outputExpr(term: ModelTerm, output: GridOutput): Expr {
  return output === 'value' ? term.value : output === 'w' ? term.dw : term.db;
}

const kernels = new WeakMap<LossDef, Map<string, unknown>>();

function cached<T>(loss: LossDef, key: string, make: () => T): T {
  let table = kernels.get(loss);
  if (!table) {
    table = new Map();
    kernels.set(loss, table);
  }
  let f = table.get(key) as T | undefined;
  if (f === undefined) {
    f = make();
    table.set(key, f);
  }
  return f;
}

export function gridKernel(loss: LossDef, output: GridOutput, weighted: boolean): GridKernel {
  return cached(loss, `grid|${output}|${weighted}`, () => {
    const term = modelTerm(loss);
    const program = emitProgram([outputExpr(term, output)], jsTarget(ident), {
      variableLevels: levelsOf(term),
      levelCount: 4,
    });
    const cell = sums(program, [output], weighted, [false]);
    const body = `${header}
${hyperLines(term)}
${program.levels[0]!.join('\n')}
${cell.helpers}
const nw = ws.length;
let k = 0;
for (let j = rowStart; j < rowEnd; j++) {
const ${ident(modelVariables.b)} = bs[j];
${program.levels[1]!.join('\n')}
for (let i = 0; i < nw; i++) {
const ${ident(modelVariables.w)} = ws[i];
${program.levels[2]!.join('\n')}
${cell.init}
${cell.loop}
${cell.finish}
out[k++] = total0 + 0;
}
}`;
    return build<GridKernel>(['out', 'ws', 'bs', 'data', 'hyper', 'rowStart', 'rowEnd'], body);
  });
}

/** out[k] = total k, then out[outputs + m] = the m-th absolute sum asked for. */
function pointBody(
  term: ModelTerm,
  exprs: readonly Expr[],
  outputs: readonly SumOutput[],
  weighted: boolean,
  absolute: readonly boolean[],
): string {
  const program = emitProgram(exprs, jsTarget(ident), { variableLevels: levelsOf(term), levelCount: 4 });
  const cell = sums(program, outputs, weighted, absolute);
  const writes = outputs.map((_, k) => `out[${k}] = total${k} + 0;`);
  const absWrites = outputs
    .map((_, k) => k)
    .filter((k) => absolute[k])
    .map((k, m) => `out[${outputs.length + m}] = abs${k};`);
  return `${header}
${hyperLines(term)}
${program.levels[0]!.join('\n')}
${cell.helpers}
const ${ident(modelVariables.b)} = b;
${program.levels[1]!.join('\n')}
const ${ident(modelVariables.w)} = w;
${program.levels[2]!.join('\n')}
${cell.init}
${cell.loop}
${cell.finish}
${[...writes, ...absWrites].join('\n')}`;
}

/** L, ∂L/∂w, ∂L/∂b and the gradient's scale at one point, in one pass over the data. */
export function pointKernel(loss: LossDef, weighted: boolean): PointKernel {
  return cached(loss, `point|${weighted}`, () => {
    const term = modelTerm(loss);
    const body = pointBody(term, [term.value, term.dw, term.db], ['value', 'w', 'b'], weighted, [
      false,
      true,
      true,
    ]);
    return build<PointKernel>(['w', 'b', 'data', 'hyper', 'out'], body);
  });
}

/** The Hessian of L at one point, or null where the term has no symbolic second derivative. */
export function hessianKernel(loss: LossDef, weighted: boolean): HessianKernel | null {
  return cached(loss, `hessian|${weighted}`, () => {
    const term = modelTerm(loss);
    const second = term.hessian();
    if (!second) return null;
    const body = pointBody(term, second, ['ww', 'wb', 'bb'], weighted, [false, false, false]);
    return build<HessianKernel>(['w', 'b', 'data', 'hyper', 'out'], body);
  });
}
