import { describe, expect, it } from 'vitest';
import { evaluate, gradient } from '../../src/index.js';
import { grid, referenceFailures } from '../reference-b/check.js';

/**
 * Logits where one dominates by 30, 800 or 1e30, and ties. (A tiny z1 next to z2 ≈ −z3 is left
 * out: ∂smoothing = z1 − mean(z) then cancels to ~z1 and moves by ulp(z2) when z2 moves by one
 * ulp, which is ill-conditioned rather than inexact.)
 */
const Z = [-1e30, -800, -30, -1, 0, 1, 30, 800];

describe('softmax_ce', () => {
  it('matches the 80-digit reference with any logit dominating, with and without smoothing', () => {
    const points = grid({ z1: Z, z2: Z, z3: [-800, -30, 0, 1, 800], smoothing: [0, 0.1, 0.9] });
    expect(referenceFailures('softmax_ce', points)).toEqual([]);
  });

  it('has the hand-derived values: log 3 at equal logits, partials pₖ − qₖ', () => {
    expect(evaluate('softmax_ce', { z1: 0, z2: 0, z3: 0 })).toBeCloseTo(Math.log(3), 15);
    const g = gradient('softmax_ce', { z1: 0, z2: 0, z3: 0 });
    expect(g.z1).toBeCloseTo(-2 / 3, 15);
    expect(g.z2).toBeCloseTo(1 / 3, 15);
    expect(g.z3).toBeCloseTo(1 / 3, 15);
    expect(g.smoothing).toBe(0);
    // Uniform target (s → 1 of the uniform part): at equal logits q = p, so the gradient is 0 in z.
    expect(gradient('softmax_ce', { z1: 2, z2: 2, z3: 2, smoothing: 0.5 }).z2).toBeCloseTo(
      1 / 3 - 0.5 / 3,
      15,
    );
  });

  it('keeps the tiny loss of a dominant true logit: ahead by 30 it is ≈ 2e^−30, not 0', () => {
    const value = evaluate('softmax_ce', { z1: 30, z2: 0, z3: 0 });
    expect(value / (2 * Math.exp(-30))).toBeCloseTo(1, 12);
    expect(gradient('softmax_ce', { z1: 30, z2: 0, z3: 0 }).z1! / (-2 * Math.exp(-30))).toBeCloseTo(1, 12);
    // ahead by 800: e^−800 is below the smallest double, so exactly 0; with smoothing, (s/3)·1600
    expect(evaluate('softmax_ce', { z1: 800, z2: 0, z3: 0 })).toBe(0);
    expect(evaluate('softmax_ce', { z1: 800, z2: 0, z3: 0, smoothing: 0.3 })).toBeCloseTo(160, 12);
    // behind by 800: ≈ 800 + log 2
    expect(evaluate('softmax_ce', { z1: -800, z2: 0, z3: 0 })).toBe(800 + Math.LN2);
  });

  it('keeps the softmax weights of the other classes when the true logit is far below', () => {
    // z2 − z1 and z3 − z1 would both round to 1e30; the weights come from z2 − z3 = −5.
    const g = gradient('softmax_ce', { z1: -1e30, z2: -5, z3: 0 });
    expect(g.z1).toBe(-1);
    expect(g.z2).toBeCloseTo(1 / (1 + Math.exp(5)), 15);
  });
});

describe('multiclass_hinge', () => {
  it('matches the reference (including the kinks, where the partials are 0)', () => {
    const points = grid({ z1: [-1, 0, 0.5, 1, 2, 30], z2: [-1, 0, 0.25, 0.5, 1], z3: [-2, -1, 0, 1, 800] });
    expect(referenceFailures('multiclass_hinge', points)).toEqual([]);
  });

  it('sums the two margin violations', () => {
    expect(evaluate('multiclass_hinge', { z1: 1, z2: 0.5, z3: -3 })).toBe(0.5);
    expect(gradient('multiclass_hinge', { z1: 1, z2: 0.5, z3: 0.5 })).toEqual({ z1: -2, z2: 1, z3: 1 });
    // both exactly at the hinge: 0 is a subgradient, so 0
    expect(gradient('multiclass_hinge', { z1: 1, z2: 0, z3: 0 })).toEqual({ z1: 0, z2: 0, z3: 0 });
  });

  it('puts the hinge exactly where z1 − zⱼ = 1, with a zero gradient there', () => {
    expect(evaluate('multiclass_hinge', { z1: 1.5, z2: 0.5, z3: -5 })).toBe(0);
    expect(gradient('multiclass_hinge', { z1: 1.5, z2: 0.5, z3: -5 })).toEqual({ z1: 0, z2: 0, z3: 0 });
    expect(evaluate('multiclass_hinge', { z1: 1.5, z2: 0.5 + 2 ** -52, z3: -5 })).toBe(2 ** -52);
  });
});

describe('crammer_singer', () => {
  it('matches the reference (kinks and ties by convention)', () => {
    const points = grid({
      z1: [-1, 0, 0.5, 1, 2, 30],
      z2: [-1, 0, 0.25, 0.5, 1],
      z3: [-2, -1, 0, 0.5, 1, 800],
    });
    expect(referenceFailures('crammer_singer', points)).toEqual([]);
  });

  it('splits the gradient evenly between tied wrong classes', () => {
    expect(evaluate('crammer_singer', { z1: 0, z2: 0.5, z3: 0.5 })).toBe(1.5);
    expect(gradient('crammer_singer', { z1: 0, z2: 0.5, z3: 0.5 })).toEqual({ z1: -1, z2: 0.5, z3: 0.5 });
    expect(gradient('crammer_singer', { z1: 0, z2: 0.5, z3: 0.25 })).toEqual({ z1: -1, z2: 1, z3: 0 });
    // at the hinge, tie or not, 0
    expect(gradient('crammer_singer', { z1: 1.5, z2: 0.5, z3: 0.5 })).toEqual({ z1: 0, z2: 0, z3: 0 });
  });
});
