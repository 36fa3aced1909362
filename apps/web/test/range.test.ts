import { describe, expect, it } from 'vitest';
import { fractionOf, lerp } from '../src/lib/range';

describe('lerp and fractionOf', () => {
  it('are the usual formulas on ordinary ranges', () => {
    expect(lerp(-2, 2, 0.75)).toBe(1);
    expect(fractionOf(1, -2, 2)).toBe(0.75);
  });
  it('stay finite where max − min overflows', () => {
    expect(lerp(-1e308, 1e308, 0.75)).toBe(5e307);
    expect(lerp(-1e308, 1e308, 0.5)).toBe(0);
    expect(fractionOf(0, -1e308, 1e308)).toBe(0.5);
    expect(fractionOf(1e308, -1e308, 1e308)).toBe(1);
    expect(fractionOf(5e307, -Number.MAX_VALUE, Number.MAX_VALUE)).toBeCloseTo(
      0.5 + 5e307 / Number.MAX_VALUE / 2,
      12,
    );
  });
});
