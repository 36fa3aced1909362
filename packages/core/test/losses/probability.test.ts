import { describe, expect, it } from 'vitest';
import { evaluate, gradient } from '../../src/index.js';
import { grid, referenceFailures } from '../reference-b/check.js';
import { LOGITS, ONE_MINUS_ULP, PROBABILITIES } from '../reference-b/points.js';

const LN2 = Math.LN2;

describe('bce', () => {
  it('matches the 80-digit reference in value and partials over p, y ∈ {0, 1e-300, …, 1 − 2⁻⁵³, 1}', () => {
    expect(referenceFailures('bce', grid({ p: PROBABILITIES, y: PROBABILITIES }))).toEqual([]);
  });

  it('has the hand-derived values', () => {
    expect(evaluate('bce', { p: 0.5 })).toBe(LN2);
    // −[0.3 log 0.8 + 0.7 log 0.2], ∂p = (p − y)/(p(1 − p)), ∂y = log((1 − p)/p)
    expect(evaluate('bce', { p: 0.8, y: 0.3 })).toBeCloseTo(-(0.3 * Math.log(0.8) + 0.7 * Math.log(0.2)), 15);
    const g = gradient('bce', { p: 0.8, y: 0.3 });
    expect(g.p).toBeCloseTo(0.5 / 0.16, 14);
    expect(g.y).toBeCloseTo(Math.log(0.25), 15);
    expect(gradient('bce', { p: 0.3, y: 0.3 }).p).toBe(0);
  });

  it('is +∞ at p = 0 with y > 0 and at p = 1 with y < 1, with NaN partials; 0·log 0 = 0 elsewhere', () => {
    expect(evaluate('bce', { p: 0, y: 1 })).toBe(Number.POSITIVE_INFINITY);
    expect(evaluate('bce', { p: 1, y: 1e-300 })).toBe(Number.POSITIVE_INFINITY);
    expect(gradient('bce', { p: 1, y: 0.5 })).toEqual({ p: Number.NaN, y: Number.NaN });
    expect(evaluate('bce', { p: 0, y: 0 })).toBe(0);
    expect(evaluate('bce', { p: 1, y: 1 })).toBe(0);
    // y = 0 at p = 0: the value is 0, its y-partial −log p + log(1 − p) is +∞.
    expect(gradient('bce', { p: 0, y: 0 })).toEqual({ p: 1, y: Number.POSITIVE_INFINITY });
  });

  it('keeps the tails exact: p = 1e-300 with y = 0 is 1e-300, p = 1 − 2⁻⁵³ with y = 1 is 2⁻⁵³', () => {
    expect(evaluate('bce', { p: 1e-300, y: 0 })).toBe(1e-300);
    expect(evaluate('bce', { p: ONE_MINUS_ULP, y: 1 })).toBe(2 ** -53);
  });
});

describe('bce_logits', () => {
  it('matches the reference over logits to ±800 and labels in [0, 1]', () => {
    expect(referenceFailures('bce_logits', grid({ z: LOGITS, y: PROBABILITIES }))).toEqual([]);
  });

  it('has the hand-derived values: log 2 at z = 0, σ(z) − y and −z as partials', () => {
    expect(evaluate('bce_logits', { z: 0 })).toBe(LN2);
    expect(gradient('bce_logits', { z: 0, y: 0.25 })).toEqual({ z: 0.25, y: 0 });
    // z = 30, y = 1: softplus(−30) = e^−30 (1 − e^−30/2 + …), not softplus(30) − 30.
    expect(evaluate('bce_logits', { z: 30 })).toBeCloseTo(Math.exp(-30) * (1 - Math.exp(-30) / 2), 28);
    expect(evaluate('bce_logits', { z: 30 }) / Math.exp(-30)).toBeCloseTo(1, 12);
    expect(evaluate('bce_logits', { z: -800 })).toBe(800);
    expect(evaluate('bce_logits', { z: 800, y: 0 })).toBe(800);
    expect(gradient('bce_logits', { z: -800, y: 1 }).z).toBe(-1);
  });
});

describe('mse_prob', () => {
  it('matches the reference', () => {
    expect(referenceFailures('mse_prob', grid({ p: PROBABILITIES, y: PROBABILITIES }))).toEqual([]);
  });

  it('is (p − y)² with partials ±2(p − y)', () => {
    expect(evaluate('mse_prob', { p: 0.25, y: 1 })).toBe(0.5625);
    expect(gradient('mse_prob', { p: 0.25, y: 1 })).toEqual({ p: -1.5, y: 1.5 });
  });
});

describe('focal', () => {
  it('matches the reference over pt × gamma × alpha, including 0^0 at pt = 1', () => {
    const points = grid({ pt: PROBABILITIES, gamma: [0, 0.5, 1, 2, 5], alpha: [0, 0.25, 1] });
    expect(referenceFailures('focal', points)).toEqual([]);
  });

  it('has the hand-derived values', () => {
    // −0.25 (0.5)² log 0.5
    expect(evaluate('focal', { pt: 0.5 })).toBeCloseTo(0.0625 * LN2, 16);
    // γ = 0, α = 1 is cross-entropy: −log pt, ∂pt = −1/pt, ∂α = −log pt
    const g = gradient('focal', { pt: 0.25, gamma: 0, alpha: 1 });
    expect(g.pt).toBe(-4);
    expect(g.alpha).toBeCloseTo(Math.log(4), 15);
    // ∂γ = −α(1 − pt)^γ log(1 − pt) log pt: with pt tiny it is ≈ −α·pt·|log pt|, not 0.
    const tiny = gradient('focal', { pt: 1e-300 }).gamma!;
    expect(tiny / (0.25 * 1e-300 * Math.log(1e-300))).toBeCloseTo(1, 12);
  });

  it('at pt = 1 is 0 with the one-sided limits as partials (∂pt = −α only for γ = 0)', () => {
    expect(evaluate('focal', { pt: 1, gamma: 0 })).toBe(0);
    expect(gradient('focal', { pt: 1, gamma: 0, alpha: 0.25 })).toEqual({ pt: -0.25, gamma: 0, alpha: 0 });
    expect(gradient('focal', { pt: 1, gamma: 0.5, alpha: 0.25 })).toEqual({ pt: 0, gamma: 0, alpha: 0 });
  });

  it('is +∞ at pt = 0 (α > 0) and 0 with α = 0, where ∂α is +∞', () => {
    expect(evaluate('focal', { pt: 0 })).toBe(Number.POSITIVE_INFINITY);
    expect(gradient('focal', { pt: 0 }).pt).toBeNaN();
    expect(evaluate('focal', { pt: 0, alpha: 0 })).toBe(0);
    expect(gradient('focal', { pt: 0, alpha: 0 }).alpha).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('focal_logits', () => {
  it('matches the reference over logits to ±800, labels and gamma', () => {
    // Soft labels with a large |z| are left to the next test: there ∂y is a difference of O(|z|)
    // terms that cancel to e^−|z| and moves by 1e-15 when y moves by one ulp (ill-conditioned).
    const points = grid({
      z: LOGITS,
      y: [0, 1e-12, 0.9, 1 - 1e-12, 1],
      gamma: [0, 2, 5],
      alpha: [0, 0.25, 1],
    });
    expect(referenceFailures('focal_logits', points)).toEqual([]);
  });

  it('matches the reference for soft labels and fractional gamma wherever 1 − pt is a normal double', () => {
    const soft = grid({
      z: [-5, -1, -0.5, 0, 0.5, 1, 5],
      y: [0.25, 0.5, 0.75],
      gamma: [0, 0.5, 2],
      alpha: [0.25, 1],
    });
    const fractional = grid({
      z: [-36, -5, -0.5, 0, 0.5, 5, 36, 100, -100],
      y: [0, 1],
      gamma: [0.01, 0.5, 1.5],
    });
    expect(referenceFailures('focal_logits', [...soft, ...fractional])).toEqual([]);
  });

  it('is positive and exact where the example is easy: z = 30, y = 1 is α·e^−90 to first order', () => {
    const value = evaluate('focal_logits', { z: 30 });
    expect(value).toBeGreaterThan(0);
    // σ(−30)²·softplus(−30)·α with σ(−30) ≈ e^−30
    expect(value / (0.25 * Math.exp(-90))).toBeCloseTo(1, 11);
    // γ = 0 is α_t·bce_logits
    expect(evaluate('focal_logits', { z: -2, y: 1, gamma: 0, alpha: 0.5 })).toBe(
      0.5 * evaluate('bce_logits', { z: -2 }),
    );
  });

  it('with a hard label at |z| = 800 keeps the partials finite and within γ/|z| of the truth', () => {
    // (1 − pt)^γ is e^(−γ|z|) there while 1 − pt has underflowed to 0; ∂y is dominated by αt(1 − pt)^γ·(−z).
    const g = gradient('focal_logits', { z: 800, y: 1, gamma: 0.5, alpha: 0.25 });
    const exact = -0.25 * Math.exp(-400) * (800 + 0.5);
    expect(Math.abs(g.y! / exact - 1)).toBeLessThan(0.5 / 800 + 1e-12);
    const small = gradient('focal_logits', { z: 800, y: 1, gamma: 1e-10, alpha: 0.25 }).y!;
    expect(Math.abs(small / (-0.25 * Math.exp(-8e-8) * 800) - 1)).toBeLessThan(1e-10 / 800 + 1e-12);
    for (const gamma of [0, 1e-10, 0.5, 2]) {
      for (const z of [-800, -745, -720, 720, 745, 800]) {
        const partials = Object.values(gradient('focal_logits', { z, y: z > 0 ? 1 : 0, gamma }));
        expect(partials.every(Number.isFinite)).toBe(true);
      }
    }
  });
});

describe('poly1', () => {
  it('matches the reference over pt × epsilon, including ε = −1 near pt = 1', () => {
    expect(referenceFailures('poly1', grid({ pt: PROBABILITIES, epsilon: [-1, -0.5, 0, 1, 5] }))).toEqual([]);
  });

  it('has the hand-derived values', () => {
    expect(evaluate('poly1', { pt: 0.5 })).toBe(LN2 + 0.5);
    expect(gradient('poly1', { pt: 0.5, epsilon: 2 })).toEqual({ pt: -4, epsilon: 0.5 });
    // ε = −1: −log pt − (1 − pt) ≈ (1 − pt)²/2 at pt = 1 − 2⁻⁵³
    expect(evaluate('poly1', { pt: ONE_MINUS_ULP, epsilon: -1 }) / (2 ** -106 / 2)).toBeCloseTo(1, 14);
  });
});
