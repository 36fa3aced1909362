import { describe, expect, it } from 'vitest';
import { evaluate, gradient } from '../../src/index.js';
import { referenceFailures } from '../reference-b/check.js';
import { PROBABILITIES } from '../reference-b/points.js';

describe('gan_minimax', () => {
  it('matches the 80-digit reference for d from 0 to 1', () => {
    expect(
      referenceFailures(
        'gan_minimax',
        PROBABILITIES.map((d) => ({ d })),
      ),
    ).toEqual([]);
  });

  it('is log(1 − d): −∞ at d = 1 (NaN gradient), exact for tiny d', () => {
    expect(evaluate('gan_minimax', { d: 0 })).toBe(0);
    expect(evaluate('gan_minimax', { d: 0.5 })).toBe(-Math.LN2);
    expect(gradient('gan_minimax', { d: 0.5 }).d).toBe(-2);
    expect(evaluate('gan_minimax', { d: 1e-300 })).toBe(-1e-300);
    expect(evaluate('gan_minimax', { d: 1 })).toBe(Number.NEGATIVE_INFINITY);
    expect(gradient('gan_minimax', { d: 1 }).d).toBeNaN();
  });
});

describe('gan_nonsaturating', () => {
  it('matches the reference for d from 0 to 1', () => {
    expect(
      referenceFailures(
        'gan_nonsaturating',
        PROBABILITIES.map((d) => ({ d })),
      ),
    ).toEqual([]);
  });

  it('is −log d: +∞ at d = 0 (NaN gradient), 0 at d = 1', () => {
    expect(evaluate('gan_nonsaturating', { d: 1 })).toBe(0);
    expect(evaluate('gan_nonsaturating', { d: 0.25 })).toBe(Math.log(4));
    expect(gradient('gan_nonsaturating', { d: 0.25 }).d).toBe(-4);
    expect(evaluate('gan_nonsaturating', { d: 0 })).toBe(Number.POSITIVE_INFINITY);
    expect(gradient('gan_nonsaturating', { d: 0 }).d).toBeNaN();
  });
});
