/**
 * The hard points of issue 12, against the high-precision references:
 *
 * - values that overflow though they are finite in exact arithmetic keep
 *   their partials (correctly rounded, ±Infinity where those overflow too,
 *   never NaN), while values infinite in exact arithmetic have NaN partials;
 * - subnormal and extreme inputs (5e-324, 1e-300, 1e300, the largest double),
 *   where a quotient of subnormals loses its bits, 1/c overflows, ½w
 *   underflows, or a plain sum rounds a hinge's argument to 0.
 *
 * Values to 1e-12, partials to 1e-9 relative (relative to the smallest
 * normal double below it), as in the per-family reference tests.
 */
import { describe, expect, it } from 'vitest';
import { continuousVariables, evaluate, gradient, inDomain, losses } from '../../src/index.js';
import { checkPoint, grid } from '../reference/check.js';
import { decimals } from '../reference/decimal.js';
import { referenceLosses } from '../reference/losses.js';
import { referenceFailures } from '../reference-b/check.js';
import { exact } from '../reference-b/decimal.js';
import { references } from '../reference-b/losses.js';

/** The loss's exact value from whichever reference has it. */
function referenceValue(id: string, point: Record<string, number>): { isFinite(): boolean } {
  const a = referenceLosses[id];
  if (a) return a(decimals(point));
  const b = references[id]!;
  const vars: Record<string, ReturnType<typeof exact>> = {};
  for (const [k, x] of Object.entries(point)) vars[k] = exact(x);
  return b.value(vars);
}

const MAX = Number.MAX_VALUE;
const TINY = Number.MIN_VALUE;
const INF = Number.POSITIVE_INFINITY;

/** Failures against the decimal references of test/reference (numerically differenced partials). */
function failures(id: string, points: readonly Record<string, number>[]): string[] {
  const out: string[] = [];
  for (const p of points) {
    const check = checkPoint(id, p);
    const at = `${id} at ${JSON.stringify(p)}`;
    if (!(check.valueError <= 1e-12)) out.push(`${at}: value ${check.value}, expected ${check.expected}`);
    for (const q of check.partials) {
      if (q.error !== undefined && !(q.error <= 1e-9)) {
        out.push(`${at}: ∂/∂${q.name} ${q.got}, expected ${q.expected} (error ${q.error})`);
      }
    }
  }
  return out;
}

describe('overflowed values keep their partials', () => {
  it.each([
    ['mse', grid({ r: [1e200, -1.5e154, MAX, -MAX] })],
    ['huber', grid({ r: [1e300, -MAX], delta: [1e10, 1e200, MAX] })],
    ['pseudo_huber', grid({ r: [1e300, -MAX], delta: [1e10, 1e300, MAX] })],
    ['cauchy', grid({ r: [1e300, -MAX], c: [1e-10, 1e150, 1e300] })],
    ['tukey', grid({ r: [1e300, MAX], c: [1e160, 1e300, MAX] })],
    ['general_robust', grid({ r: [1e154, 1e200, -MAX], alpha: [1, 2, 3, 2 + 1e-9], c: [1, 0.9] })],
    ['gaussian_nll', grid({ r: [1e200, -MAX], var: [1e-200, 1e-300, 1, 1e10] })],
    ['poisson_nll', grid({ z: [710, 800, 1e4], y: [0, 1, 1e300, MAX] })],
    ['exponential', grid({ m: [-709.79, -710, -800, -1e4] })],
    ['squared_hinge', grid({ m: [-1e200, -1.5e154, -MAX] })],
  ])('%s', (id, points) => {
    expect(failures(id, points)).toEqual([]);
    for (const p of points)
      for (const g of Object.values(gradient(id, p))) expect(g, JSON.stringify(p)).not.toBeNaN();
  });

  it.each([
    ['contrastive', grid({ d: [1e200, 1e300, MAX], y: [0, 0.5, 1], margin: [1, 1e300, MAX] })],
    ['kl_gaussian', grid({ mu: [1e200, -MAX, 0], sigma: [1e-300, 1, 1e200, MAX] })],
    ['softmax_ce', grid({ z1: [-MAX, -1e300, 0.5], z2: [-1e300, 1, 0.5], z3: [0.5], smoothing: [0, 0.1] })],
  ])('%s', (id, points) => {
    expect(referenceFailures(id, points)).toEqual([]);
  });

  it('gives NaN partials only where the value is infinite in exact arithmetic', () => {
    expect(evaluate('bce', { p: 0, y: 1 })).toBe(INF);
    expect(Object.values(gradient('bce', { p: 0, y: 1 })).every(Number.isNaN)).toBe(true);
    expect(Object.values(gradient('gan_minimax', { d: 1 })).every(Number.isNaN)).toBe(true);
    expect(Object.values(gradient('kl_bernoulli', { p: 0.5, q: 0 })).every(Number.isNaN)).toBe(true);
    expect(Object.values(gradient('poly1', { pt: 0 })).every(Number.isNaN)).toBe(true);
    // mse at r = 1e200 is +∞ by overflow: ∂r = 2e200; exponential's slope overflows with it.
    expect(gradient('mse', { r: 1e200 })).toEqual({ r: 2e200 });
    expect(gradient('exponential', { m: -709.79 })).toEqual({ m: -INF });
    expect(gradient('exponential', { m: -709.78 }).m).toBe(-evaluate('exponential', { m: -709.78 }));
  });
});

describe("issue 12's f32 gaps, in f64: the trees the GPU also computes", () => {
  it.each([
    // δ·|r| overflows where δ(|r| − ½δ) is finite (the old δ|r| − δ·½δ gave +∞ below δ = 1e150),
    // and the δ-partial |r| − δ next to the threshold |r| = δ with δ far from a power of two
    // (the old factored form lost its digits past δ = 1e150).
    [
      'huber',
      [
        { r: 1.7976931348623162e158, delta: 1e150 },
        { r: -1.7976931348623171e158, delta: 1e150 },
        { r: 1.2345000000012346e200, delta: 1.2345e200 },
        { r: -(2 ** 66 + 2 ** 26) * 1.1, delta: 2 ** 66 * 1.1 },
        { r: 3e38, delta: 3.4028234663852886e38 },
        { r: -3.4028234663852886e38, delta: 1e30 },
      ],
    ],
    // The eᶻ(1 − z·y·e⁻ᶻ) regime from z = 64: where f32's eᶻ overflows (88.7) and its e⁻ᶻ is
    // subnormal (87.3), in f64 as exact as eᶻ − yz (away from its roots, where both are ill-conditioned).
    [
      'poisson_nll',
      grid({ z: [64.5, 80, 87.9, 88.8, 95, 103.97, 300], y: [0, 1, 3.5, 1e10, 1e30, 1e300, MAX] }).filter(
        ({ z, y }) => !((Math.exp(z!) + y! * z!) / Math.abs(Math.exp(z!) - y! * z!) > 1e3),
      ),
    ],
  ])('%s', (id, points) => {
    expect(failures(id, points)).toEqual([]);
  });

  it('softmax_ce: logits of opposite signs at the ends of the range, where M − zₖ overflows but the loss need not', () => {
    // (Not where z2 and z3 cancel: −(d2 + d3)/3 at z2 = MAX, z3 = −MAX is as ill-conditioned as MAX − MAX.)
    const points = [
      ...grid({ z1: [-MAX], z2: [MAX], z3: [MAX, 0.5, -MAX], smoothing: [0, 0.5, 0.9] }),
      ...grid({ z1: [MAX], z2: [-MAX], z3: [0, -MAX], smoothing: [0, 0.5, 0.9] }),
      ...grid({ z1: [0.5, -1e300], z2: [-MAX], z3: [-MAX, 0], smoothing: [0, 0.5, 0.9] }),
    ];
    expect(referenceFailures('softmax_ce', points)).toEqual([]);
    // z1 = −MAX, z2 = z3 = MAX: (1 − 2s/3)·2·MAX, finite for s = 0.9; its s-partial −4·MAX/3 overflows.
    const p = { z1: -MAX, z2: MAX, z3: MAX, smoothing: 0.9 };
    expect(evaluate('softmax_ce', p) / MAX).toBeCloseTo(0.8, 14);
    const g = gradient('softmax_ce', p);
    expect([g.z1, g.z2, g.z3].map((x) => x!.toFixed(14))).toEqual([
      '-0.40000000000000',
      '0.20000000000000',
      '0.20000000000000',
    ]);
    expect(g.smoothing).toBe(-INF);
  });
});

describe('subnormal and extreme inputs', () => {
  it.each([
    ['tukey', grid({ r: [TINY, -TINY, 1e-310, 0.5], c: [TINY, 1e-310, 1e-300] })],
    ['pseudo_huber', grid({ r: [TINY, 1e-310, 1e-300, 1], delta: [TINY, 1e-310, 1e-300] })],
    ['cauchy', grid({ r: [TINY, 1e-310, 1e-300, 1, 1e100], c: [TINY, 1e-310, 1e-300] })],
    ['general_robust', grid({ r: [0.5, 1e20, 1e100], alpha: [-2, 0, 1, 3], c: [1e-300, 1e-310, TINY] })],
    ['general_robust', grid({ r: [1e200, MAX], alpha: [-2, 0, 1, 3], c: [1e-300] })],
    // Its partials E/r and −E/c (E = t·dρ/dt): NaN from ∞ − ∞ near α = 2 and from a subnormal c,
    // and ∂r = 0 at c = 1.1e-168 (the 2^500 move took it below the normal range and back); the
    // last two are f32's hard points (its chain rule overflowed there), here in f64.
    [
      'general_robust',
      [
        { r: -0.18217487329462323, alpha: 1.9999999999999756, c: 1.4043504200119055e-295 },
        { r: -3.258405142516111e134, alpha: 1.9999999999529994, c: 2.2240840789130351e-274 },
        { r: -1.1471496594165145e297, alpha: -0.6089450819649879, c: 2.217243e-318 },
        { r: 1.4225041242604865e136, alpha: -0.12202068183220025, c: 1.1075653926946828e-168 },
        { r: 1.3590620599399084e-13, alpha: 1.175494490952134e-38, c: 1.6944800086185183e-23 },
        { r: -1.0701439757077017e-32, alpha: 2.4968410393966188e-17, c: 3.000229212269035e-35 },
      ],
    ],
    // f32's hard points (∂c was −∞ on the GPU at c = 2^-64 and where r/c nears 1e20 for c near 2^-64).
    [
      'cauchy',
      [
        { r: -2.2458810806274414, c: 2 ** -64 },
        { r: 9.757819175720215, c: 2 ** -63 },
        { r: -1.1167196763407296e-18, c: 2 ** -126 },
      ],
    ],
    ['gaussian_nll', grid({ r: [0, 1e-160, 1, 1e200], var: [TINY, 1e-310, 1e-300] })],
    ['quantile', grid({ r: [TINY, -TINY, 1e-310], tau: [0, 0.5, 1] })],
  ])('%s', (id, points) => {
    expect(failures(id, points)).toEqual([]);
  });

  it.each([
    ['dice', grid({ precision: [TINY, 1e-310, 1e-300, 0.5], recall: [TINY, 1e-310, 1e-300, 0.5] })],
    ['jaccard', grid({ precision: [TINY, 1e-310, 1e-300, 0.5], recall: [TINY, 1e-310, 1e-300, 0.5] })],
    [
      'tversky',
      grid({ precision: [TINY, 1e-300, 0.5], recall: [TINY, 1e-300, 0.5], alpha: [0.5, 1], beta: [0.5, 1] }),
    ],
    ['kl_bernoulli', grid({ p: [TINY, 1e-310, 0.5, 1 - 2 ** -53], q: [TINY, 0.1, 0.9, 1 - 2 ** -53] })],
    ['js_bernoulli', grid({ p: [TINY, 1e-310, 0.5, 0.9], q: [TINY, 1e-310, 0.5, 0.9] })],
    ['contrastive', grid({ d: [100, 1e20, 1e300], y: [TINY, 1e-310, 1e-160], margin: [1] })],
    ['triplet', grid({ dap: [TINY, 1e-300, 1e-20, 1e-8], dan: [0.5, 1], margin: [0.5, 1] })],
    ['multiclass_hinge', grid({ z1: [1, 1e300, -1e300], z2: [TINY, 1e-20, 1e300, -1e300], z3: [0.5] })],
    ['crammer_singer', grid({ z1: [1, 1e300], z2: [TINY, 1e-20, 1e300], z3: [0.5, -3] })],
    ['bce_logits', grid({ z: [1e-20, -1e-20, 1e-8, 0.5], y: [0.5, 0.25, 1] })],
    ['focal_logits', grid({ z: [-88, 88, -87, 89, -700, 700], y: [0, 1], gamma: [0.5, 2], alpha: [0.25] })],
    ['softmax_ce', grid({ z1: [1e154], z2: [0.5], z3: [0.5], smoothing: [TINY, 1e-300] })],
  ])('%s', (id, points) => {
    expect(referenceFailures(id, points)).toEqual([]);
  });
});

describe("general_robust's α-partial far from α = 0", () => {
  it("keeps its digits: the chain rule's terms, of order ρ/α, cancel to order ρ/α²", () => {
    // Through the chain rule: 2.3e-12 at r = 4.06, α = −1000, c = 4 (1e-3 in f32).
    for (const p of grid({ r: [4.06, -1.12, 2.6], alpha: [-1000, -300, 300, 1000], c: [1, 4] })) {
      const q = checkPoint('general_robust', p).partials.find((x) => x.name === 'alpha')!;
      expect(q.error, JSON.stringify(p)).toBeLessThan(1e-13);
    }
  });
});

describe("general_robust's α-partial near α = 2, just past its series (u = x/|α − 2| > ¼)", () => {
  it("keeps its digits: the chain rule's terms, of the size of x = (r/c)², cancel to order x·u²/24", () => {
    // Through the chain rule (f64): 5.6e-14 on this grid (now 1.5e-14); in f32 4.6e-5 at r = 0.316,
    // α = 1.615, c = 1.
    const points = grid({
      r: [0.3162277638912201, 0.5, 0.7, 1.2],
      alpha: [1.25, 1.5, 1.615384578704834, 1.75, 1.99, 2.01, 2.25, 2.51, 3, 4.016982555389404, 7.9],
      c: [1, 0.37],
    });
    for (const p of points) {
      const q = checkPoint('general_robust', p).partials.find((x) => x.name === 'alpha')!;
      expect(q.error, JSON.stringify(p)).toBeLessThan(2.5e-14);
    }
  });
});

/**
 * Issue 12's f32 gaps of focal, focal_logits and tversky (weights and γ near
 * the largest number next to tiny probabilities, precision or recall) have
 * f64 twins at f64's scale: focal's ∂pt was NaN at γ = 1.8e308 (γ/(1 − pt)
 * overflowed against (1 − pt)^γ = 0), focal_logits' ∂y likewise, and
 * tversky's partials were NaN or 0 with weights of 1e30 to 1.8e308, or below
 * 1e-200, at P or R = 1e-300 (its forms for large A/P cancelled or overflowed).
 */
describe('extreme weights and γ at f64 scale', () => {
  const focalLogitsPoints = [
    ...grid({
      z: [-MAX, -1e300, -800, -88, -1, 1, 88, 800],
      y: [0.3, 1 - 2 ** -53, 1],
      gamma: [0.5, 2, 1e10, MAX],
      alpha: [0, 0.25],
    }),
    ...grid({ z: [1e300, MAX], y: [0.3, 1 - 2 ** -53], gamma: [0.5, 2, 1e10, MAX], alpha: [0, 0.25] }),
    ...grid({ z: [-88, -1, 1, 88, 800, 1e300, MAX], y: [0], gamma: [0.5, 2, 1e10, MAX], alpha: [0, 0.25] }),
  ];
  it.each([
    [
      'tversky',
      grid({
        precision: [1e-300, 1e-200, 1e-30, 0.3, 1],
        recall: [1e-300, 0.5, 1],
        alpha: [0, 1e-306, 1e-206, 1e-20, 1e30, 1e200, MAX],
        beta: [0, 0.02, 1e300, MAX],
      }),
    ],
    [
      'focal',
      grid({
        pt: [1e-30, 0.3, 0.709, 0.9, 1 - 2 ** -53],
        gamma: [0.5, 1e10, 1e300, MAX],
        alpha: [0, 0.25, 1],
      }),
    ],
    ['focal_logits', focalLogitsPoints],
  ])('%s', (id, points) => {
    expect(referenceFailures(id, points)).toEqual([]);
  });
});

describe('losses declared finite on their domain', () => {
  const candidates = [0, TINY, 1e-300, 1e-8, 0.5, 1, 2, 1e8, 1e300, MAX];
  it.each(losses.filter((l) => l.finiteOnDomain).map((l) => [l.id, l] as const))(
    '%s: every ±Infinity is an overflow (the reference is finite), with partials, never NaN',
    (id, loss) => {
      const names = continuousVariables(loss);
      const values = (name: string) => {
        const v = loss.variables.find((w) => w.name === name)!;
        return [...new Set([...candidates, ...candidates.map((x) => -x)])].filter((x) =>
          inDomain(v.domain, x),
        );
      };
      let infinite = 0;
      for (let i = 0; i < names.length; i++) {
        for (let j = i + 1; j < names.length; j++) {
          for (const p of grid({ [names[i]!]: values(names[i]!), [names[j]!]: values(names[j]!) })) {
            const full: Record<string, number> = {};
            for (const v of loss.variables) full[v.name] = p[v.name] ?? v.default ?? 0.5;
            const value = evaluate(id, full);
            expect(value, `${id} at ${JSON.stringify(full)}`).not.toBeNaN();
            if (Number.isFinite(value)) continue;
            infinite++;
            expect(referenceValue(id, full).isFinite(), `${id} at ${JSON.stringify(full)}`).toBe(true);
            for (const g of Object.values(gradient(id, full))) expect(g).not.toBeNaN();
          }
        }
      }
      // Bounded ones (dice, js_bernoulli) never reach ±∞, nor does smooth_l1 here; the others overflow.
      const bounded = ['dice', 'jaccard', 'tversky', 'js_bernoulli', 'focal_logits', 'smooth_l1'];
      if (!bounded.includes(id)) expect(infinite, id).toBeGreaterThan(0);
    },
  );
});

describe('found by a sweep of every variable over f64 extremes (one at a time, and in equal pairs)', () => {
  // (γ·pt stays above 1e-80: the 80-digit reference rounds 1 − pt to 1 below that.)
  it('focal: ∂pt = −α/pt at subnormal pt (1/pt overflowed: −∞ where the truth is −1)', () => {
    const points = grid({
      pt: [5e-324, 1e-310, 2 ** -1022, 1e-300],
      gamma: [0, 0.5, 2, 1e3],
      alpha: [5e-324, 1e-310, 0.25, 1],
    });
    expect(referenceFailures('focal', points)).toEqual([]);
  });
  // (Other tiny weights next to a subnormal P or R still lose some digits, e.g. P = 1e-310 with
  // α = 5e-324, where the value 4.9e-14 comes from 1 − T: see segmentation.ts.)
  it('tversky: a weight as tiny as a subnormal precision keeps the other term (0.5 for 0.598 at α = P = 5e-324)', () => {
    const points = [
      ...grid({
        precision: [5e-324],
        recall: [0.505, 1],
        alpha: [5e-324, 1e-320],
        beta: [0.5, 1e-20],
      }),
      ...grid({
        recall: [5e-324],
        precision: [0.505, 1],
        beta: [5e-324, 1e-320],
        alpha: [0.5, 1e-20],
      }),
    ];
    expect(referenceFailures('tversky', points)).toEqual([]);
  });
  it('cauchy, tukey, pseudo_huber: ∂c at a subnormal scale beside a large residual (cauchy: −∞ for 1.2e-320)', () => {
    for (const id of ['cauchy', 'tukey', 'pseudo_huber'] as const) {
      const scale = id === 'pseudo_huber' ? 'delta' : 'c';
      const points = grid({ r: [1e158, -1e200, 1e280], [scale]: [5e-324, 1e-310, 2 ** -1030] });
      for (const p of points) {
        const check = checkPoint(id, p);
        expect(check.valueError, `${id} ${JSON.stringify(p)}`).toBeLessThan(1e-12);
        for (const q of check.partials)
          expect(q.error, `${id} ∂${q.name} ${JSON.stringify(p)}`).toBeLessThan(1e-9);
      }
    }
  });
  it('softmax_ce: ∂s = (2z₁ − z₂ − z₃)/3 where z₂ and z₃ cancel beside a small z₁ (was 0)', () => {
    // One rounding from exact inputs (2z₁ and the cancelling pair are exact): the correctly rounded
    // quotient. (The 80-digit reference cannot resolve 1e-100 beside 2.5.)
    for (const [z1, z2, z3] of [
      [1e-100, -2.5, 2.5],
      [3e-200, 1e30, -1e30],
      [-7e-50, 0.1, -0.1],
    ] as const)
      for (const smoothing of [0, 0.3, 0.9])
        expect(gradient('softmax_ce', { z1, z2, z3, smoothing }).smoothing).toBe((2 * z1) / 3);
  });
  it('cauchy, tukey, pseudo_huber: ∂c at an ordinary residual and a scale beyond f32 (cauchy: 1.3e-6 at c = 1e100)', () => {
    for (const id of ['cauchy', 'tukey', 'pseudo_huber'] as const) {
      const scale = id === 'pseudo_huber' ? 'delta' : 'c';
      for (const p of grid({ r: [2.5, -1, 100, 1e10, 1e30], [scale]: [1e39, 1e60, 1e100, 1e150] })) {
        const check = checkPoint(id, p);
        expect(check.valueError, `${id} ${JSON.stringify(p)}`).toBeLessThan(1e-12);
        for (const q of check.partials)
          expect(q.error, `${id} ∂${q.name} ${JSON.stringify(p)}`).toBeLessThan(1e-9);
      }
    }
  });
  it('focal: a zero weight keeps ∂pt at 0 at a subnormal pt (0·e^744 was NaN)', () => {
    expect(
      referenceFailures('focal', grid({ pt: [5e-324, 1e-310], gamma: [0, 2, 1e3], alpha: [0] })),
    ).toEqual([]);
  });
  it('softmax_ce: logit partials pₖ − qₖ keep their digits with s near 1 and near-uniform logits', () => {
    // Derived: 5.6e-9 relative at z = 0, s = 1 − 1e-8 (pₖ − s/3 from terms of ⅓).
    const points = [
      ...grid({
        z1: [0, 1e-9, -3e-12],
        z2: [0, 2e-10],
        z3: [0, 5],
        smoothing: [0.6, 0.9, 1 - 1e-8, 1 - 2 ** -53],
      }),
      ...grid({
        z1: [5, -1e30, 700],
        z2: [5 + 1e-8, 1e30],
        z3: [-MAX, 5],
        smoothing: [0, 0.5, 0.6, 1 - 1e-12],
      }),
    ];
    expect(referenceFailures('softmax_ce', points)).toEqual([]);
  });
});
