/**
 * Min/max of the finite values and counts of ±∞ and NaN, reduced on the GPU
 * so the app can set a colour range without reading the grid back. Floats
 * are compared as u32 keys that sort like the floats (atomics have no f32
 * min/max); each workgroup reduces in workgroup memory and adds one atomic
 * per statistic to the result. Non-finite values are told apart by their bits,
 * because a fast-math compiler may fold `x != x`.
 */
import type { SweepStats } from '@losslab/core';
import { type FieldsOf, struct, u32 } from '../wgsl/struct.js';
import { dispatch2d, type Program } from './program.js';

export const STATS_WORKGROUP = 256;
/** Values each invocation reads (strided by the workgroup size, so reads coalesce). */
export const STATS_PER_THREAD = 16;
/** Result slots: minKey, maxKey, finite, +∞, −∞, NaN, and two pads. */
export const STATS_WORDS = 8;
export const STATS_INITIAL = new Uint32Array([0xffffffff, 0, 0, 0, 0, 0, 0, 0]);

/** The stats kernel's uniforms: values in this tile (padded to 16 bytes). */
export const statsParams = struct('Params', { n: u32, pad0: u32, pad1: u32, pad2: u32 });

export const statsKernelSource = `${statsParams.wgsl}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> data: array<f32>;
@group(0) @binding(2) var<storage, read_write> acc: array<atomic<u32>, ${STATS_WORDS}>;

var<workgroup> w_min: atomic<u32>;
var<workgroup> w_max: atomic<u32>;
var<workgroup> w_finite: atomic<u32>;
var<workgroup> w_pos: atomic<u32>;
var<workgroup> w_neg: atomic<u32>;
var<workgroup> w_nan: atomic<u32>;

// A u32 that orders like the f32 with these bits: negatives reversed below positives.
fn order_key(bits: u32) -> u32 {
  return select(bits | 0x80000000u, ~bits, (bits & 0x80000000u) != 0u);
}

@compute @workgroup_size(${STATS_WORKGROUP})
fn stats(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  if (lid == 0u) {
    atomicStore(&w_min, 0xffffffffu);
    atomicStore(&w_max, 0u);
    atomicStore(&w_finite, 0u);
    atomicStore(&w_pos, 0u);
    atomicStore(&w_neg, 0u);
    atomicStore(&w_nan, 0u);
  }
  workgroupBarrier();
  var lo = 0xffffffffu;
  var hi = 0u;
  var finite = 0u;
  var pos = 0u;
  var neg = 0u;
  var nan = 0u;
  let base = (wg.y * groups.x + wg.x) * ${STATS_WORKGROUP * STATS_PER_THREAD}u + lid;
  for (var k = 0u; k < ${STATS_PER_THREAD}u; k++) {
    let i = base + k * ${STATS_WORKGROUP}u;
    if (i < params.n) {
      let bits = bitcast<u32>(data[i]);
      let magnitude = bits & 0x7fffffffu;
      if (magnitude < 0x7f800000u) {
        finite += 1u;
        let key = order_key(bits);
        lo = min(lo, key);
        hi = max(hi, key);
      } else if (magnitude == 0x7f800000u) {
        if (bits == 0x7f800000u) {
          pos += 1u;
        } else {
          neg += 1u;
        }
      } else {
        nan += 1u;
      }
    }
  }
  atomicMin(&w_min, lo);
  atomicMax(&w_max, hi);
  atomicAdd(&w_finite, finite);
  atomicAdd(&w_pos, pos);
  atomicAdd(&w_neg, neg);
  atomicAdd(&w_nan, nan);
  workgroupBarrier();
  if (lid == 0u) {
    atomicMin(&acc[0], atomicLoad(&w_min));
    atomicMax(&acc[1], atomicLoad(&w_max));
    atomicAdd(&acc[2], atomicLoad(&w_finite));
    atomicAdd(&acc[3], atomicLoad(&w_pos));
    atomicAdd(&acc[4], atomicLoad(&w_neg));
    atomicAdd(&acc[5], atomicLoad(&w_nan));
  }
}
`;

/** What a stats program dispatches: n values of one tile. */
export interface StatsExtent {
  readonly n: number;
}

/**
 * The stats program. Bindings: the values (f32, read) and the result slots
 * (STATS_WORDS atomics, read_write; start from STATS_INITIAL). Every tile
 * adds to the same slots, so one reduction covers a tiled grid.
 */
export const statsProgram: Program<FieldsOf<typeof statsParams>, StatsExtent> = {
  key: 'stats',
  label: 'losslab stats',
  entryPoint: 'stats',
  params: statsParams,
  storage: ['read', 'read_write'],
  source: () => statsKernelSource,
  workgroups: ({ n }, perDimension) =>
    dispatch2d(Math.ceil(n / (STATS_WORKGROUP * STATS_PER_THREAD)), perDimension),
};

function keyToFloat(key: number): number {
  const bits = key & 0x80000000 ? key & 0x7fffffff : ~key >>> 0;
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits);
  return view.getFloat32(0);
}

/** The statistics from the reduced words (core's SweepStats shape: min/max NaN when nothing is finite). */
export function decodeStats(words: Uint32Array): SweepStats {
  const finiteCount = words[2]!;
  return {
    min: finiteCount > 0 ? keyToFloat(words[0]!) : Number.NaN,
    max: finiteCount > 0 ? keyToFloat(words[1]!) : Number.NaN,
    finiteCount,
    posInfCount: words[3]!,
    negInfCount: words[4]!,
    nanCount: words[5]!,
  };
}
