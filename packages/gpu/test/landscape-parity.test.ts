/**
 * The GPU landscape against core, on SwiftShader: every loss with a model
 * form, its value and both partials, on 20 000-point datasets with the hard
 * regions in them (helpers/landscape-data.ts: large x, outliers, zero
 * weights, s = ±80 for classification), against core's f64 landscape at the
 * same f32 inputs, by the rule in landscape-tolerances.ts. Hyperparameters,
 * reductions and the ridge term vary from loss to loss (uniforms: no
 * recompilation).
 *
 * Each (loss, output) is its own pipeline, and SwiftShader takes seconds to
 * compile one with workgroup memory and barriers: the grid is small (13×11,
 * partial workgroups on both axes), the dataset is not.
 */
import { getLoss, type LandscapeSpec, type ModelReduction, modelFormOf, modelLossIds } from '@losslab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweepEngine, type SweepEngine } from '../src/index.js';
import { gpu, hasAdapter } from './helpers/gpu.js';
import { axesFor, dataKind, hardDataset } from './helpers/landscape-data.js';
import {
  type CellOutput,
  type CheckedLandscape,
  cellSensitivity,
  coreAtF32,
  termEvaluator,
} from './helpers/landscape-reference.js';
import {
  CONTRACT_RELATIVE,
  FLUSH_FLOOR,
  landscapeTolerance,
  SUM_FACTOR,
  WELL_CONDITIONED,
} from './landscape-tolerances.js';

const N = 20_000;
const NW = 13;
const NB = 11;
const FLT_MAX = 3.4028234663852886e38;
const U = 2 ** -24;

/** Hyperparameters off their defaults for some losses, so that the uniforms are exercised. */
const params: Record<string, Record<string, number>> = {
  huber: { delta: 0.5 },
  quantile: { tau: 0.9 },
  tukey: { c: 3 },
  general_robust: { alpha: -2, c: 0.7 },
  gaussian_nll: { var: 2.5 },
  focal: { gamma: 3, alpha: 0.4 },
  focal_logits: { gamma: 1.5 },
  poly1: { epsilon: 2 },
  epsilon_insensitive: { epsilon: 0.3 },
};

export interface CellVerdict {
  readonly failures: string[];
  /** Cells within the contract's 1e-5 relative. */
  readonly strict: number;
  /** Cells beyond it but within their conditioning's allowance. */
  readonly illConditioned: number;
  readonly finite: number;
  readonly maxRelative: number;
}

/** Judges every cell of a GPU landscape against core's (see landscape-tolerances.ts). */
export function judgeLandscape(
  lossId: string,
  output: CellOutput,
  gpuData: Float32Array,
  ref: CheckedLandscape,
): CellVerdict {
  const tol = landscapeTolerance(lossId);
  const evaluate = termEvaluator(lossId, output);
  const weightSum = ref.data.weight.reduce((a, b) => a + b, 0);
  const floor = (FLUSH_FLOOR * weightSum) / ref.divisor;
  const failures: string[] = [];
  let strict = 0;
  let illConditioned = 0;
  let finite = 0;
  let maxRelative = 0;
  const nw = ref.ws.length;
  for (let k = 0; k < ref.values.length; k++) {
    const i = k % nw;
    const j = Math.floor(k / nw);
    const r = ref.values[k]!;
    const g = gpuData[k]!;
    const rf = Math.fround(r);
    const at = `cell (w = ${ref.ws[i]}, b = ${ref.bs[j]}): gpu ${g}, core ${r}`;
    if (!Number.isFinite(rf)) {
      // core's total is ±∞ or NaN, or beyond f32: the GPU's is the same; at the edge of the range either is right.
      const edge = Number.isFinite(r) && Math.abs(r) <= FLT_MAX * (1 + CONTRACT_RELATIVE);
      const ok =
        Object.is(g, rf) ||
        (Number.isNaN(g) && Number.isNaN(rf)) ||
        (edge && Math.abs(g) >= FLT_MAX * (1 - CONTRACT_RELATIVE));
      if (!ok) failures.push(`${at} (core's total is not finite in f32)`);
      continue;
    }
    finite++;
    if (!Number.isFinite(g)) {
      failures.push(`${at} (not finite)`);
      continue;
    }
    const err = Math.abs(g - r);
    maxRelative = Math.max(maxRelative, err / Math.max(Math.abs(r), floor));
    const contract = CONTRACT_RELATIVE * Math.abs(r) + floor;
    if (err <= contract) {
      strict++;
      continue;
    }
    // Beyond the contract's 1e-5: only where the cell is ill-conditioned, within what its conditioning allows.
    const ridge =
      output === 'value'
        ? 0.5 * ref.l2 * ref.ws[i]! ** 2
        : output === 'w'
          ? Math.abs(ref.l2 * ref.ws[i]!)
          : 0;
    const allowance =
      SUM_FACTOR * (cellSensitivity(evaluate, ref, i, j, tol.termUlps, tol.inputUlps) + 4 * U * ridge);
    if (allowance <= WELL_CONDITIONED * Math.abs(r)) {
      failures.push(`${at}: ${(err / Math.abs(r)).toExponential(2)} relative on a well-conditioned cell`);
    } else if (err > contract + allowance) {
      failures.push(
        `${at}: error ${err.toExponential(2)} > bound ${(contract + allowance).toExponential(2)}`,
      );
    } else {
      illConditioned++;
    }
  }
  return { failures, strict, illConditioned, finite, maxRelative };
}

const outputs: readonly { readonly name: CellOutput; readonly spec: LandscapeSpec['output'] }[] = [
  { name: 'value', spec: 'value' },
  { name: 'w', spec: { partial: 'w' } },
  { name: 'b', spec: { partial: 'b' } },
];

describe.skipIf(!hasAdapter)('landscape parity with core (WebGPU)', async () => {
  // One cell per invocation: every geometry sums the same terms (landscape.test.ts covers each), and
  // this one compiles fastest on SwiftShader, which takes seconds per pipeline with barriers.
  const engine: SweepEngine = hasAdapter
    ? await createSweepEngine({ gpu, landscapeGeometry: 'cell' })
    : (undefined as never);
  const summary: Record<string, string> = {};
  afterAll(() => {
    engine?.destroy();
    console.log(
      `landscape parity (${NW}×${NB} cells, ${N} points; strict = within ${CONTRACT_RELATIVE} relative):`,
    );
    console.table(summary);
  });

  modelLossIds.forEach((id, index) => {
    const form = modelFormOf(getLoss(id))!;
    const kind = dataKind(form.name);
    const reduction: ModelReduction = index % 3 === 2 ? 'sum' : 'mean';
    const l2 = index % 4 === 1 ? 0.75 : 0;
    for (const output of outputs) {
      it(`${id} ${output.name === 'value' ? 'value' : `∂/∂${output.name}`} (${kind} data, ${reduction}${l2 ? `, l2 = ${l2}` : ''})`, async () => {
        const spec: LandscapeSpec = {
          loss: id,
          data: hardDataset(kind, N),
          w: { ...axesFor[kind].w, size: NW },
          b: { ...axesFor[kind].b, size: NB },
          output: output.spec,
          reduction,
          l2,
          ...(params[id] ? { params: params[id] } : {}),
        };
        const result = await engine.landscape(spec);
        expect(result.data.length).toBe(NW * NB);
        const verdict = judgeLandscape(id, output.name, result.data, coreAtF32(spec));
        summary[`${id} ${output.name}`] =
          `within 1e-5: ${verdict.strict}/${verdict.finite}, ill-conditioned: ${verdict.illConditioned}, max rel ${verdict.maxRelative.toExponential(1)}`;
        expect(verdict.failures.slice(0, 5)).toEqual([]);
        // The contract is what is tested: most cells are within 1e-5 relative.
        expect(verdict.strict).toBeGreaterThanOrEqual(0.8 * verdict.finite);
      });
    }
  });
});
