/**
 * The batch program: a loss output at n points, each variable a column of
 * the input buffer or one broadcast value (a uniform). One invocation per
 * point, dispatched in 2D beyond 65535 workgroups.
 */
import type { LossDef, Output } from '@losslab/core';
import { outputKey } from '@losslab/core';
import { assemble, lossFunction, wgslVariables } from '../wgsl/loss-function.js';
import { doc, type FieldsOf, packedElement, packedF32, struct, u32 } from '../wgsl/struct.js';
import { dispatch2d, lossKey, type Program } from './program.js';

/** A batch kernel: which variables are scalars (uniforms); the rest are columns. */
export interface BatchShader {
  readonly loss: LossDef;
  readonly output: Output;
  readonly scalars: ReadonlySet<string>;
}

export const BATCH_WORKGROUP = 256;

export function batchShaderKey(s: BatchShader): string {
  const mask = s.loss.variables.map((v) => (s.scalars.has(v.name) ? 's' : 'c')).join('');
  return `batch|${lossKey(s.loss)}|${outputKey(s.output)}|${mask}`;
}

/** The batch's uniforms, for a loss whose broadcast variables are `scalars`. */
export function batchParams(scalars: readonly string[]) {
  return struct('Params', {
    n: doc('Points in this batch, and the distance between columns in `columns`.', u32),
    stride: u32,
    pad0: u32,
    pad1: u32,
    scalars: doc(
      `Broadcast values: ${scalars.length ? scalars.join(', ') : 'none'}.`,
      packedF32(scalars.length),
    ),
  });
}

export type BatchParams = ReturnType<typeof batchParams>;

const scalarNamesOf = (s: BatchShader): string[] =>
  s.loss.variables.filter((v) => s.scalars.has(v.name)).map((v) => v.name);

/** A batch module: column c of n points is columns[c·stride + k]; entry point `batch`. */
export function batchModule(s: BatchShader): string {
  const fn = lossFunction(s.loss, s.output);
  const scalarNames = scalarNamesOf(s);
  const columnNames = s.loss.variables.filter((v) => !s.scalars.has(v.name)).map((v) => v.name);
  const args = s.loss.variables.map((v) => {
    const c = columnNames.indexOf(v.name);
    if (c >= 0) return c === 0 ? 'columns[k]' : `columns[${c}u * params.stride + k]`;
    return packedElement('params', 'scalars', scalarNames.indexOf(v.name));
  });
  // Comments name variables as the loss function spells them (a custom loss's are slots).
  const spell = wgslVariables(s.loss);
  const rest = `${batchParams(scalarNames.map(spell)).wgsl}

@group(0) @binding(0) var<uniform> params: Params;
// Columns: ${columnNames.length ? columnNames.map(spell).join(', ') : 'none'}.
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

/** What a batch program dispatches: n points. */
export interface BatchExtent {
  readonly n: number;
}

export type BatchProgram = Program<FieldsOf<BatchParams>, BatchExtent>;

/** The batch program for a shader. Bindings: the columns (f32, read) and one output per point (read_write). */
export function batchProgram(s: BatchShader): BatchProgram {
  return {
    key: batchShaderKey(s),
    label: `losslab batch ${s.loss.id}`,
    entryPoint: 'batch',
    params: batchParams(scalarNamesOf(s).map(wgslVariables(s.loss))),
    storage: ['read', 'read_write'],
    source: () => batchModule(s),
    workgroups: ({ n }, perDimension) => dispatch2d(Math.ceil(n / BATCH_WORKGROUP), perDimension),
  };
}
