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
import { judgeLandscape } from './helpers/landscape-judge.js';
import { type CellOutput, coreAtF32 } from './helpers/landscape-reference.js';
import { CONTRACT_RELATIVE } from './landscape-tolerances.js';

const N = 20_000;
const NW = 13;
const NB = 11;

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
