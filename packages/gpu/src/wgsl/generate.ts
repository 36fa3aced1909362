/**
 * WGSL modules from core's loss trees: one readable function per loss and
 * output (`fn huber_d_delta(r: f32, delta: f32) -> f32`), the prelude helpers
 * it calls, and a compute entry point (a sweep over two variables, or a batch
 * over columns). Nothing about a particular loss is written here.
 */
import {
  continuousVariables,
  type Expr,
  emitProgram,
  ex,
  exactlyInfinite,
  findVariable,
  getLoss,
  type LossDef,
  losses,
  type Output,
  outputKey,
  partialExpr,
  type Target,
} from '@losslab/core';
import { defaultLayout, layoutKey, usesVectorStores, type WriteLayout } from './layout.js';
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

export function functionName(loss: LossDef, output: Output): string {
  const suffix = output === 'value' ? 'value' : `d_${wgslFragment(output.partial)}`;
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

const functionCache = new Map<string, LossFunctionWgsl>();

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
 * arithmetic at all (no pole, no infinite constant): their partial is the
 * derivative tree alone.
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
  const key = `${loss.id}|${outputKey(output)}|${regimes}`;
  const cached = functionCache.get(key);
  if (cached) return cached;
  const helpers = new Set<string>();
  const { branches, ...selectsOnly } = wgslTarget(wgslVariable, helpers);
  const target: Target = regimes === 'branch' ? { ...selectsOnly, branches } : selectsOnly;
  let statements: string[];
  let result: string;
  const split = output === 'value' ? null : splitPartial(loss, output.partial);
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
  const params = loss.variables.map((v) => `${wgslVariable(v.name)}: f32`).join(', ');
  const what = output === 'value' ? 'value' : `∂/∂${output.partial}`;
  const body = [...statements, `return ${result};`].map((line) => `  ${line}`).join('\n');
  const source = `// ${loss.name} (${loss.id}), ${what}\nfn ${name}(${params}) -> f32 {\n${body}\n}`;
  const fn = { name, source, helpers };
  functionCache.set(key, fn);
  return fn;
}

/** `params.fixed[1].z`: the k-th f32 of a uniform array of vec4s. */
const packed = (array: string, k: number): string => `params.${array}[${k >> 2}].${'xyzw'[k & 3]}`;

const vec4Count = (n: number): number => Math.max(1, Math.ceil(n / 4));

function assemble(fn: LossFunctionWgsl, extraHelpers: string[], rest: string): string {
  const prelude = preludeSource([...fn.helpers, ...extraHelpers]);
  return `${prelude}\n\n${fn.source}\n\n${rest}\n`;
}

/** What a sweep kernel computes and how it writes: everything that needs its own pipeline. */
export interface SweepShader {
  readonly loss: LossDef;
  readonly output: Output;
  /** Column variable. */
  readonly x: string;
  /** Row variable; null for a grid whose rows repeat one line (benchmarks of one-variable losses). */
  readonly y: string | null;
  readonly layout: WriteLayout;
  /** vec2/vec4 stores: needs nx to be a multiple of the layout's values per thread. */
  readonly vectorStores: boolean;
  readonly regimes: RegimeCode;
}

export function sweepShader(
  loss: LossDef,
  output: Output,
  x: string,
  y: string | null,
  layout: WriteLayout,
  nx: number,
  regimes: RegimeCode = defaultRegimeCode,
): SweepShader {
  return { loss, output, x, y, layout, vectorStores: usesVectorStores(layout, nx), regimes };
}

export function sweepShaderKey(s: SweepShader): string {
  return `sweep|${s.loss.id}|${outputKey(s.output)}|${s.x}|${s.y ?? '-'}|${layoutKey(s.layout)}|${s.vectorStores ? 'v' : 's'}|${s.regimes}`;
}

/** The variables a sweep holds fixed, in declaration order (core's ResolvedSweep.fixed order). */
export function sweepFixedVariables(loss: LossDef, x: string, y: string | null): string[] {
  return loss.variables.filter((v) => v.name !== x && v.name !== y).map((v) => v.name);
}

/** Bytes of a sweep kernel's uniform block for a loss with `fixedCount` fixed variables. */
export const sweepParamsBytes = (fixedCount: number): number => 16 + 16 * vec4Count(fixedCount);

function sweepEntry(s: SweepShader): string {
  const { layout } = s;
  const rowY = s.y === null ? '' : '\n  let y = coords[params.y_offset + params.row0 + j];';
  const at = (i: string): string => `point(coords[${i}]${s.y === null ? '' : ', y'})`;
  if (layout.kind === 'tiles2d') {
    return `@compute @workgroup_size(${layout.size}, ${layout.size})
fn sweep(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;
  let j = g.y;
  if (i >= params.nx || j >= params.rows) {
    return;
  }${rowY}
  out[j * params.nx + i] = ${at('i')};
}`;
  }
  if (layout.kind === 'flat') return flatEntry(s, layout.workgroupSize, layout.valuesPerThread);
  const wg = layout.workgroupSize;
  const v = layout.valuesPerThread;
  const head = `@compute @workgroup_size(${wg})
fn sweep(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {
  // Workgroup (wg.x, j) covers a contiguous stretch of row j of this tile.
  let j = wg.y;${rowY}
  let row = j * params.nx;`;
  if (layout.store === 'strided') {
    return `${head}
  let base = wg.x * ${wg * v}u + lid;
  for (var k = 0u; k < ${v}u; k++) {
    let i = base + k * ${wg}u;
    if (i < params.nx) {
      out[row + i] = ${at('i')};
    }
  }
}`;
  }
  const first = `  let i = (wg.x * ${wg}u + lid) * ${v}u;`;
  if (v === 1) {
    return `${head}
  let i = wg.x * ${wg}u + lid;
  if (i >= params.nx) {
    return;
  }
  out[row + i] = ${at('i')};
}`;
  }
  if (s.vectorStores) {
    const parts = Array.from({ length: v }, (_, k) => at(k === 0 ? 'i' : `i + ${k}u`)).join(',\n    ');
    return `${head}
${first}
  if (i >= params.nx) {
    return;
  }
  // nx is a multiple of ${v}: one aligned vec${v} store.
  out[(row + i) / ${v}u] = vec${v}<f32>(
    ${parts},
  );
}`;
  }
  return `${head}
${first}
  for (var k = 0u; k < ${v}u; k++) {
    if (i + k < params.nx) {
      out[row + i + k] = ${at('i + k')};
    }
  }
}`;
}

function flatEntry(s: SweepShader, wg: number, v: number): string {
  const yAt = (j: string): string => (s.y === null ? '' : `, coords[params.y_offset + params.row0 + ${j}]`);
  const head = `@compute @workgroup_size(${wg})
fn sweep(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  // Invocation t computes points ${v}·t … of this tile, row-major.
  let t = (wg.y * groups.x + wg.x) * ${wg}u + lid;
  let e = t * ${v}u;
  let total = params.nx * params.rows;
  if (e >= total) {
    return;
  }
  let j = e / params.nx;
  let i = e - j * params.nx;`;
  if (v === 1)
    return `${head}
  out[e] = point(coords[i]${yAt('j')});
}`;
  if (s.vectorStores) {
    const rowY = s.y === null ? '' : '\n  let y = coords[params.y_offset + params.row0 + j];';
    const parts = Array.from(
      { length: v },
      (_, k) => `point(coords[${k === 0 ? 'i' : `i + ${k}u`}]${s.y === null ? '' : ', y'})`,
    );
    return `${head}${rowY}
  // nx is a multiple of ${v}: the ${v} points share row j, one aligned vec${v} store.
  out[t] = vec${v}<f32>(
    ${parts.join(',\n    ')},
  );
}`;
  }
  return `${head}
  for (var k = 0u; k < ${v}u; k++) {
    let ek = e + k;
    if (ek < total) {
      let jk = ek / params.nx;
      out[ek] = point(coords[ek - jk * params.nx]${yAt('jk')});
    }
  }
}`;
}

/** A complete sweep module: prelude, loss function, uniforms and bindings, entry point `sweep`. */
export function sweepModule(s: SweepShader): string {
  const fn = lossFunction(s.loss, s.output, s.regimes);
  const fixed = sweepFixedVariables(s.loss, s.x, s.y);
  const args = s.loss.variables.map((v) => {
    if (v.name === s.x) return 'x';
    if (v.name === s.y) return 'y';
    return packed('fixed', fixed.indexOf(v.name));
  });
  const outType =
    s.vectorStores && s.layout.kind !== 'tiles2d' ? `vec${s.layout.valuesPerThread}<f32>` : 'f32';
  const pointParams = s.y === null ? 'x: f32' : 'x: f32, y: f32';
  const axes = s.y === null ? `x = ${s.x}` : `x = ${s.x}, y = ${s.y}`;
  const rest = `struct Params {
  // Columns of the grid.
  nx: u32,
  // Rows in this tile, and the first of them.
  rows: u32,
  row0: u32,
  // Where the y coordinates start in \`coords\` (the x coordinates come first).
  y_offset: u32,
  // Values of the other variables: ${fixed.length ? fixed.join(', ') : 'none'}.
  fixed: array<vec4<f32>, ${vec4Count(fixed.length)}>,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> coords: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<${outType}>;

// The grid point (${axes}), as stored.
fn point(${pointParams}) -> f32 {
  return ll_canonical(${fn.name}(${args.join(', ')}));
}

${sweepEntry(s)}`;
  return assemble(fn, ['ll_canonical'], rest);
}

/** A batch kernel: which variables are scalars (uniforms); the rest are columns. */
export interface BatchShader {
  readonly loss: LossDef;
  readonly output: Output;
  readonly scalars: ReadonlySet<string>;
}

export const BATCH_WORKGROUP = 256;

export function batchShaderKey(s: BatchShader): string {
  const mask = s.loss.variables.map((v) => (s.scalars.has(v.name) ? 's' : 'c')).join('');
  return `batch|${s.loss.id}|${outputKey(s.output)}|${mask}`;
}

export const batchParamsBytes = (scalarCount: number): number => 16 + 16 * vec4Count(scalarCount);

/** A batch module: column c of n points is columns[c·stride + k]; entry point `batch`. */
export function batchModule(s: BatchShader): string {
  const fn = lossFunction(s.loss, s.output);
  const scalarNames = s.loss.variables.filter((v) => s.scalars.has(v.name)).map((v) => v.name);
  const columnNames = s.loss.variables.filter((v) => !s.scalars.has(v.name)).map((v) => v.name);
  const args = s.loss.variables.map((v) => {
    const c = columnNames.indexOf(v.name);
    if (c >= 0) return c === 0 ? 'columns[k]' : `columns[${c}u * params.stride + k]`;
    return packed('scalars', scalarNames.indexOf(v.name));
  });
  const rest = `struct Params {
  // Points in this batch, and the distance between columns in \`columns\`.
  n: u32,
  stride: u32,
  pad0: u32,
  pad1: u32,
  // Broadcast values: ${scalarNames.length ? scalarNames.join(', ') : 'none'}.
  scalars: array<vec4<f32>, ${vec4Count(scalarNames.length)}>,
}

@group(0) @binding(0) var<uniform> params: Params;
// Columns: ${columnNames.length ? columnNames.join(', ') : 'none'}.
@group(0) @binding(1) var<storage, read> columns: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(${BATCH_WORKGROUP})
fn batch(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let k = (wg.y * groups.x + wg.x) * ${BATCH_WORKGROUP}u + lid;
  if (k >= params.n) {
    return;
  }
  out[k] = ll_canonical(${fn.name}(${args.join(', ')}));
}`;
  return assemble(fn, ['ll_canonical'], rest);
}

export type WgslEntry =
  | {
      readonly kind: 'sweep';
      readonly x: string;
      readonly y: string;
      readonly layout?: WriteLayout;
      readonly nx?: number;
      readonly regimes?: RegimeCode;
    }
  | { readonly kind: 'batch'; readonly scalars?: readonly string[] }
  | { readonly kind: 'none' };

/**
 * The WGSL for one loss output, with an entry point: by default a sweep over
 * the loss's default axes (a batch over every variable for losses with one).
 * Throws core's RangeErrors for an unknown loss, variable or output.
 */
export function generateWgsl(lossId: string, output: Output = 'value', entry?: WgslEntry): string {
  const loss = getLoss(lossId);
  const fn = lossFunction(loss, output);
  const chosen: WgslEntry =
    entry ??
    (loss.defaultAxes.length === 2
      ? { kind: 'sweep', x: loss.defaultAxes[0], y: loss.defaultAxes[1] }
      : { kind: 'batch' });
  switch (chosen.kind) {
    case 'none':
      return `${preludeSource(fn.helpers)}\n\n${fn.source}\n`;
    case 'batch':
      for (const name of chosen.scalars ?? []) findVariable(loss, name);
      return batchModule({ loss, output, scalars: new Set(chosen.scalars ?? []) });
    case 'sweep': {
      const continuous = continuousVariables(loss);
      for (const name of [chosen.x, chosen.y]) {
        findVariable(loss, name);
        if (!continuous.includes(name))
          throw new RangeError(`${loss.id}: ${name} is discrete and cannot be an axis`);
      }
      if (chosen.x === chosen.y) throw new RangeError(`${loss.id}: both sweep axes are ${chosen.x}`);
      const layout = chosen.layout ?? defaultLayout;
      return sweepModule(
        sweepShader(loss, output, chosen.x, chosen.y, layout, chosen.nx ?? 4, chosen.regimes),
      );
    }
  }
}

/** Every output of the given losses (default: the whole catalog) as one module without entry points. */
export function generateWgslLibrary(ids: readonly string[] = losses.map((l) => l.id)): string {
  const fns = ids.flatMap((id) => {
    const loss = getLoss(id);
    const outputs: Output[] = ['value', ...continuousVariables(loss).map((partial) => ({ partial }))];
    return outputs.map((o) => lossFunction(loss, o));
  });
  const helpers = new Set(fns.flatMap((f) => [...f.helpers]));
  return `${preludeSource(helpers)}\n\n${fns.map((f) => f.source).join('\n\n')}\n`;
}
