/**
 * The write-bandwidth baseline: the simplest fully coalesced write of a
 * grid's bytes (one vec4 per invocation, consecutive invocations on
 * consecutive vec4s) with nothing computed. A sweep's time against this
 * kernel's on the same bytes is the fraction of the device's write
 * bandwidth the sweep reaches (the benchmark's "% of fill").
 */
import { doc, type FieldsOf, struct, u32 } from '../wgsl/struct.js';
import { dispatch2d, type GridExtent, type GridProgram } from './program.js';

export const FILL_WORKGROUP = 256;

export const fillParams = struct('Params', { count: doc('vec4s to write in this tile.', u32) });

export const fillKernelSource = `${fillParams.wgsl}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<vec4<f32>>;

// 2D dispatch: one dimension holds at most 65535 workgroups.
@compute @workgroup_size(${FILL_WORKGROUP})
fn fill(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wg.y * groups.x + wg.x) * ${FILL_WORKGROUP}u + lid;
  if (i < params.count) {
    out[i] = vec4<f32>(f32(i & 1023u));
  }
}
`;

/** vec4s covering a tile of rows × nx f32 values. */
export const fillCount = ({ nx, rows }: GridExtent): number => Math.ceil((nx * rows) / 4);

/**
 * The fill program, a grid program like the sweep: one dispatch per tile.
 * Binding: the tile's buffer (read_write, at least 16·fillCount bytes).
 */
export const fillProgram: GridProgram<FieldsOf<typeof fillParams>> = {
  key: 'fill',
  label: 'losslab fill',
  entryPoint: 'fill',
  params: fillParams,
  storage: ['read_write'],
  source: () => fillKernelSource,
  workgroups: (tile, perDimension) => dispatch2d(Math.ceil(fillCount(tile) / FILL_WORKGROUP), perDimension),
  // Flat over the tile's vec4s: any number of rows fits one dispatch.
  maxRows: () => Number.POSITIVE_INFINITY,
};
