import { describe, expect, it } from 'vitest';
import { evaluate, gradient } from '../../src/index.js';
import { grid, type Point, referenceFailures } from '../reference-b/check.js';
import { PROBABILITIES } from '../reference-b/points.js';

/** Pairs with q = p(1 + ρ) and 1 − q = (1 − p)(1 + ρ): p ≈ q from 1e-15 apart to a factor 3. */
function nearPairs(): Point[] {
  const points: Point[] = [];
  for (const p of [1e-300, 1e-12, 1e-4, 0.3, 0.5, 0.9, 1 - 1e-12]) {
    for (const rho of [1e-15, -1e-15, 1e-9, -1e-9, 1e-4, -1e-4, 0.3, -0.3, 2, -0.6]) {
      const q = p * (1 + rho);
      if (q >= 0 && q <= 1) points.push({ p, q });
      const q2 = 1 - (1 - p) * (1 + rho);
      if (q2 >= 0 && q2 <= 1) points.push({ p, q: q2 });
    }
  }
  return points;
}

describe('kl_bernoulli', () => {
  it('matches the 80-digit reference over p, q ∈ {0, 1e-300, …, 1} and for p ≈ q', () => {
    const points = [...grid({ p: PROBABILITIES, q: PROBABILITIES }), ...nearPairs()];
    expect(referenceFailures('kl_bernoulli', points)).toEqual([]);
  });

  it('has the hand-derived values', () => {
    // KL(½ ‖ ¼) = ½ log 2 + ½ log(2/3)
    expect(evaluate('kl_bernoulli', { p: 0.5, q: 0.25 })).toBeCloseTo(0.5 * Math.log(4 / 3), 16);
    // ∂p = logit p − logit q, ∂q = (q − p)/(q(1 − q))
    const g = gradient('kl_bernoulli', { p: 0.5, q: 0.25 });
    expect(g.p).toBeCloseTo(Math.log(3), 15);
    expect(g.q).toBeCloseTo(-0.25 / 0.1875, 15);
    expect(evaluate('kl_bernoulli', { p: 0.3, q: 0.3 })).toBe(0);
    expect(gradient('kl_bernoulli', { p: 0.3, q: 0.3 })).toEqual({ p: 0, q: 0 });
  });

  it('is second order in p − q with full relative precision: KL ≈ (p − q)²/(2q(1 − q))', () => {
    const q = 0.25;
    const p = q + 1e-9;
    expect(evaluate('kl_bernoulli', { p, q }) / ((p - q) ** 2 / (2 * q * (1 - q)))).toBeCloseTo(1, 8);
  });

  it('follows 0·log(0/q) = 0 and p·log(p/0) = +∞', () => {
    expect(evaluate('kl_bernoulli', { p: 0, q: 0 })).toBe(0);
    expect(evaluate('kl_bernoulli', { p: 1, q: 1 })).toBe(0);
    expect(evaluate('kl_bernoulli', { p: 0, q: 0.5 })).toBe(Math.LN2);
    expect(evaluate('kl_bernoulli', { p: 1e-300, q: 0 })).toBe(Number.POSITIVE_INFINITY);
    expect(evaluate('kl_bernoulli', { p: 1 - 1e-12, q: 1 })).toBe(Number.POSITIVE_INFINITY);
    expect(gradient('kl_bernoulli', { p: 0.5, q: 0 })).toEqual({ p: Number.NaN, q: Number.NaN });
    // finite values with infinite partials: at p = 0 the slope in p is −∞; at p = q = 0 it is +∞
    expect(gradient('kl_bernoulli', { p: 0, q: 0.5 })).toEqual({ p: Number.NEGATIVE_INFINITY, q: 2 });
    expect(gradient('kl_bernoulli', { p: 0, q: 0 })).toEqual({ p: Number.POSITIVE_INFINITY, q: 1 });
  });
});

describe('js_bernoulli', () => {
  it('matches the reference over the probability grid and for p ≈ q', () => {
    const points = [...grid({ p: PROBABILITIES, q: PROBABILITIES }), ...nearPairs()];
    expect(referenceFailures('js_bernoulli', points)).toEqual([]);
  });

  it('is symmetric, bounded by log 2, with one-sided partials ±½log 2 at the corners', () => {
    expect(evaluate('js_bernoulli', { p: 0, q: 1 })).toBe(Math.LN2);
    expect(evaluate('js_bernoulli', { p: 0.2, q: 0.7 })).toBe(evaluate('js_bernoulli', { p: 0.7, q: 0.2 }));
    expect(evaluate('js_bernoulli', { p: 0, q: 0 })).toBe(0);
    expect(gradient('js_bernoulli', { p: 0, q: 0 })).toEqual({ p: Math.LN2 / 2, q: Math.LN2 / 2 });
    expect(gradient('js_bernoulli', { p: 1, q: 1 })).toEqual({ p: -Math.LN2 / 2, q: -Math.LN2 / 2 });
    // near 0: JS(0, q) = (q/2)·log 2 + O(q²)
    expect(evaluate('js_bernoulli', { p: 0, q: 1e-300 }) / (0.5e-300 * Math.LN2)).toBeCloseTo(1, 14);
  });
});

describe('kl_gaussian', () => {
  it('matches the reference, including σ within 1e-8 of 1 and σ = 1e-300 or 1e200', () => {
    const points = grid({
      mu: [0, 1e-300, -1e-8, 1, -3, 1e10, 1e200],
      sigma: [1e-300, 1e-10, 0.5, 1 - 1e-8, 1 - 2 ** -53, 1, 1 + 2 ** -52, 1 + 1e-8, 2, 3, 1e10, 1e200],
    });
    expect(referenceFailures('kl_gaussian', points)).toEqual([]);
  });

  it('is the VAE term: 0 at N(0, 1), ½μ² + ½(σ² − 1) − log σ, partials μ and σ − 1/σ', () => {
    expect(evaluate('kl_gaussian', { mu: 0, sigma: 1 })).toBe(0);
    expect(evaluate('kl_gaussian', { mu: 1, sigma: 1 })).toBe(0.5);
    expect(evaluate('kl_gaussian', { mu: 0, sigma: 2 })).toBeCloseTo(1.5 - Math.LN2, 15);
    expect(gradient('kl_gaussian', { mu: -2, sigma: 2 })).toEqual({ mu: -2, sigma: 1.5 });
    // σ = 1 + 1e-8: the value is (σ − 1)² to first order, not the noise of ½σ² − ½ − log σ
    expect(evaluate('kl_gaussian', { mu: 0, sigma: 1 + 1e-8 }) / 1e-8 ** 2).toBeCloseTo(1, 7);
  });
});
