import { describe, expect, it } from 'vitest';
import { expmul2, expmul3, expmul4, expmul5, logSumExp2, logSumExp3 } from '../src/compile/js-helpers.js';
import { cpuPrimitives } from '../src/index.js';
import { exact } from './reference-b/decimal.js';

describe('fixed-arity logSumExp used by generated JS', () => {
  const samples = [-800, -30, -1, -1e-300, 0, 1e-300, 1, 30, 800, 5e-324, Number.NEGATIVE_INFINITY];
  it('agrees bit for bit with the reference on every pair and triple of hard values', () => {
    for (const a of samples) {
      for (const b of samples) {
        expect(Object.is(logSumExp2(a, b), cpuPrimitives.logSumExp(a, b))).toBe(true);
        for (const c of samples) {
          expect(Object.is(logSumExp3(a, b, c), cpuPrimitives.logSumExp(a, b, c))).toBe(true);
        }
      }
    }
  });

  it('agrees on random inputs', () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed / 2147483648 - 0.5) * 200;
    };
    for (let i = 0; i < 2000; i++) {
      const [a, b, c] = [rand(), rand(), rand()];
      expect(logSumExp3(a, b, c)).toBe(cpuPrimitives.logSumExp(a, b, c));
      expect(logSumExp2(a, b)).toBe(cpuPrimitives.logSumExp(a, b));
    }
  });
});

describe('expmul with several weights: w₁·…·wₙ·eᵃ where partial products over- or underflow', () => {
  const as = [Number.NEGATIVE_INFINITY, -1500, -800, -745, -100, -1e-20, 0, 1, 100, 709.8, 800, 1500];
  const ws = [-1e300, -3, -1e-300, 5e-324, 1e-200, 0.75, 1, 1e150, 1e300, Number.MAX_VALUE];

  it('the fixed-arity helpers agree bit for bit with the reference', () => {
    for (const a of as) {
      for (const w1 of ws) {
        for (const w2 of ws) {
          expect(Object.is(expmul3(a, w1, w2), cpuPrimitives.expmul(a, w1, w2))).toBe(true);
          for (const w3 of [1e-300, -2, 1e300]) {
            expect(Object.is(expmul4(a, w1, w2, w3), cpuPrimitives.expmul(a, w1, w2, w3))).toBe(true);
            expect(Object.is(expmul5(a, w1, w2, w3, 0.5), cpuPrimitives.expmul(a, w1, w2, w3, 0.5))).toBe(
              true,
            );
          }
        }
      }
    }
    expect(expmul2(-800, 1e300)).toBe(cpuPrimitives.expmul(-800, 1e300));
  });

  it('is the product to a few ulps, ±Infinity only where it overflows, within a subnormal step below', () => {
    const huge = exact(Number.MAX_VALUE).times(1 - 2 ** -50);
    for (const a of as.filter(Number.isFinite)) {
      for (const w1 of ws) {
        for (const w2 of ws) {
          for (const w3 of [1e-300, -2, 1e300]) {
            const got = cpuPrimitives.expmul(a, w1, w2, w3);
            const want = exact(a).exp().times(exact(w1)).times(exact(w2)).times(exact(w3));
            const at = `e^${a}·${w1}·${w2}·${w3}`;
            if (!Number.isFinite(got)) {
              expect(want.abs().gte(huge) && Math.sign(got) === want.s, `${at}: ${got}`).toBe(true);
            } else if (want.abs().gte(exact(2 ** -1022))) {
              expect(exact(got).minus(want).div(want).abs().toNumber(), `${at}: ${got}`).toBeLessThan(
                2 ** -50,
              );
            } else {
              expect(exact(got).minus(want).abs().toNumber(), `${at}: ${got}`).toBeLessThanOrEqual(
                2 ** -1073,
              );
            }
          }
        }
      }
    }
  });

  it('gives 0 for a zero weight whatever the others are, as xlogy does for 0·log 0', () => {
    expect(cpuPrimitives.expmul(0, 0, Number.NEGATIVE_INFINITY)).toBe(0);
    expect(cpuPrimitives.expmul(800, 0, 1e300, 1e300)).toBe(0);
    expect(cpuPrimitives.expmul(Number.NaN, 0, 1)).toBe(0);
    // One weight keeps w·eᵃ's own convention: 0·∞ is NaN.
    expect(cpuPrimitives.expmul(Number.POSITIVE_INFINITY, 0)).toBeNaN();
    // An infinite weight (not an overflow of finite ones) gives the plain product.
    expect(cpuPrimitives.expmul(0, 2, Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    // e^-∞ times weights whose product overflows is 0, not ∞·0.
    expect(cpuPrimitives.expmul(Number.NEGATIVE_INFINITY, 1e300, 1e300)).toBe(0);
  });
});
