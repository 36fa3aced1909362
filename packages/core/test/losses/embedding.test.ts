import { describe, expect, it } from 'vitest';
import { evaluate, gradient } from '../../src/index.js';
import { grid, referenceFailures } from '../reference-b/check.js';

describe('contrastive', () => {
  it('matches the 80-digit reference, including the hinge at d = margin and d up to 1e200', () => {
    const points = grid({
      d: [0, 1e-300, 0.5, 1, 1 + 2 ** -52, 2, 1e10, 1e200],
      y: [0, 1e-300, 0.3, 1],
      margin: [0, 1, 2, 1e10],
    });
    expect(referenceFailures('contrastive', points)).toEqual([]);
  });

  it('has the hand-derived values', () => {
    // similar pair: ½d²; dissimilar pair inside the margin: ½(m − d)²
    expect(evaluate('contrastive', { d: 3 })).toBe(4.5);
    expect(gradient('contrastive', { d: 3 })).toEqual({ d: 3, y: 4.5, margin: 0 });
    expect(evaluate('contrastive', { d: 0.5, y: 0, margin: 2 })).toBe(1.125);
    expect(gradient('contrastive', { d: 0.5, y: 0, margin: 2 })).toEqual({
      d: -1.5,
      y: 0.125 - 1.125,
      margin: 1.5,
    });
    // beyond the margin a dissimilar pair costs nothing, and d = 1e200 with y = 0 is 0, not 0·∞
    expect(evaluate('contrastive', { d: 1e200, y: 0 })).toBe(0);
    expect(gradient('contrastive', { d: 1e200, y: 0 })).toEqual({
      d: 0,
      y: Number.POSITIVE_INFINITY,
      margin: 0,
    });
  });
});

describe('triplet', () => {
  it('matches the reference (0 gradient at the hinge)', () => {
    const points = grid({
      dap: [0, 1e-300, 0.5, 1, 1.5, 2, 1e10],
      dan: [0, 0.5, 1, 1.5, 2, 1e10],
      margin: [0, 0.5, 1],
    });
    expect(referenceFailures('triplet', points)).toEqual([]);
  });

  it('is max(0, dap − dan + margin)', () => {
    expect(evaluate('triplet', { dap: 1, dan: 1.5 })).toBe(0.5);
    expect(gradient('triplet', { dap: 1, dan: 1.5 })).toEqual({ dap: 1, dan: -1, margin: 1 });
    expect(evaluate('triplet', { dap: 1, dan: 2 })).toBe(0);
    expect(gradient('triplet', { dap: 1, dan: 2 })).toEqual({ dap: 0, dan: 0, margin: 0 });
  });
});

describe('cosine_embedding', () => {
  it('matches the reference for both labels', () => {
    const points = grid({
      cos: [-1, -0.5, 0, 1e-16, 0.5, 1 - 2 ** -53, 1],
      y: [1, -1],
      margin: [-1, 0, 0.5, 1],
    });
    expect(referenceFailures('cosine_embedding', points)).toEqual([]);
  });

  it('is 1 − cos for similar pairs and max(0, cos − margin) for dissimilar ones; y has no partial', () => {
    expect(evaluate('cosine_embedding', { cos: 0.25 })).toBe(0.75);
    expect(gradient('cosine_embedding', { cos: 0.25 })).toEqual({ cos: -1, margin: 0 });
    expect(evaluate('cosine_embedding', { cos: 0.75, y: -1, margin: 0.5 })).toBe(0.25);
    expect(gradient('cosine_embedding', { cos: 0.75, y: -1, margin: 0.5 })).toEqual({ cos: 1, margin: -1 });
    expect(gradient('cosine_embedding', { cos: 0.5, y: -1, margin: 0.5 })).toEqual({ cos: 0, margin: 0 });
  });

  it('rejects labels other than −1 and 1', () => {
    expect(() => evaluate('cosine_embedding', { cos: 0.5, y: 0 })).toThrow(RangeError);
    expect(() => evaluate('cosine_embedding', { cos: 0.5, y: 0 })).toThrow(
      /cosine_embedding: y = 0 .*\{-1, 1\}/,
    );
  });
});
