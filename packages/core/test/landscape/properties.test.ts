/**
 * Property tests with fast-check, over every loss with a model form:
 *
 * - a landscape's cells are totalLoss / totalGradient at the same (w, b), bit for bit;
 * - totalGradient agrees with central differences of totalLoss away from kinks;
 * - fitModel's point of a convex loss has a (sub)gradient containing 0: no
 *   direction lowers L (checked with totalLoss along random directions).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitModel,
  landscape,
  type ModelSpec,
  modelLossIds,
  totalGradient,
  totalLoss,
} from '../../src/index.js';
import { contractForms } from './reference.js';

const RUNS = 25;

/**
 * Uniform over [lo, hi] in 2³² steps: fc.double is uniform over the doubles (nearly all tiny
 * near 0) and biased to its bounds, which here would be subnormal data, not the data people fit.
 */
const uniform = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.noBias(fc.integer({ min: 0, max: 0xffffffff })).map((k) => lo + (hi - lo) * (k / 0xffffffff));
const coordinate = uniform(-4, 4);

/** A dataset for a loss: 2–12 points, labels in the form's set, optional weights. */
function datasetFor(id: string): fc.Arbitrary<ModelSpec> {
  const form = contractForms[id]!;
  const label =
    form === 'residual'
      ? coordinate
      : form === 'poisson'
        ? fc.integer({ min: 0, max: 6 })
        : form === 'logit' || form === 'probability'
          ? fc.oneof(fc.constantFrom(0, 1), uniform(0, 1))
          : fc.constantFrom(0, 1);
  return fc
    .array(fc.tuple(coordinate, label, fc.oneof(fc.constant(1), fc.constant(0), uniform(0, 3))), {
      minLength: 2,
      maxLength: 12,
    })
    .filter((points) => points.some(([, , w]) => w > 0))
    .chain((points) =>
      fc
        .record({
          reduction: fc.constantFrom('mean' as const, 'sum' as const),
          l2: fc.oneof(fc.constant(0), uniform(0, 2)),
        })
        .map(({ reduction, l2 }) => ({
          loss: id,
          data: { x: points.map((p) => p[0]), y: points.map((p) => p[1]), weight: points.map((p) => p[2]) },
          reduction,
          l2,
        })),
    );
}

describe('landscape cells are the totals', { timeout: 120_000 }, () => {
  it.each(modelLossIds)('%s', (id) => {
    fc.assert(
      fc.property(
        datasetFor(id),
        fc.tuple(coordinate, coordinate).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
        fc.tuple(coordinate, coordinate).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        (model, [w0, w1], [b0, b1], nw, nb) => {
          const spec = { ...model, w: { min: w0, max: w1, size: nw }, b: { min: b0, max: b1, size: nb } };
          const value = landscape(spec);
          const dw = landscape({ ...spec, output: { partial: 'w' } });
          const db = landscape({ ...spec, output: { partial: 'b' } });
          for (let j = 0; j < nb; j++)
            for (let i = 0; i < nw; i++) {
              const at = { w: value.x.coords[i]!, b: value.y.coords[j]! };
              const g = totalGradient(model, at);
              expect(value.data[j * nw + i]).toBe(totalLoss(model, at));
              expect(dw.data[j * nw + i]).toBe(g.w);
              expect(db.data[j * nw + i]).toBe(g.b);
            }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('totalGradient agrees with differences of totalLoss away from kinks', { timeout: 120_000 }, () => {
  it.each(modelLossIds.filter((id) => id !== 'zero_one'))('%s', (id) => {
    let checked = 0;
    fc.assert(
      fc.property(datasetFor(id), coordinate, coordinate, (model, w, b) => {
        const g = totalGradient(model, { w, b });
        for (const [name, dir] of [
          ['w', { w: 1, b: 0 }],
          ['b', { w: 0, b: 1 }],
        ] as const) {
          const h = 1e-6 * Math.max(1, Math.abs(name === 'w' ? w : b));
          const f = (t: number) => totalLoss(model, { w: w + t * dir.w, b: b + t * dir.b });
          const f0 = f(0);
          const right = (f(h) - f0) / h;
          const left = (f0 - f(-h)) / h;
          const central = (f(h) - f(-h)) / (2 * h);
          const central2 = (f(2 * h) - f(-2 * h)) / (4 * h);
          // What rounding f costs a difference quotient: a few ulps of the terms over h.
          const noise = (64 * Number.EPSILON * (Math.abs(f0) + Math.abs(f(h)) + Math.abs(f(-h)))) / h;
          const slope = Math.abs(central);
          // Skip a kink (one-sided slopes disagree), strong curvature, or a slope lost in rounding.
          if (noise > 1e-3 * slope) continue;
          if (
            Math.abs(right - left) > 1e-4 * slope + noise ||
            Math.abs(central - central2) > 1e-5 * slope + noise
          )
            continue;
          checked++;
          expect(Math.abs(g[name] - central), `${id} ∂${name}`).toBeLessThanOrEqual(1e-5 * slope + noise);
        }
      }),
      { numRuns: RUNS * 2 },
    );
    expect(checked).toBeGreaterThan(RUNS / 2);
  });
});

describe("fitModel's point has a (sub)gradient containing 0", { timeout: 120_000 }, () => {
  const convex = modelLossIds.filter(
    (id) => !['cauchy', 'tukey', 'zero_one', 'mse_prob', 'focal', 'focal_logits'].includes(id),
  );
  it.each(convex)('%s', (id) => {
    fc.assert(
      fc.property(
        datasetFor(id),
        fc.array(fc.tuple(coordinate, coordinate), { minLength: 6, maxLength: 6 }),
        (model, dirs) => {
          let fit: ReturnType<typeof fitModel>;
          try {
            fit = fitModel(model);
          } catch (error) {
            // Separable data: the error must say so.
            expect(String(error)).toMatch(/no finite minimizer/);
            return;
          }
          expect(fit.global).toBe(true);
          const f0 = totalLoss(model, fit);
          expect(fit.value).toBe(f0);
          // Convex: if no direction descends, 0 is a subgradient. Steps sized to the point.
          const size = Math.max(1, Math.abs(fit.w), Math.abs(fit.b));
          const directions: (readonly [number, number])[] = [[1, 0], [-1, 0], [0, 1], [0, -1], ...dirs];
          for (const [dw, db] of directions) {
            const norm = Math.hypot(dw, db) || 1;
            const t = (1e-5 * size) / norm;
            const f1 = totalLoss(model, { w: fit.w + t * dw, b: fit.b + t * db });
            expect(f1, `${id} along (${dw}, ${db})`).toBeGreaterThanOrEqual(
              f0 - 1e-9 * (Math.abs(f0) + 1e-12),
            );
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
