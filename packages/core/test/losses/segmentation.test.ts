import { describe, expect, it } from 'vitest';
import { evaluate, gradient } from '../../src/index.js';
import { grid, referenceFailures } from '../reference-b/check.js';
import { ONE_MINUS_ULP } from '../reference-b/points.js';

/**
 * Precision and recall in (0, 1], crowded at both ends. Subnormal ones are tested apart: there the
 * inputs themselves carry few bits, and partials of size ~(P/R)² underflow.
 */
const PR = [1e-300, 1e-200, 1e-150, 1e-100, 1e-50, 1e-12, 1e-3, 0.3, 0.5, 0.9, 1 - 1e-12, ONE_MINUS_ULP, 1];

describe('dice', () => {
  it('matches the 80-digit reference over precision × recall down to 1e-300', () => {
    expect(referenceFailures('dice', grid({ precision: PR, recall: PR }))).toEqual([]);
  });

  it('is 1 − 2PR/(P + R), with partials −2R²/(P + R)² and −2P²/(P + R)²', () => {
    expect(evaluate('dice', { precision: 0.5, recall: 0.5 })).toBe(0.5);
    expect(evaluate('dice', { precision: 1, recall: 1 })).toBe(0);
    expect(evaluate('dice', { precision: 0.25, recall: 1 })).toBeCloseTo(0.6, 15);
    const g = gradient('dice', { precision: 0.25, recall: 1 });
    expect(g.precision).toBeCloseTo(-2 / 1.5625, 15);
    expect(g.recall).toBeCloseTo(-0.125 / 1.5625, 15);
    // P → 0 with R = 1: the value tends to 1 and ∂P to −2, with nothing overflowing
    expect(evaluate('dice', { precision: 1e-300, recall: 1 })).toBe(1);
    expect(gradient('dice', { precision: 1e-300, recall: 1 }).precision).toBe(-2);
  });

  it('keeps a small loss exact: P = R = 1 − 2⁻⁵³ gives 2⁻⁵³', () => {
    expect(evaluate('dice', { precision: ONE_MINUS_ULP, recall: ONE_MINUS_ULP }) / 2 ** -53).toBeCloseTo(
      1,
      14,
    );
  });
});

describe('jaccard', () => {
  it('matches the reference over precision × recall', () => {
    expect(referenceFailures('jaccard', grid({ precision: PR, recall: PR }))).toEqual([]);
  });

  it('is 1 − PR/(P + R − PR)', () => {
    expect(evaluate('jaccard', { precision: 0.5, recall: 0.5 })).toBeCloseTo(2 / 3, 15);
    expect(evaluate('jaccard', { precision: 1, recall: 1 })).toBe(0);
    // ∂P = −(R/(P + R − PR))²
    expect(gradient('jaccard', { precision: 0.5, recall: 0.5 }).precision).toBeCloseTo(
      -((0.5 / 0.75) ** 2),
      15,
    );
  });
});

describe('tversky', () => {
  it('matches the reference over precision × recall × alpha × beta, weights from 0 to 2', () => {
    const points = grid({ precision: PR, recall: PR, alpha: [0, 1e-9, 0.3, 2], beta: [0, 0.5, 1] });
    expect(referenceFailures('tversky', points)).toEqual([]);
  });

  it('is dice at α = β = ½ and jaccard at α = β = 1, partials included', () => {
    for (const [precision, recall] of [
      [0.3, 0.8],
      [1e-300, 0.5],
      [1, 1e-200],
    ] as const) {
      const dice = evaluate('dice', { precision, recall });
      expect(evaluate('tversky', { precision, recall }) / dice).toBeCloseTo(1, 15);
      const g = gradient('tversky', { precision, recall });
      const gDice = gradient('dice', { precision, recall });
      for (const name of ['precision', 'recall'] as const) {
        expect(Math.abs(g[name]! - gDice[name]!)).toBeLessThanOrEqual(1e-14 * Math.abs(gDice[name]!));
      }
      expect(evaluate('tversky', { precision, recall, alpha: 1, beta: 1 })).toBeCloseTo(
        evaluate('jaccard', { precision, recall }),
        15,
      );
    }
  });

  it('tends to 1 without NaN or ∞ where 1/P overflows, with ∂P → −1/α', () => {
    expect(evaluate('tversky', { precision: 1e-300, recall: 1, alpha: 0.5 })).toBe(1);
    const g = gradient('tversky', { precision: 1e-300, recall: 1, alpha: 0.5 });
    expect(g.precision).toBe(-2);
    expect(g.recall).toBe(0);
    // both subnormal: 1 − T = PR/(αR + βP), so at P = R the partials are −α/(α + β)² and −β/(α + β)²
    // (∂α = ∂β = P/(α + β)² = 1.2e-324 rounds to 0)
    expect(gradient('tversky', { precision: 5e-324, recall: 5e-324, alpha: 0.5, beta: 1.5 })).toEqual({
      precision: -0.125,
      recall: -0.375,
      alpha: 0,
      beta: 0,
    });
    expect(gradient('jaccard', { precision: 1e-310, recall: 1e-310 })).toEqual({
      precision: -0.25,
      recall: -0.25,
    });
    const subnormal = [5e-324, 1e-310, 1e-300, 0.5, 1];
    for (const precision of subnormal) {
      for (const recall of subnormal) {
        for (const id of ['dice', 'jaccard', 'tversky']) {
          const g = gradient(id, { precision, recall });
          expect(Object.values(g).every(Number.isFinite), `${id} at ${precision}, ${recall}`).toBe(true);
        }
      }
    }
    // with α = 0 the precision drops out altogether
    expect(gradient('tversky', { precision: 1e-300, recall: 0.5, alpha: 0 }).precision).toBe(0);
  });
});
