/**
 * The landscape program: a model's total loss (or a partial) over a grid of
 * its parameters (w, b), every cell a compensated sum over the whole dataset
 * (landscape-contract.md). The per-sample term is core's model term
 * (`modelTerm`: the loss's tree with s = w·x + b substituted, simplified, and
 * its w/b partials) printed by the WGSL generator; nothing about a loss is
 * written here, only the sum around it.
 *
 * The work: each invocation owns `cells` cells of one row, a workgroup a
 * block of them; the dataset streams through workgroup memory in tiles of
 * TILE points, each point read from memory once per workgroup and then by
 * every invocation from workgroup memory. Where the grid is too small to fill
 * a GPU with cells, a workgroup's invocations also split each tile between
 * `lanes` (each cell's points are shared by `lanes` invocations, whose sums
 * are combined at the end): the same sum, more parallelism.
 *
 * The sum: TwoSum per term (an error-free transformation: the running sum
 * plus the exact rounding errors, summed apart), so a 100 000-point total is
 * as good as the terms. A compiler allowed to reassociate floating point
 * (fast-math) would fold (s − (t − b)) to 0 and lose the compensation: the
 * intermediate values pass through `ll_opaque`, an XOR with a uniform that is
 * 0 at run time but unknown to the compiler. Then, as core does: a sum that
 * overflowed (although its terms need not have) is redone with every term
 * scaled by 2⁻⁶⁴ (a pass over the data only for workgroups that need it);
 * zero-weight points add exactly 0; the mean divides by n; the ridge term
 * ½·l2·w² is added last.
 */
import type { LossDef, ModelTerm } from '@losslab/core';
import { emitProgram, modelTerm, modelVariables, type Target } from '@losslab/core';
import { defaultRegimeCode, type RegimeCode } from '../wgsl/loss-function.js';
import { wgslFragment } from '../wgsl/names.js';
import { preludeSource } from '../wgsl/prelude.js';
import { f32InputRange, rewriteForF32 } from '../wgsl/rewrite.js';
import { doc, type FieldsOf, f32, packedElement, packedF32, struct, u32 } from '../wgsl/struct.js';
import { wgslTarget } from '../wgsl/target.js';
import { type GridExtent, type GridProgram, lossKey } from './program.js';

/** What a landscape cell holds: the total, ∂/∂w or ∂/∂b. */
export type LandscapeCellOutput = 'value' | 'w' | 'b';

/** Invocations per workgroup, and points per tile of the dataset in workgroup memory. */
export const LANDSCAPE_WORKGROUP = 256;
export const LANDSCAPE_TILE = 256;

/**
 * How a workgroup covers the grid. `lanes` invocations share each cell (each
 * summing every lanes-th point of a tile); the other 256/lanes form `wx`
 * columns × `wy` rows, each computing `cells` cells of its row, `wx` apart.
 * A workgroup covers (wx·cells) × wy cells.
 */
export interface LandscapeGeometry {
  readonly lanes: 1 | 4 | 16;
  readonly cells: 1 | 4;
  readonly wx: number;
  readonly wy: number;
}

export const landscapeGeometries = {
  /** 64 × 16 cells per workgroup, 4 per invocation: each point read from workgroup memory serves 4 cells. */
  wide: { lanes: 1, cells: 4, wx: 16, wy: 16 },
  /** 16 × 16 cells, one per invocation. */
  cell: { lanes: 1, cells: 1, wx: 16, wy: 16 },
  /** 16 × 4 cells, each shared by 4 invocations. */
  split4: { lanes: 4, cells: 1, wx: 16, wy: 4 },
  /** 16 × 1 cells, each shared by 16 invocations. */
  split16: { lanes: 16, cells: 1, wx: 16, wy: 1 },
} as const satisfies Record<string, LandscapeGeometry>;

export type LandscapeGeometryName = keyof typeof landscapeGeometries;

/**
 * The geometry for a grid: enough workgroups (about 1000 or more) to fill a
 * large GPU, the fewest lanes that reach it (sharing cells costs a final
 * combination), and 4 cells per invocation where the grid is large enough.
 */
export function chooseGeometry(nx: number, ny: number): LandscapeGeometryName {
  const cells = nx * ny;
  if (cells >= 2 ** 20) return 'wide';
  if (cells >= 2 ** 18) return 'cell';
  if (cells >= 2 ** 16) return 'split4';
  return 'split16';
}

/** Everything that selects a landscape kernel's WGSL. */
export interface LandscapeShader {
  readonly loss: LossDef;
  readonly output: LandscapeCellOutput;
  readonly geometry: LandscapeGeometryName;
  readonly regimes: RegimeCode;
}

export function landscapeShaderKey(s: LandscapeShader): string {
  return `landscape|${lossKey(s.loss)}|${s.output}|${s.geometry}|${s.regimes}`;
}

/** The landscape's uniforms, for a loss whose hyperparameters are `hyper` (as the comment names them). */
export function landscapeParams(hyper: readonly string[]) {
  return struct('Params', {
    nx: doc('Columns of the grid (w).', u32),
    rows: doc(
      'Rows this dispatch computes, the grid row of its first (b index),\nand where that row sits in the output buffer.',
      u32,
    ),
    row0: u32,
    out_row0: u32,
    n: doc('Data points (zero weights included).', u32),
    opaque: doc('Always 0: see ll_opaque.', u32),
    divisor: doc("What the sum is divided by: n for 'mean', 1 for 'sum'.", f32),
    l2: doc('Ridge coefficient of ½·l2·w².', f32),
    hyper: doc(
      `The loss's hyperparameters: ${hyper.length ? hyper.join(', ') : 'none'}.`,
      packedF32(hyper.length),
    ),
  });
}

export type LandscapeParams = ReturnType<typeof landscapeParams>;

/** Names of the model's variables inside the term function. */
const termArgs: Readonly<Record<string, string>> = {
  [modelVariables.w]: 'm_w',
  [modelVariables.b]: 'm_b',
  [modelVariables.x]: 'm_x',
  [modelVariables.y]: 'm_y',
};

export interface TermFunction {
  /** e.g. `huber_term_value`, `logistic_term_d_w` */
  readonly name: string;
  readonly source: string;
  /** Prelude helpers it calls. */
  readonly helpers: ReadonlySet<string>;
}

const termCache = new WeakMap<LossDef, Map<string, TermFunction>>();

function termExpr(term: ModelTerm, output: LandscapeCellOutput) {
  return output === 'value' ? term.value : output === 'w' ? term.dw : term.db;
}

/**
 * The model term of a loss (core's `modelTerm`) as a WGSL function of
 * (m_w, m_b, m_x, m_y): its value or its w/b partial, the hyperparameters
 * read from the uniforms (`params.hyper`), so changing one never recompiles.
 * A user loss's hyperparameters are named by slot only: no user text reaches
 * the shader but the id.
 */
export function termFunction(
  loss: LossDef,
  output: LandscapeCellOutput,
  regimes: RegimeCode = defaultRegimeCode,
): TermFunction {
  let forLoss = termCache.get(loss);
  if (!forLoss) {
    forLoss = new Map();
    termCache.set(loss, forLoss);
  }
  const key = `${output}|${regimes}`;
  const hit = forLoss.get(key);
  if (hit) return hit;
  const term = modelTerm(loss);
  const hyperIndex = new Map(term.hyper.map((h, k) => [h.name, k]));
  const variable = (name: string): string => {
    const model = termArgs[name];
    if (model) return model;
    const k = hyperIndex.get(name);
    if (k === undefined)
      throw new RangeError(`${loss.id}: the model term uses a name that is not a variable`);
    return packedElement('params', 'hyper', k);
  };
  const helpers = new Set<string>();
  const { branches, ...selectsOnly } = wgslTarget(variable, helpers);
  const target: Target = regimes === 'branch' ? { ...selectsOnly, branches } : selectsOnly;
  // The hyperparameters pass the f32 input policy before any dispatch (landscape-plan.ts), so
  // comparisons their range decides are folded: core's f64-only regimes (scale moves by 2^±500,
  // subnormal tiers) are not compiled into the shader.
  const ranges = Object.fromEntries(term.hyper.map((h) => [h.name, f32InputRange(h.domain)]));
  const program = emitProgram([rewriteForF32(termExpr(term, output), ranges)], target);
  const name = `${wgslFragment(loss.id)}_term_${output === 'value' ? 'value' : `d_${output}`}`;
  const what = output === 'value' ? 'value' : `∂/∂${output}`;
  const title = loss.source?.kind === 'custom' ? 'custom formula' : loss.name;
  const hyperNote = term.hyper.length
    ? `; hyperparameters from params.hyper (${hyperLabels(loss).join(', ')})`
    : '';
  const body = [...program.levels.flat(), `return ${program.outputs[0]};`].map((l) => `  ${l}`).join('\n');
  const source = `// ${title} (${loss.id}), ${what} of one data point's term, ${term.form.term} with s = m_w·m_x + m_b${hyperNote}
fn ${name}(m_w: f32, m_b: f32, m_x: f32, m_y: f32) -> f32 {
${body}
}`;
  const fn = { name, source, helpers };
  forLoss.set(key, fn);
  return fn;
}

/** 2⁻⁶⁴ and 2⁶⁴ (exact in f32): the overflow pass's scaling. */
const DOWN = '5.421010862427522e-20';
const UP = '1.8446744073709552e19';

const summation = `// An f32 the compiler cannot see through: x itself (params.opaque is 0 at run
// time), but no fast-math rewrite can reassociate a compensated sum through it.
fn ll_opaque(x: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(x) ^ params.opaque);
}

// acc.x + v and its rounding error, exactly (Knuth's TwoSum); acc.y collects the errors.
fn ll_accumulate(acc: vec2<f32>, v: f32) -> vec2<f32> {
  let t = ll_opaque(acc.x + v);
  let bv = ll_opaque(t - acc.x);
  let e = ll_opaque(acc.x - (t - bv)) + (v - bv);
  return vec2<f32>(t, acc.y + e);
}`;

/** A complete landscape module: prelude, term function, uniforms, bindings, entry point `landscape`. */
export function landscapeModule(s: LandscapeShader): string {
  const fn = termFunction(s.loss, s.output, s.regimes);
  const g = landscapeGeometries[s.geometry];
  const hyperNames = hyperLabels(s.loss);
  const cellThreads = LANDSCAPE_WORKGROUP / g.lanes;
  const cells = Array.from({ length: g.cells }, (_, k) => k);
  const each = (line: (k: number) => string, indent: string): string => cells.map(line).join(`\n${indent}`);
  // Lanes > 1 (one cell per invocation): the lanes' partial sums of a cell meet in workgroup
  // memory, and its lane-0 invocation combines them (TwoSum again).
  const combine =
    g.lanes === 1
      ? ''
      : `
    part[li] = s0;
    workgroupBarrier();
    if (lane == 0u) {
      var sum = vec2<f32>(0.0, 0.0);
      var errors = 0.0;
      for (var l = 0u; l < ${g.lanes}u; l++) {
        let other = part[l * ${cellThreads}u + ct];
        sum = ll_accumulate(sum, other.x);
        errors = errors + other.y;
      }
      s0 = vec2<f32>(sum.x, sum.y + errors);
    }`;
  const ridge =
    s.output === 'value' ? ' + 0.5 * params.l2 * w * w' : s.output === 'w' ? ' + params.l2 * w' : '';
  const partDecl =
    g.lanes === 1
      ? ''
      : `\n// Partial sums of the cells' lanes, combined at the end.\nvar<workgroup> part: array<vec2<f32>, ${LANDSCAPE_WORKGROUP}>;`;
  const rest = `${landscapeParams(hyperNames).wgsl}

@group(0) @binding(0) var<uniform> params: Params;
// The w coordinates of the grid's columns, then the b coordinates of its rows.
@group(0) @binding(1) var<storage, read> coords: array<f32>;
// The dataset, one point per vec4: (x, y, weight, 0).
@group(0) @binding(2) var<storage, read> data: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> points: array<vec4<f32>, ${LANDSCAPE_TILE}>;${partDecl}
var<workgroup> wg_overflow: atomic<u32>;
var<workgroup> wg_redo: u32;

${summation}

// Workgroup (gx, gy) covers ${g.wx * g.cells} columns × ${g.wy} rows of this dispatch. Invocation li sums, for
// ${g.cells === 1 ? 'the cell' : `the ${g.cells} cells (${g.wx} apart)`} of its cell thread, ${g.lanes === 1 ? 'every point' : `every ${g.lanes}th point of each tile (lane li / ${cellThreads})`}.
@compute @workgroup_size(${LANDSCAPE_WORKGROUP})
fn landscape(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) li: u32) {
  let lane = li / ${cellThreads}u;
  let ct = li % ${cellThreads}u;
  let j = wg.y * ${g.wy}u + ct / ${g.wx}u;
  let i0 = wg.x * ${g.wx * g.cells}u + ct % ${g.wx}u;
  // Invocations past the grid's edge still load tiles and meet the barriers; only owners write.
  let owner = lane == 0u && j < params.rows;
  let b = coords[params.nx + params.row0 + min(j, params.rows - 1u)];
  ${each((k) => `let w${k} = coords[min(i0 + ${k * g.wx}u, params.nx - 1u)];`, '  ')}
  if (li == 0u) {
    atomicStore(&wg_overflow, 0u);
  }
  // Round 0 sums the terms; round 1, the overflow pass, runs only in workgroups where some cell's
  // sum is ±∞ (its terms may all be finite) and sums them again scaled by 2⁻⁶⁴ (exact).
  ${each((k) => `var a${k} = vec2<f32>(0.0, 0.0);`, '  ')}
  ${each((k) => `var r${k} = vec2<f32>(0.0, 0.0);`, '  ')}
  for (var round = 0u; round < 2u; round++) {
    var scale = 1.0;
    if (round == 1u) {
      if (owner && (${cells.map((k) => `ll_is_inf(a${k}.x)`).join(' || ')})) {
        atomicStore(&wg_overflow, 1u);
      }
      workgroupBarrier();
      if (li == 0u) {
        wg_redo = atomicLoad(&wg_overflow);
      }
      if (workgroupUniformLoad(&wg_redo) == 0u) {
        break;
      }
      scale = ${DOWN};
    }
    ${each((k) => `var s${k} = vec2<f32>(0.0, 0.0);`, '    ')}
    for (var base = 0u; base < params.n; base += ${LANDSCAPE_TILE}u) {
      // The next tile of points, through workgroup memory.
      workgroupBarrier();
      if (li < ${LANDSCAPE_TILE}u && base + li < params.n) {
        points[li] = data[base + li];
      }
      workgroupBarrier();
      let count = min(${LANDSCAPE_TILE}u, params.n - base);
      for (var q = lane; q < count; q += ${g.lanes}u) {
        let p = points[q];
        // Zero-weight points add exactly 0, even where their term is not finite.
        if (p.z != 0.0) {
          let weight = p.z * scale;
          ${each((k) => `s${k} = ll_accumulate(s${k}, ${fn.name}(w${k}, b, p.x, p.y) * weight);`, '          ')}
        }
      }
    }${combine}
    if (round == 0u) {
      ${each((k) => `a${k} = s${k};`, '      ')}
    } else {
      ${each((k) => `r${k} = s${k};`, '      ')}
    }
  }
${cells
  .map(
    (k) => `  {
    let i = i0 + ${k * g.wx}u;
    let w = w${k};
    // The mean (or sum); a NaN sum stands as it is, a ±∞ one is the overflow pass's.
    var total = select(a${k}.x, (a${k}.x + a${k}.y) / params.divisor, ll_is_finite(a${k}.x));
    if (ll_is_inf(a${k}.x)) {
      total = select(r${k}.x, (r${k}.x + r${k}.y) / params.divisor, ll_is_finite(r${k}.x)) * ${UP};
    }
    if (owner && i < params.nx) {
      out[(params.out_row0 + j) * params.nx + i] = ll_canonical(total${ridge});
    }
  }`,
  )
  .join('\n')}
}`;
  const prelude = preludeSource([...fn.helpers, 'll_canonical', 'll_is_finite', 'll_is_inf']);
  return `${prelude}\n\n${fn.source}\n\n${rest}\n`;
}

/** How the uniforms' comment names the hyperparameters (a user loss's by slot: no user text in the shader). */
function hyperLabels(loss: LossDef): string[] {
  return modelTerm(loss).hyper.map((h, k) => (loss.source?.kind === 'custom' ? `slot ${k}` : h.name));
}

export type LandscapeProgram = GridProgram<FieldsOf<LandscapeParams>>;

/**
 * The landscape program for a shader. Bindings: coordinates (w then b, f32,
 * read), the dataset (vec4 per point, read: a resident buffer) and the
 * tile's grid (read_write). One dispatch per band of rows.
 */
export function landscapeProgram(s: LandscapeShader): LandscapeProgram {
  const g = landscapeGeometries[s.geometry];
  return {
    key: landscapeShaderKey(s),
    label: `losslab landscape ${s.loss.id}`,
    entryPoint: 'landscape',
    params: landscapeParams(hyperLabels(s.loss)),
    storage: ['read', 'read', 'read_write'],
    source: () => landscapeModule(s),
    workgroups: ({ nx, rows }: GridExtent) => [Math.ceil(nx / (g.wx * g.cells)), Math.ceil(rows / g.wy)],
    maxRows: (perDimension) => perDimension * g.wy,
  };
}
