import { describe, expect, it } from 'vitest';
import { axisTicks, linearTicks, logTicks, niceStep } from '../src/lib/ticks';

describe('niceStep', () => {
  it('rounds to 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(6, 5)).toBe(1);
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(2.9, 5)).toBe(0.5);
    expect(niceStep(1000, 4)).toBe(200);
  });
});

describe('linearTicks', () => {
  it('places round values inside the range at their fractional positions', () => {
    const ticks = linearTicks(-3, 3, 6);
    expect(ticks.map((t) => t.value)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(ticks[0]!.at).toBe(0);
    expect(ticks[3]!.at).toBe(0.5);
    expect(ticks[6]!.at).toBe(1);
    expect(ticks[0]!.label).toBe('\u22123');
  });
  it('labels decimal steps without floating-point noise', () => {
    const ticks = linearTicks(0.1, 3, 5);
    expect(ticks.map((t) => t.label)).toEqual(['0.5', '1.0', '1.5', '2.0', '2.5', '3.0']);
  });
  it('survives degenerate ranges', () => {
    expect(linearTicks(2, 2)).toHaveLength(1);
    expect(linearTicks(Number.NaN, 1)).toEqual([]);
  });
  it('places ticks across the whole double range, where max − min overflows', () => {
    const ticks = linearTicks(-1e308, 1e308, 5);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (const t of ticks) {
      expect(Number.isFinite(t.value)).toBe(true);
      expect(t.at).toBeGreaterThanOrEqual(0);
      expect(t.at).toBeLessThanOrEqual(1);
      expect(t.label).not.toMatch(/NaN|∞/);
    }
    const zero = ticks.find((t) => t.value === 0);
    expect(zero?.at).toBe(0.5);
    expect(linearTicks(-Number.MAX_VALUE, Number.MAX_VALUE).every((t) => Number.isFinite(t.at))).toBe(true);
  });
});

describe('logTicks', () => {
  it('puts powers of ten at their log positions', () => {
    const ticks = logTicks(1e-3, 10, 5);
    expect(ticks.map((t) => t.value)).toEqual([1e-3, 1e-2, 1e-1, 1, 10]);
    expect(ticks[2]!.at).toBeCloseTo(0.5, 12);
  });
  it('adds 2 and 5 within two decades', () => {
    const values = logTicks(1, 100).map((t) => t.value);
    expect(values).toEqual([1, 2, 5, 10, 20, 50, 100]);
  });
  it('thins decades on wide ranges', () => {
    const ticks = logTicks(1e-12, 1e12, 5);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks.every((t) => t.at >= 0 && t.at <= 1)).toBe(true);
  });
  it('falls back to round values inside a single decade, positioned logarithmically', () => {
    const ticks = logTicks(2, 8, 4);
    expect(ticks.length).toBeGreaterThan(1);
    for (const t of ticks) expect(t.at).toBeCloseTo(Math.log(t.value / 2) / Math.log(4), 12);
  });
  it('is picked by axisTicks for log scales', () => {
    expect(axisTicks(0.1, 10, 'log').map((t) => t.value)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
  });
});
