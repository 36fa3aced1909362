import { describe, expect, it } from 'vitest';
import { formatExact, formatFloat32, formatMs, formatNumber, formatTick } from '../src/lib/format';

describe('formatNumber', () => {
  it('writes moderate numbers in fixed notation without trailing zeros', () => {
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(1.4400000000000002)).toBe('1.44');
    expect(formatNumber(-0.125)).toBe('\u22120.125');
    expect(formatNumber(0)).toBe('0');
  });
  it('switches to exponent notation for tiny and huge magnitudes', () => {
    expect(formatNumber(9.357622968839299e-14)).toBe('9.358e\u221214');
    expect(formatNumber(1e30)).toBe('1e30');
    expect(formatNumber(-123456, 3)).toBe('\u22121.23e5');
  });
  it('names infinities and NaN', () => {
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('+∞');
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe('\u2212∞');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });
});

describe('formatExact and formatFloat32', () => {
  it('gives the shortest round-trip decimal of a double', () => {
    expect(formatExact(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(Number(formatExact(Math.PI))).toBe(Math.PI);
  });
  it('gives the shortest decimal that reads back as the same float32', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(Math.fround(1 / 3))).toBe('0.33333334');
    expect(formatFloat32(-Math.fround(2.5))).toBe('\u22122.5');
    for (const x of [1e-30, 3.4e38, 1.17549435e-38, 123.456, -7.000001]) {
      const single = Math.fround(x);
      expect(Math.fround(Number(formatFloat32(single).replace('\u2212', '-')))).toBe(single);
    }
  });
});

describe('formatTick and formatMs', () => {
  it('shows as many decimals as the tick step needs', () => {
    expect(formatTick(0.30000000000000004, 0.1)).toBe('0.3');
    expect(formatTick(2, 0.5)).toBe('2.0');
    expect(formatTick(-1e-17, 0.5)).toBe('0');
    expect(formatTick(150, 50)).toBe('150');
  });
  it('formats durations', () => {
    expect(formatMs(undefined)).toBe('—');
    expect(formatMs(1.234)).toBe('1.23 ms');
    expect(formatMs(16.66)).toBe('16.7 ms');
    expect(formatMs(2500)).toBe('2.50 s');
  });
});
