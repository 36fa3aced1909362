/**
 * The regression losses against high-precision references (decimal.js; see
 * test/reference): values to 1e-12 and partials to 1e-9 relative error at
 * hard points (residuals from 1e-300 to 1e300, scales from 1e-3 to 1e10,
 * α near 0 and 2 and at ±1e3), exact ±Infinity, hand-derived numbers, and
 * the catalog's kink conventions.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, getLoss, gradient } from '../../src/index.js';
import { checkPoint, grid } from '../reference/check.js';

const VALUE_TOLERANCE = 1e-12;
const GRADIENT_TOLERANCE = 1e-9;
const INF = Number.POSITIVE_INFINITY;

/** Residuals from the bottom to the top of the double range, both signs. */
const R = [0, 1e-300, -1e-160, 1e-20, -1e-8, 1e-3, -0.5, 1, -3, 1e4, -1e30, 1e200, -1e300];
/** Positive scales (δ, β, c, σ²). */
const SCALES = [1e-3, 1, 7.5, 1e10];

/** Every point's failures, as text, so one run shows all of them. */
function failures(id: string, points: readonly Record<string, number>[]): string[] {
  const out: string[] = [];
  for (const p of points) {
    const check = checkPoint(id, p);
    const at = `${id} at ${JSON.stringify(p)}`;
    if (!(check.valueError <= VALUE_TOLERANCE)) {
      out.push(`${at}: value ${check.value}, expected ${check.expected} (error ${check.valueError})`);
    }
    for (const q of check.partials) {
      if (q.error !== undefined && !(q.error <= GRADIENT_TOLERANCE)) {
        out.push(`${at}: ∂/∂${q.name} ${q.got}, expected ${q.expected} (error ${q.error})`);
      }
    }
  }
  return out;
}

const cases: [string, Record<string, number>[]][] = [
  ['mse', grid({ r: [...R, 1.2, 1.3e154, 1.4e154] })],
  ['mae', grid({ r: R })],
  ['huber', grid({ r: [...R, 7.5, 1 + 2 ** -52, 1e154], delta: [...SCALES, 1.5e154] })],
  ['smooth_l1', grid({ r: [...R, 7.5 * (1 - 2 ** -52)], beta: SCALES })],
  ['pseudo_huber', grid({ r: R, delta: [...SCALES, 1e-200] })],
  ['log_cosh', grid({ r: [...R, 1e-15, 0.9, 1.1, 20, 1e4] })],
  ['quantile', grid({ r: R, tau: [0, 0.1, 0.5, 0.9, 1 - 2 ** -53, 1] })],
  ['epsilon_insensitive', grid({ r: R, epsilon: [0, 0.1, 7.5, 1e10] })],
  ['cauchy', grid({ r: [...R, 7.5 * (1 + 1e-9), 1e10 * (1 - 1e-12)], c: [...SCALES, 1e-200] })],
  ['tukey', grid({ r: [...R, 4.68, 4.685 * (1 - 1e-9), 4.685, 3.3], c: [1e-3, 1, 4.685, 1e10] })],
  ['gaussian_nll', grid({ r: R, var: SCALES })],
];

describe('regression losses match 40-digit references', () => {
  it.each(cases)('%s', (id, points) => {
    expect(failures(id, points)).toEqual([]);
  });

  // Barron's loss is where the care went: α near 0 and 2 (±1e-9, and one ulp),
  // at ±1e3, with residuals small enough for the series and large enough to
  // overflow (r/c)².
  it('general_robust', () => {
    const alphas = [-1e3, -2, -1e-9, 0, 1e-9, 1, 2 - 1e-9, 2 - 2 ** -51, 2 + 2 ** -51, 2 + 1e-9, 4, 1e3];
    const points = [
      ...grid({ r: [1e-20, -1e-8, 0.05, -1, 3, 1e4], alpha: alphas, c: [1] }),
      ...grid({ r: [1e30, -1e200], alpha: [-2, 0, 1, 2 - 1e-9, 2 + 1e-9], c: [1] }),
      ...grid({ r: [1e-3, -2, 1e30], alpha: [-2, 1, 3], c: [1e-3, 1e10] }),
    ];
    expect(failures('general_robust', points)).toEqual([]);
  });

  it('poisson_nll, away from its roots (eᶻ = y·z, where it is ill-conditioned)', () => {
    const points = grid({
      z: [0, 1e-10, -1e-10, 1e-3, -0.5, 1, -10, 10, 700, 709, 710, -800, 800, -1e30],
      y: [0, 1, 3.5, 1e10],
    }).filter(({ z, y }) => {
      const terms = Math.exp(z!) + Math.abs(y! * z!);
      return !(terms / Math.abs(Math.exp(z!) - y! * z!) > 1e3);
    });
    expect(failures('poisson_nll', points)).toEqual([]);
  });
});

describe('hand-derived values', () => {
  it('follows the worked example: MSE of ŷ = 4.2, y = 3.0 is 1.44 with gradient 2.4', () => {
    const r = 4.2 - 3.0;
    expect(evaluate('mse', { r })).toBeCloseTo(1.44, 14);
    expect(gradient('mse', { r }).r).toBeCloseTo(2.4, 14);
  });

  it.each([
    ['huber', { r: 3, delta: 1 }, 2.5, { r: 1, delta: 2 }],
    ['huber', { r: -0.5, delta: 1 }, 0.125, { r: -0.5, delta: 0 }],
    ['mae', { r: -2 }, 2, { r: -1 }],
    ['smooth_l1', { r: 0.5, beta: 1 }, 0.125, { r: 0.5, beta: -0.125 }],
    ['smooth_l1', { r: -2, beta: 1 }, 1.5, { r: -1, beta: -0.5 }],
    ['quantile', { r: -2, tau: 0.9 }, 1.8, { r: -0.9, tau: 2 }],
    ['quantile', { r: 2, tau: 0.9 }, 0.2, { r: 0.1, tau: -2 }],
    ['epsilon_insensitive', { r: -0.5, epsilon: 0.25 }, 0.25, { r: -1, epsilon: -1 }],
    ['gaussian_nll', { r: 2, var: 1 }, 2, { r: 2, var: -1.5 }],
    ['poisson_nll', { z: 0, y: 1 }, 1, { z: 0, y: 0 }],
    ['tukey', { r: 10, c: 3 }, 1.5, { r: 0, c: 1 }],
    ['general_robust', { r: 3, alpha: 2, c: 1 }, 4.5, { r: 3, alpha: INF, c: -9 }],
  ] as const)('%s at %o is %d with gradient %o', (id, point, value, partials) => {
    expect(evaluate(id, point)).toBeCloseTo(value, 14);
    const g = gradient(id, point);
    for (const [name, expected] of Object.entries(partials)) {
      if (expected === INF) expect(g[name]).toBe(INF);
      else expect(g[name]).toBeCloseTo(expected, 13);
    }
  });

  it('gives the closed forms of pseudo_huber, log_cosh, cauchy and tukey at simple points', () => {
    expect(evaluate('pseudo_huber', { r: 2, delta: 2 })).toBeCloseTo(4 * (Math.SQRT2 - 1), 14);
    expect(evaluate('log_cosh', { r: 1 })).toBeCloseTo(Math.log(Math.cosh(1)), 15);
    expect(evaluate('cauchy', { r: 2, c: 2 })).toBeCloseTo(2 * Math.LN2, 14);
    expect(evaluate('tukey', { r: 10 })).toBeCloseTo(4.685 ** 2 / 6, 13);
  });

  it('reduces Barron’s loss to its named special cases', () => {
    for (const r of [-3, -0.7, 0.2, 1, 5]) {
      const x = r * r;
      // α = 0: Cauchy-like log(½x + 1); α = 1: Charbonnier √(x + 1) − 1; α = −2: Geman–McClure 2x/(x + 4).
      expect(evaluate('general_robust', { r, alpha: 0 })).toBeCloseTo(Math.log1p(x / 2), 14);
      expect(evaluate('general_robust', { r, alpha: 1 })).toBeCloseTo(Math.sqrt(x + 1) - 1, 14);
      expect(evaluate('general_robust', { r, alpha: -2 })).toBeCloseTo((2 * x) / (x + 4), 14);
      // And α = 1 with scale c is pseudo-Huber with δ = c, divided by c².
      expect(evaluate('general_robust', { r, alpha: 1, c: 2 })).toBeCloseTo(
        evaluate('pseudo_huber', { r, delta: 2 }) / 4,
        14,
      );
    }
  });
});

describe('infinities', () => {
  // Finite in exact arithmetic, beyond the largest double: the value is +Infinity and every
  // partial is the correctly rounded partial (±Infinity where that overflows too), never NaN.
  it.each([
    ['mse', { r: 1e200 }, { r: 2e200 }],
    ['mse', { r: -1.5e154 }, { r: -3e154 }],
    ['huber', { r: 1e300, delta: 1e10 }, { r: 1e10, delta: 1e300 - 1e10 }],
    ['gaussian_nll', { r: 1e200, var: 1e-200 }, { r: INF, var: -INF }],
    ['general_robust', { r: 1e200, alpha: 2, c: 1 }, { r: 1e200, alpha: INF, c: -INF }],
    ['general_robust', { r: 1e30, alpha: 1e3, c: 1 }, { r: INF, alpha: INF, c: -INF }],
    [
      'general_robust',
      { r: 1e200, alpha: 2 + 1e-9, c: 1 },
      { r: 1.0000004708788012e200, alpha: INF, c: -INF },
    ],
    ['poisson_nll', { z: 800, y: 1 }, { z: INF, y: -800 }],
    ['poisson_nll', { z: 1e30, y: 1e300 }, { z: INF, y: -1e30 }],
    ['poisson_nll', { z: -1e300, y: 1e300 }, { z: -1e300, y: 1e300 }],
  ] as const)('%s at %o overflows to +Infinity and keeps its partials %o', (id, point, partials) => {
    expect(evaluate(id, point)).toBe(INF);
    const g = gradient(id, point);
    for (const [name, expected] of Object.entries(partials)) {
      if (Math.abs(expected) === INF) expect(g[name]).toBe(expected);
      else expect(Math.abs(g[name]! / expected - 1)).toBeLessThan(1e-12);
    }
  });

  it('gives partials that overflow as ±Infinity and the rest exactly (against the reference)', () => {
    // A finite partial of an overflowed value, and one beyond the largest double (never NaN).
    expect(failures('general_robust', [{ r: 1e154, alpha: 3, c: 1 }])).toEqual([]);
    expect(failures('general_robust', [{ r: 1.7e308, alpha: 1, c: 0.9 }])).toEqual([]);
    expect(failures('pseudo_huber', [{ r: 1e300, delta: 1e10 }])).toEqual([]);
    expect(failures('cauchy', [{ r: 1e300, c: 1e-10 }])).toEqual([]);
    expect(gradient('poisson_nll', { z: 710, y: 1.7976931348623157e308 }).z).toBeCloseTo(
      4.363016312993953e307,
      -293,
    );
  });

  it('is -Infinity where eᶻ − yz overflows below (poisson_nll at z = 710, y = 1e308)', () => {
    expect(evaluate('poisson_nll', { z: 710, y: 1e308 })).toBe(Number.NEGATIVE_INFINITY);
  });

  it('stays finite where a naive formula overflows', () => {
    // (r/δ)² overflows; δ²(√(1 + (r/δ)²) − 1) is about δ|r|.
    expect(evaluate('pseudo_huber', { r: 1e200 })).toBeCloseTo(1e200, -186);
    // ½r² with r² overflowing but ½r² not.
    expect(evaluate('huber', { r: 1.5e154, delta: 1e155 })).toBe(1.5e154 * (0.5 * 1.5e154));
    expect(Number.isFinite(evaluate('cauchy', { r: 1e300 }))).toBe(true);
    // ρ = √(x + 1) − 1 ≈ |r|: through exp of y ≈ 690, so to ~700 ulps, not 1.
    expect(Math.abs(evaluate('general_robust', { r: 1e300, alpha: 1, c: 1 }) / 1e300 - 1)).toBeLessThan(
      1e-12,
    );
    expect(evaluate('general_robust', { r: 1e300, alpha: -1e3, c: 1 })).toBeCloseTo(1.002, 14);
    expect(evaluate('general_robust', { r: 1e300, alpha: 0, c: 1 })).toBeCloseTo(
      2 * Math.log(1e300) - Math.LN2,
      12,
    );
    expect(evaluate('log_cosh', { r: -1e300 })).toBe(1e300);
  });
});

describe('kink conventions', () => {
  it('gives 0 where 0 is a subgradient', () => {
    expect(gradient('mae', { r: 0 })).toEqual({ r: 0 });
    for (const tau of [0, 0.25, 0.5, 1])
      expect(gradient('quantile', { r: 0, tau })).toEqual({ r: 0, tau: 0 });
    expect(gradient('epsilon_insensitive', { r: 0.5, epsilon: 0.5 })).toEqual({ r: 0, epsilon: 0 });
    expect(gradient('epsilon_insensitive', { r: -0.5, epsilon: 0.5 })).toEqual({ r: 0, epsilon: 0 });
    expect(gradient('epsilon_insensitive', { r: 0, epsilon: 0 })).toEqual({ r: 0, epsilon: 0 });
  });

  it('is smooth across the seams of huber, smooth_l1 and tukey', () => {
    expect(gradient('huber', { r: 2, delta: 2 })).toEqual({ r: 2, delta: 0 });
    expect(gradient('smooth_l1', { r: -2, beta: 2 })).toEqual({ r: -1, beta: -0.5 });
    expect(gradient('tukey', { r: 4.685 }).r).toBe(0);
  });

  it('gives general_robust ∂α = +Infinity at α = 2 (0 at r = 0, where ρ ≡ 0)', () => {
    expect(gradient('general_robust', { r: 1e-8, alpha: 2 }).alpha).toBe(INF);
    expect(gradient('general_robust', { r: -3, alpha: 2, c: 5 }).alpha).toBe(INF);
    expect(gradient('general_robust', { r: 0, alpha: 2 })).toEqual({ r: 0, alpha: 0, c: 0 });
  });
});

describe('metadata', () => {
  it.each([
    ['mse', ['r']],
    ['mae', ['r']],
    ['log_cosh', ['r']],
    ['huber', ['r', 'delta']],
    ['smooth_l1', ['r', 'beta']],
    ['pseudo_huber', ['r', 'delta']],
    ['quantile', ['r', 'tau']],
    ['epsilon_insensitive', ['r', 'epsilon']],
    ['cauchy', ['r', 'c']],
    ['tukey', ['r', 'c']],
    ['general_robust', ['r', 'alpha']],
    ['gaussian_nll', ['r', 'var']],
    ['poisson_nll', ['z', 'y']],
  ])('%s has default axes %o', (id, axes) => {
    const loss = getLoss(id);
    expect(loss.family).toBe('regression');
    expect(loss.defaultAxes).toEqual(axes);
  });

  it('has the catalog’s defaults and domains', () => {
    const defaults = (id: string) =>
      Object.fromEntries(
        getLoss(id)
          .variables.filter((v) => v.default !== undefined)
          .map((v) => [v.name, v.default]),
      );
    expect(defaults('huber')).toEqual({ delta: 1 });
    expect(defaults('smooth_l1')).toEqual({ beta: 1 });
    expect(defaults('pseudo_huber')).toEqual({ delta: 1 });
    expect(defaults('quantile')).toEqual({ tau: 0.5 });
    expect(defaults('epsilon_insensitive')).toEqual({ epsilon: 0.1 });
    expect(defaults('cauchy')).toEqual({ c: 1 });
    expect(defaults('tukey')).toEqual({ c: 4.685 });
    expect(defaults('general_robust')).toEqual({ alpha: 1, c: 1 });
    expect(defaults('gaussian_nll')).toEqual({ var: 1 });
    expect(defaults('poisson_nll')).toEqual({ y: 1 });
    expect(() => evaluate('general_robust', { r: 1, alpha: 1000.5 })).toThrow(
      /alpha = 1000.5 is outside its domain \[-1000, 1000\]/,
    );
    expect(() => evaluate('quantile', { r: 1, tau: -0.1 })).toThrow(
      /quantile: tau = -0.1 is outside its domain \[0, 1\]/,
    );
    expect(() => evaluate('epsilon_insensitive', { r: 1, epsilon: -1 })).toThrow(RangeError);
    expect(() => evaluate('poisson_nll', { z: 1, y: -1 })).toThrow(/poisson_nll: y = -1/);
    expect(() => evaluate('tukey', { r: 1, c: 0 })).toThrow(/tukey: c = 0 is outside its domain \(0, ∞\)/);
  });
});
