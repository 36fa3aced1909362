/**
 * The arithmetic baseline: what the device's f32 units reach when they do
 * nothing but fused multiply-adds — the "peak" a landscape's flops are a
 * fraction of, measured rather than looked up (for devices no table knows).
 * Each invocation runs CHAINS independent chains of UNROLL FMAs per
 * iteration (enough independent work to hide the FMA latency), for an
 * iteration count the compiler cannot see (a uniform), and stores one sum so
 * that nothing is dead code. One FMA counts as two flops.
 */
import { doc, type FieldsOf, f32, struct, u32 } from '../wgsl/struct.js';
import { dispatch2d, type Program } from './program.js';

export const PEAK_WORKGROUP = 256;
const CHAINS = 8;
const UNROLL = 4;

/** Flops per invocation and iteration: CHAINS × UNROLL FMAs of 2 flops. */
export const PEAK_FLOPS_PER_ITERATION = 2 * CHAINS * UNROLL;

export const peakParams = struct('Params', {
  iterations: doc('Loop iterations per invocation.', u32),
  invocations: u32,
  // Multiplier and addend, from the host: no constant folding.
  a: f32,
  c: f32,
});

const chains = Array.from({ length: CHAINS }, (_, k) => k);

export const peakKernelSource = `${peakParams.wgsl}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(${PEAK_WORKGROUP})
fn peak(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wg.y * groups.x + wg.x) * ${PEAK_WORKGROUP}u + lid;
  let seed = f32(i & 1023u) * 1.0e-3;
  ${chains.map((k) => `var x${k} = seed + ${k}.0;`).join('\n  ')}
  for (var n = 0u; n < params.iterations; n++) {
${Array.from({ length: UNROLL }, () => chains.map((k) => `    x${k} = fma(x${k}, params.a, params.c);`).join('\n')).join('\n')}
  }
  if (i < params.invocations) {
    out[i] = ${chains.map((k) => `x${k}`).join(' + ')};
  }
}
`;

/** What the peak program dispatches: invocations (a multiple of the workgroup is best). */
export interface PeakExtent {
  readonly invocations: number;
}

export const peakProgram: Program<FieldsOf<typeof peakParams>, PeakExtent> = {
  key: 'peak',
  label: 'losslab f32 peak',
  entryPoint: 'peak',
  params: peakParams,
  storage: ['read_write'],
  source: () => peakKernelSource,
  workgroups: ({ invocations }, perDimension) =>
    dispatch2d(Math.ceil(invocations / PEAK_WORKGROUP), perDimension),
};
