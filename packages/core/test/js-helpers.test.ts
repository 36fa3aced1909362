import { describe, expect, it } from 'vitest';
import { logSumExp2, logSumExp3 } from '../src/compile/js-helpers.js';
import { cpuPrimitives } from '../src/index.js';

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
