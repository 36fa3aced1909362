import { describe, expect, it } from 'vitest';
import { plotScale, scaled } from '../src/views/curves/plot-scale';

describe('plotScale', () => {
  it('leaves ordinary data alone', () => {
    expect(plotScale([-3, 0, 1e6], [Number.NaN, Number.POSITIVE_INFINITY])).toBe(1);
    expect(plotScale([-1e300, 1e300])).toBe(1);
  });
  it('brings data across the double range within reach of differences, exactly', () => {
    const xs = [-1e308, 0, 1e308];
    const s = plotScale(xs, [Number.MAX_VALUE]);
    expect(s).toBeLessThan(1);
    expect(Math.log2(s)).toBe(Math.round(Math.log2(s)));
    const ys = scaled([Number.MAX_VALUE, -Number.MAX_VALUE], s);
    expect(Number.isFinite(ys[0]! - ys[1]!)).toBe(true);
    // Scaling back gives the very same numbers.
    expect(scaled(scaled(xs, s), 1 / s)).toEqual(xs);
  });
});
