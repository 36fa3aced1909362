/**
 * The sweep program: a loss output over a grid of two variables (or one
 * variable's line repeated on every row: a line grid), written row-major into
 * one f32 buffer per tile of whole rows. Parameters travel in uniforms and
 * axis coordinates in a small storage buffer, so changing a value or a range
 * never recompiles; the write pattern is the `WriteLayout`.
 */
import type { LossDef, Output } from '@losslab/core';
import { outputKey } from '@losslab/core';
import { layoutKey, sweepDispatch, usesVectorStores, type WriteLayout } from '../wgsl/layout.js';
import {
  assemble,
  defaultRegimeCode,
  lossFunction,
  type RegimeCode,
  wgslVariables,
} from '../wgsl/loss-function.js';
import { doc, type FieldsOf, packedElement, packedF32, struct, u32 } from '../wgsl/struct.js';
import { type GridProgram, lossKey } from './program.js';

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

/** Everything that selects the WGSL: the loss definition, output, axes, layout, stores and regime code. */
export function sweepShaderKey(s: SweepShader): string {
  return `sweep|${lossKey(s.loss)}|${outputKey(s.output)}|${s.x}|${s.y ?? '-'}|${layoutKey(s.layout)}|${s.vectorStores ? 'v' : 's'}|${s.regimes}`;
}

/** The variables a sweep holds fixed, in declaration order (core's ResolvedSweep.fixed order). */
export function sweepFixedVariables(loss: LossDef, x: string, y: string | null): string[] {
  return loss.variables.filter((v) => v.name !== x && v.name !== y).map((v) => v.name);
}

/** The sweep's uniforms, for a loss whose other variables (held fixed) are `fixed`. */
export function sweepParams(fixed: readonly string[]) {
  return struct('Params', {
    nx: doc('Columns of the grid.', u32),
    rows: doc('Rows in this tile, and the first of them.', u32),
    row0: u32,
    y_offset: doc('Where the y coordinates start in `coords` (the x coordinates come first).', u32),
    fixed: doc(
      `Values of the other variables: ${fixed.length ? fixed.join(', ') : 'none'}.`,
      packedF32(fixed.length),
    ),
  });
}

export type SweepParams = ReturnType<typeof sweepParams>;

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
    return packedElement('params', 'fixed', fixed.indexOf(v.name));
  });
  const outType =
    s.vectorStores && s.layout.kind !== 'tiles2d' ? `vec${s.layout.valuesPerThread}<f32>` : 'f32';
  const pointParams = s.y === null ? 'x: f32' : 'x: f32, y: f32';
  // Comments name variables as the loss function spells them (a custom loss's are slots).
  const spell = wgslVariables(s.loss);
  const axes = s.y === null ? `x = ${spell(s.x)}` : `x = ${spell(s.x)}, y = ${spell(s.y)}`;
  const rest = `${sweepParams(fixed.map(spell)).wgsl}

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

export type SweepProgram = GridProgram<FieldsOf<SweepParams>>;

/**
 * The sweep program for a shader. Bindings: coordinates (x then y, f32,
 * read) and the tile's grid (read_write). One tile per dispatch.
 */
export function sweepProgram(s: SweepShader): SweepProgram {
  return {
    key: sweepShaderKey(s),
    label: `losslab sweep ${s.loss.id}`,
    entryPoint: 'sweep',
    params: sweepParams(sweepFixedVariables(s.loss, s.x, s.y).map(wgslVariables(s.loss))),
    storage: ['read', 'read_write'],
    source: () => sweepModule(s),
    workgroups: ({ nx, rows }, perDimension) => sweepDispatch(s.layout, nx, rows, perDimension),
    // 'rows' dispatches a workgroup row per grid row; 'tiles2d' one per `size` rows.
    maxRows: (perDimension) => (s.layout.kind === 'tiles2d' ? perDimension * s.layout.size : perDimension),
  };
}
