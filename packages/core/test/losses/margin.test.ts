/**
 * The margin losses against high-precision references (decimal.js; see
 * test/reference), at margins from 1e-300 to 1e300 and logits of ±800,
 * plus hand-derived values, infinities and the kink conventions.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, getLoss, gradient, losses } from '../../src/index.js';
import { checkPoint, grid } from '../reference/check.js';

const M = [
  0,
  1e-300,
  -1e-300,
  1e-20,
  -1e-8,
  1e-3,
  -0.5,
  0.5,
  1,
  -1,
  1 - 2 ** -53,
  1 + 2 ** -52,
  2,
  -3,
  30,
  -30,
];
const LARGE = [700, -700, 745, -745, 800, -800, 1e4, -1e4, 1e30, -1e30, 1e200, -1e200, 1e300, -1e300];
const INF = Number.POSITIVE_INFINITY;

describe('margin losses match 40-digit references', () => {
  it.each(['zero_one', 'hinge', 'squared_hinge', 'logistic', 'exponential', 'modified_huber'])('%s', (id) => {
    const failed: string[] = [];
    // e^(1e30) is finite, but beyond decimal.js's exponent range: 'infinities' below has those.
    const margins = id === 'exponential' ? [...M, ...LARGE].filter((m) => m > -1e15) : [...M, ...LARGE];
    for (const p of grid({ m: margins })) {
      const check = checkPoint(id, p);
      if (!(check.valueError <= 1e-12))
        failed.push(`${id}(${p.m}) = ${check.value}, expected ${check.expected}`);
      for (const q of check.partials) {
        if (q.error !== undefined && !(q.error <= 1e-9)) {
          failed.push(`${id}'(${p.m}) = ${q.got}, expected ${q.expected} (error ${q.error})`);
        }
      }
    }
    expect(failed).toEqual([]);
  });
});

describe('hand-derived values', () => {
  it.each([
    ['zero_one', 0, 1, 0],
    ['zero_one', -2, 1, 0],
    ['zero_one', 1e-300, 0, 0],
    ['hinge', 0.5, 0.5, -1],
    ['hinge', 3, 0, 0],
    ['squared_hinge', -1, 4, -4],
    ['logistic', 0, Math.LN2, -0.5],
    ['exponential', 0, 1, -1],
    ['modified_huber', -2, 8, -4],
    ['modified_huber', -1, 4, -4],
    ['modified_huber', 0.5, 0.25, -1],
    ['modified_huber', 2, 0, 0],
  ] as const)('%s(%d) = %d with slope %d', (id, m, value, slope) => {
    expect(evaluate(id, { m })).toBeCloseTo(value, 15);
    expect(gradient(id, { m }).m).toBeCloseTo(slope, 15);
  });

  it('is finite for logistic at m = −800 (≈ 800), where e^(−m) overflows', () => {
    expect(evaluate('logistic', { m: -800 })).toBe(800);
    expect(gradient('logistic', { m: -800 }).m).toBe(-1);
    // log(1 + e^(−800)) ≈ 3.7e-348 rounds to 0.
    expect(evaluate('logistic', { m: 800 })).toBe(0);
  });
});

describe('infinities', () => {
  // Finite in exact arithmetic, beyond the largest double: +Infinity, and the slope is the
  // correctly rounded slope (itself ±Infinity where it overflows too), never NaN.
  it.each([
    ['exponential', -800, -INF],
    ['exponential', -1e30, -INF],
    ['exponential', -1e300, -INF],
    ['squared_hinge', -1e200, -2e200],
    ['squared_hinge', -1.5e154, -3e154],
    ['modified_huber', -1e308, -4],
  ] as const)('%s(%d) overflows to +Infinity with slope %d', (id, m, slope) => {
    expect(evaluate(id, { m })).toBe(INF);
    expect(gradient(id, { m }).m).toBe(slope);
  });

  it('keeps exponential finite up to m = −709.78 and overflows just beyond, slope −value', () => {
    const edge = -Math.log(Number.MAX_VALUE);
    expect(evaluate('exponential', { m: edge })).toBeCloseTo(Number.MAX_VALUE, -295);
    expect(gradient('exponential', { m: edge }).m).toBe(-evaluate('exponential', { m: edge }));
    const beyond = edge - 1e-12;
    expect(evaluate('exponential', { m: beyond })).toBe(INF);
    expect(gradient('exponential', { m: beyond }).m).toBe(-INF);
  });
});

describe('kink conventions', () => {
  it('gives hinge slope 0 at m = 1 (0 is a subgradient) and zero_one slope 0 everywhere', () => {
    expect(gradient('hinge', { m: 1 })).toEqual({ m: 0 });
    for (const m of [-1e300, -1, 0, 1e-300, 1, 1e300]) expect(gradient('zero_one', { m })).toEqual({ m: 0 });
  });

  it('has the jump of zero_one at m = 0 on the right side (1 if m ≤ 0)', () => {
    expect(evaluate('zero_one', { m: 0 })).toBe(1);
    expect(evaluate('zero_one', { m: Number.MIN_VALUE })).toBe(0);
  });

  it('is smooth where modified_huber changes form (m = −1) and where squared_hinge reaches 0', () => {
    expect(gradient('modified_huber', { m: -1 }).m).toBe(-4);
    expect(gradient('squared_hinge', { m: 1 }).m).toBe(0);
  });
});

describe('metadata', () => {
  it('has the six margin losses, each of the single variable m with a single default axis', () => {
    const margin = losses.filter((l) => l.family === 'margin').map((l) => l.id);
    expect(margin).toEqual([
      'zero_one',
      'hinge',
      'squared_hinge',
      'logistic',
      'exponential',
      'modified_huber',
    ]);
    for (const id of margin) {
      const loss = getLoss(id);
      expect(loss.variables.map((v) => v.name)).toEqual(['m']);
      expect(loss.defaultAxes).toEqual(['m']);
      expect(loss.tex.length).toBeGreaterThan(0);
      expect(loss.reference.length).toBeGreaterThan(0);
    }
    expect(() => evaluate('hinge', {})).toThrow(/hinge: missing variable m/);
    expect(() => evaluate('logistic', { m: Number.NaN })).toThrow(
      /logistic: m = NaN is outside its domain any finite real/,
    );
  });
});
