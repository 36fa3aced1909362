/**
 * fitModel: closed-form MSE against the normal equations in Decimal; the exact
 * piecewise-linear search against brute-force vertex enumeration; Newton's
 * smooth fits against a Decimal Newton refinement of the optimum; local fits;
 * uniqueness flags; and the RangeError where no finite minimizer exists.
 */
import { describe, expect, it } from 'vitest';
import { fitModel, type ModelSpec, totalGradient, totalLoss } from '../../src/index.js';
import { D, type Dec, exact } from '../reference/decimal.js';
import { bruteForce } from './brute-force.js';
import { type ReferenceSpec, referenceTotal, withDigits } from './reference.js';

function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const relative = (got: number, want: number): number =>
  Math.abs(got - want) / Math.max(Math.abs(want), 1e-300);

describe('mse: closed form', () => {
  /** The weighted ridge least-squares line in Decimal: w = Sxy/(Sxx + l2·divisor/2), b = ȳ − w·x̄. */
  function normalEquations(x: number[], y: number[], weight: number[], l2: number, divisor: number) {
    return withDigits(120, () => {
      const om = weight.map(exact);
      const X = x.map(exact);
      const Y = y.map(exact);
      const total = om.reduce((s, w) => s.plus(w), new D(0));
      const mx = om.reduce((s, w, i) => s.plus(w.times(X[i]!)), new D(0)).div(total);
      const my = om.reduce((s, w, i) => s.plus(w.times(Y[i]!)), new D(0)).div(total);
      let sxx = new D(0);
      let sxy = new D(0);
      om.forEach((w, i) => {
        sxx = sxx.plus(w.times(X[i]!.minus(mx).pow(2)));
        sxy = sxy.plus(w.times(X[i]!.minus(mx)).times(Y[i]!.minus(my)));
      });
      const w = sxy.div(sxx.plus(exact(l2).times(divisor).div(2)));
      return { w: w.toNumber(), b: my.minus(w.times(mx)).toNumber() };
    });
  }

  it.each([
    ['unweighted, mean', false, 0, 'mean'],
    ['weighted, sum, ridge', true, 0.6, 'sum'],
    ['weighted, mean, ridge', true, 2.5, 'mean'],
  ] as const)('%s', (_, weighted, l2, reduction) => {
    const rand = generator(l2 * 1000 + (weighted ? 1 : 0));
    const x = Array.from({ length: 30 }, () => 10 * rand() - 5);
    const y = x.map((xi) => 2.5 * xi - 1 + 2 * (rand() - 0.5));
    y[3] = 40;
    const weight = x.map((_, i) => (weighted ? (i % 5 === 0 ? 0 : 3 * rand()) : 1));
    const model: ModelSpec = { loss: 'mse', data: { x, y, weight }, l2, reduction };
    const fit = fitModel(model);
    const ref = normalEquations(
      x.filter((_, i) => weight[i]! > 0),
      y.filter((_, i) => weight[i]! > 0),
      weight.filter((w) => w > 0),
      l2,
      reduction === 'sum' ? 1 : 30,
    );
    expect(fit.global).toBe(true);
    expect(fit.unique).toBe(true);
    expect(fit.method).toMatch(/closed form/);
    expect(relative(fit.w, ref.w)).toBeLessThan(1e-13);
    expect(relative(fit.b, ref.b)).toBeLessThan(1e-13);
    expect(fit.value).toBe(totalLoss(model, fit));
  });

  it('centres the data: x ~ 1e6 with y ~ 1e8 keeps the digits its conditioning allows', () => {
    const rand = generator(5);
    const x = Array.from({ length: 20 }, () => 1e6 + 100 * rand());
    const y = x.map((xi) => 100 * xi + 7 + (rand() - 0.5));
    const fit = fitModel({ loss: 'mse', data: { x, y } });
    const ref = normalEquations(
      x,
      y,
      x.map(() => 1),
      0,
      20,
    );
    // κ ≈ (mean/spread)² ≈ 1e8 for b: 1e-16·1e8 = 1e-8 is what the data allow.
    expect(relative(fit.w, ref.w)).toBeLessThan(1e-10);
    expect(Math.abs(fit.b - ref.b)).toBeLessThan(1e-8 * 1e6 * Math.abs(ref.w));
  });

  it('says unique: false where x is constant without ridge, and is unique again with one', () => {
    const data = { x: [2, 2, 2, 2], y: [1, 2, 3, 6] };
    const fit = fitModel({ loss: 'mse', data });
    expect(fit.unique).toBe(false);
    expect(fit.global).toBe(true);
    expect(fit.value).toBeCloseTo(3.5, 14); // the variance of y
    expect(2 * fit.w + fit.b).toBeCloseTo(3, 14);
    const ridged = fitModel({ loss: 'mse', data, l2: 1 });
    expect(ridged.unique).toBe(true);
  });
});

describe('piecewise-linear losses: exact search vs brute-force vertex enumeration', {
  timeout: 120_000,
}, () => {
  const draw = (trial: number) => {
    const rand = generator(1000 + trial);
    const loss = ['mae', 'quantile', 'epsilon_insensitive', 'hinge'][trial % 4]!;
    const n = 3 + Math.floor(rand() * 8);
    // Quarter-integers make ties and degenerate vertices common.
    const x = Array.from({ length: n }, () => Math.round((rand() * 10 - 5) * 4) / 4);
    const y =
      loss === 'hinge'
        ? x.map((xi) => (xi + 2 * rand() - 1 > 0 ? 1 : 0))
        : x.map((xi) => Math.round((0.7 * xi + rand() * 4 - 2) * 8) / 8);
    const params: Record<string, number> =
      loss === 'quantile'
        ? { tau: Math.round(rand() * 20) / 20 }
        : loss === 'epsilon_insensitive'
          ? { epsilon: Math.round(rand() * 8) / 8 }
          : {};
    const weight = trial % 5 === 0 ? x.map((_, i) => (i === 0 ? 0 : 1 + Math.floor(rand() * 3))) : undefined;
    const l2 = trial % 3 === 0 ? Math.round(rand() * 100) / 100 : 0;
    const spec: ModelSpec = {
      loss,
      params,
      data: weight ? { x, y, weight } : { x, y },
      l2,
      reduction: trial % 2 ? 'sum' : 'mean',
    };
    return spec;
  };

  it('matches the brute-force minimum on 200 random small datasets (with and without ridge)', () => {
    for (let trial = 0; trial < 200; trial++) {
      const spec = draw(trial);
      const fit = fitModel(spec);
      const bf = bruteForce(spec);
      expect(fit.global, JSON.stringify(spec)).toBe(true);
      expect(fit.method).toMatch(/piecewise-linear/);
      // Within 1e-12 relative of the true minimum, or a few u·S where it is ~0 (a line through two
      // points: each residual there is a rounding of |w·x| + |b| + |y|).
      const { x, y } = spec.data;
      const S = Array.from(x).reduce(
        (sum, xi, i) => sum + Math.abs(bf.w * xi) + Math.abs(bf.b) + Math.abs(y[i]!),
        0,
      );
      expect(fit.value - bf.value, JSON.stringify(spec)).toBeLessThanOrEqual(
        1e-12 * Math.abs(bf.value) + 8 * Number.EPSILON * S * 3,
      );
      expect(fit.value).toBe(totalLoss(spec, fit));
      if (fit.unique) {
        // A unique minimizer is the brute force's too.
        expect(Math.abs(fit.w - bf.w), JSON.stringify(spec)).toBeLessThanOrEqual(1e-9 * (Math.abs(bf.w) + 1));
        expect(Math.abs(fit.b - bf.b), JSON.stringify(spec)).toBeLessThanOrEqual(1e-9 * (Math.abs(bf.b) + 1));
      }
    }
  });

  it('lands on the vertex through two data points (mae)', () => {
    const fit = fitModel({ loss: 'mae', data: { x: [0, 1, 2, 3, 4], y: [1, 3, 5, 7, 100] } });
    expect(fit).toMatchObject({ w: 2, b: 1, global: true, unique: true });
    expect(fit.value).toBeCloseTo(91 / 5, 13);
  });

  it('flags sets of minimizers: unique: false', () => {
    // Constant x: w is free.
    expect(fitModel({ loss: 'mae', data: { x: [1, 1, 1], y: [0, 2, 5] } }).unique).toBe(false);
    // Two points per x, a whole quadrilateral of medians.
    expect(fitModel({ loss: 'mae', data: { x: [0, 0, 1, 1], y: [0, 1, 0, 1] } }).unique).toBe(false);
    // The quantile's segment for τ = ½ between two points at one x.
    expect(fitModel({ loss: 'quantile', data: { x: [0, 0, 1], y: [0, 2, 1] } }).unique).toBe(false);
    // Separable hinge: L = 0 on a region.
    const sep = fitModel({ loss: 'hinge', data: { x: [-2, -1, 1, 2], y: [0, 0, 1, 1] } });
    expect(sep).toMatchObject({ value: 0, global: true, unique: false });
    // Inside the ε-tube everywhere.
    expect(
      fitModel({ loss: 'epsilon_insensitive', params: { epsilon: 1 }, data: { x: [0, 1], y: [0, 0.5] } }),
    ).toMatchObject({
      value: 0,
      unique: false,
    });
  });

  it('with a ridge, the SVM: the margin vertex, unique', () => {
    const fit = fitModel({ loss: 'hinge', data: { x: [-1, 1], y: [0, 1] }, l2: 0.1 });
    expect(fit.w).toBeCloseTo(1, 14);
    expect(fit.b).toBeCloseTo(0, 14);
    expect(fit.unique).toBe(true);
    expect(fit.value).toBeCloseTo(0.05, 14);
  });

  it('with a ridge the minimum can lie inside a segment of one line', () => {
    // mae of one point at x = 1, y = 10, with the ridge: the line w + b = 10 at w = 0.
    const fit = fitModel({ loss: 'mae', data: { x: [1, 2], y: [10, 10] }, l2: 5 });
    const bf = bruteForce({ loss: 'mae', data: { x: [1, 2], y: [10, 10] }, l2: 5 });
    expect(fit.value).toBeCloseTo(bf.value, 13);
  });
});

/**
 * The optimum refined in Decimal by Newton steps on the reference gradient,
 * its Hessian by central differences of that gradient: an independent
 * statement of where ∇L = 0.
 */
function referenceOptimum(spec: ReferenceSpec, w: number, b: number): { w: number; b: number } {
  let W: Dec = exact(w);
  let B: Dec = exact(b);
  for (let k = 0; k < 2; k++) {
    const g = referenceTotal(spec, W.toNumber(), B.toNumber(), 60);
    const h = 1e-7;
    const gw1 = referenceTotal(spec, W.toNumber() + h, B.toNumber(), 60);
    const gw0 = referenceTotal(spec, W.toNumber() - h, B.toNumber(), 60);
    const gb1 = referenceTotal(spec, W.toNumber(), B.toNumber() + h, 60);
    const gb0 = referenceTotal(spec, W.toNumber(), B.toNumber() - h, 60);
    const two = new D(2 * h);
    const hww = gw1.w.minus(gw0.w).div(two);
    const hbb = gb1.b.minus(gb0.b).div(two);
    const hwb = gw1.b.minus(gw0.b).div(two).plus(gb1.w.minus(gb0.w).div(two)).div(2);
    const det = hww.times(hbb).minus(hwb.times(hwb));
    W = W.minus(hbb.times(g.w).minus(hwb.times(g.b)).div(det));
    B = B.minus(hww.times(g.b).minus(hwb.times(g.w)).div(det));
  }
  return { w: W.toNumber(), b: B.toNumber() };
}

describe('smooth convex losses: Newton, verified', { timeout: 120_000 }, () => {
  it.each([
    ['huber', {}],
    ['smooth_l1', { beta: 0.5 }],
    ['pseudo_huber', {}],
    ['log_cosh', {}],
    ['general_robust', { alpha: 1.5 }],
    ['gaussian_nll', { var: 3 }],
    ['poisson_nll', {}],
    ['squared_hinge', {}],
    ['logistic', {}],
    ['exponential', {}],
    ['modified_huber', {}],
    ['bce_logits', {}],
    ['bce', {}],
    ['focal', { gamma: 0 }],
    ['focal_logits', { gamma: 0 }],
    ['poly1', { epsilon: 0.5 }],
  ] as const)('%s %o: the minimum, to 1e-9', (loss, params) => {
    const rand = generator(loss.length * 17);
    const x = Array.from({ length: 9 }, () => 4 * rand() - 2);
    const form =
      loss === 'poisson_nll'
        ? 'poisson'
        : ['huber', 'smooth_l1', 'pseudo_huber', 'log_cosh', 'general_robust', 'gaussian_nll'].includes(loss)
          ? 'residual'
          : 'label';
    const y =
      form === 'residual'
        ? x.map((xi) => 1.7 * xi + 0.5 + 2 * (rand() - 0.5))
        : form === 'poisson'
          ? x.map(() => Math.floor(5 * rand()))
          : x.map((xi) => (xi + 2 * (rand() - 0.5) > 0 ? 1 : 0));
    if (form === 'residual') y[0] = 30;
    const spec: ReferenceSpec = { loss, params, x, y, l2: 0.05 };
    const model: ModelSpec = { loss, params, data: { x, y }, l2: 0.05 };
    const fit = fitModel(model);
    expect(fit.global).toBe(true);
    expect(fit.unique).toBe(true);
    expect(fit.method).toMatch(/Newton/);
    const ref = referenceOptimum(spec, fit.w, fit.b);
    expect(Math.abs(fit.w - ref.w)).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(ref.w), 1));
    expect(Math.abs(fit.b - ref.b)).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(ref.b), 1));
    expect(fit.value).toBe(totalLoss(model, fit));
  });

  it('huber with every residual in the linear zone: a set of minimizers', () => {
    const fit = fitModel({ loss: 'huber', params: { delta: 0.1 }, data: { x: [0, 0], y: [0, 10] } });
    expect(fit.global).toBe(true);
    expect(fit.unique).toBe(false);
    expect(fit.value).toBeCloseTo((0.1 * (10 - 0.1)) / 2, 12);
  });

  it('soft labels at two values of x hold the line: a minimum although the hard labels separate', () => {
    const data = { x: [-1, 1, 1.5, 2], y: [0, 0.9, 0.3, 1] };
    const fit = fitModel({ loss: 'bce_logits', data });
    expect(fit.global).toBe(true);
    const g = totalGradient({ loss: 'bce_logits', data }, fit);
    expect(Math.abs(g.w) + Math.abs(g.b)).toBeLessThan(1e-12);
    // One soft label is not enough: it pins s at one x, and the hard labels on either side still separate.
    expect(() => fitModel({ loss: 'bce_logits', data: { x: [-1, 1, 2], y: [0, 0.9, 1] } })).toThrow(
      /separable/,
    );
  });
});

describe('no finite minimizer: a RangeError that says so', () => {
  it.each([
    ['logistic', { x: [0, 1, 2, 3], y: [0, 0, 1, 1] }, 0, /no finite minimizer/],
    ['logistic', { x: [0, 1, 1, 2], y: [0, 0, 1, 1] }, 0, /separable/], // weakly: two points share x = 1
    ['exponential', { x: [3, 1, 2], y: [0, 1, 1] }, 0, /separable/],
    ['bce', { x: [0, 1, 2], y: [1, 1, 1] }, 0.5, /b → \+∞.*ridge penalizes only w/],
    ['bce_logits', { x: [-1, 2], y: [1, 0] }, 0, /separable/],
    ['poisson_nll', { x: [0, 1, 2], y: [0, 0, 0] }, 1, /b → −∞/],
    ['poisson_nll', { x: [0, 1, 2], y: [0, 0, 1] }, 0, /separable/], // rate → 0 left of x = 2
    ['focal', { x: [0, 1, 2, 3], y: [0, 0, 1, 1] }, 0, /separable/],
    ['mse_prob', { x: [0, 1], y: [0, 1] }, 0, /separable/],
    ['poly1', { x: [0, 1], y: [1, 1] }, 0.1, /b → \+∞/],
  ] as const)('%s on %o (l2 %s)', (loss, data, l2, message) => {
    const f = () => fitModel({ loss, data, l2 });
    expect(f).toThrow(RangeError);
    expect(f).toThrow(message);
    expect(f).toThrow(new RegExp(loss));
  });

  it('overlapping classes, soft labels, or a ridge on two classes have one', () => {
    expect(fitModel({ loss: 'logistic', data: { x: [0, 1, 2, 3], y: [0, 1, 0, 1] } }).global).toBe(true);
    expect(fitModel({ loss: 'logistic', data: { x: [0, 1, 2, 3], y: [0, 0, 1, 1] }, l2: 0.1 }).global).toBe(
      true,
    );
    expect(fitModel({ loss: 'bce', data: { x: [0, 1, 2], y: [0.2, 0.5, 1] } }).global).toBe(true);
    expect(fitModel({ loss: 'poisson_nll', data: { x: [0, 1, 2], y: [0, 1, 0] } }).global).toBe(true);
    // Both classes at one x: a line of minimizers, but a minimum.
    expect(fitModel({ loss: 'logistic', data: { x: [1, 1], y: [0, 1] } })).toMatchObject({
      global: true,
      unique: false,
    });
  });
});

describe('non-convex losses: a local minimum from the start', () => {
  const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const y = [0.1, 1.1, 1.9, 3.2, 3.9, 5.1, 6.0, 7.1, 7.9, 40];

  it.each([
    ['tukey', {}],
    ['cauchy', {}],
    ['general_robust', { alpha: -2 }],
  ] as const)('%s ignores the outlier the least-squares start leans to', (loss, params) => {
    const model: ModelSpec = { loss, params, data: { x, y } };
    const fit = fitModel(model);
    expect(fit.global).toBe(false);
    expect(fit.method).toMatch(/local/);
    expect(fit.w).toBeCloseTo(1, 1);
    const g = totalGradient(model, fit);
    expect(Math.abs(g.w) + Math.abs(g.b)).toBeLessThan(1e-10);
    // A local minimum: nothing lower nearby.
    for (const [dw, db] of [
      [1e-4, 0],
      [-1e-4, 0],
      [0, 1e-3],
      [0, -1e-3],
      [1e-4, -1e-3],
    ] as const)
      expect(totalLoss(model, { w: fit.w + dw, b: fit.b + db })).toBeGreaterThanOrEqual(fit.value);
    expect(fit.unique).toBe(true);
  });

  it('starts where asked: tukey far from the data is flat, so it stays', () => {
    const fit = fitModel({ loss: 'tukey', data: { x, y } }, { start: { w: 50, b: 100 } });
    expect(fit).toMatchObject({ w: 50, b: 100, global: false, unique: false });
  });

  it('follows the convexity rules per hyperparameter', () => {
    const data = { x: [-2, -1, 0.5, 1, 2], y: [0, 1, 0, 1, 1] };
    expect(fitModel({ loss: 'focal', params: { gamma: 0 }, data }).global).toBe(true);
    expect(fitModel({ loss: 'focal', params: { gamma: 2 }, data }).global).toBe(false);
    expect(fitModel({ loss: 'poly1', params: { epsilon: 1 }, data }).global).toBe(true);
    expect(fitModel({ loss: 'poly1', params: { epsilon: 2 }, data }).global).toBe(false);
    expect(fitModel({ loss: 'general_robust', params: { alpha: 1 }, data: { x, y } }).global).toBe(true);
    expect(fitModel({ loss: 'general_robust', params: { alpha: 0.5 }, data: { x, y } }).global).toBe(false);
    expect(fitModel({ loss: 'mse_prob', data }).global).toBe(false);
    expect(fitModel({ loss: 'zero_one', data }).global).toBe(false);
  });

  it('a loss that is 0 for its parameters: every b is a minimizer', () => {
    const fit = fitModel({ loss: 'focal', params: { alpha: 0 }, data: { x: [0, 1], y: [0, 1] } });
    expect(fit).toMatchObject({ w: 0, b: 0, value: 0, global: true, unique: false });
  });
});
