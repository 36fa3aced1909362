/**
 * totalLoss, totalGradient and landscape against high-precision references
 * (reference.ts): every loss with a model form on random data, composites at
 * s = ±800, ill-conditioned residuals, weights with zeros, overflow, and the
 * catalog's kink conventions per term.
 */
import { describe, expect, it } from 'vitest';
import {
  axisCoordinates,
  customLoss,
  ex,
  getLoss,
  type LossDef,
  landscape,
  landscapeRows,
  type ModelSpec,
  modelLossIds,
  modelVariables,
  resolveLandscape,
  totalGradient,
  totalLoss,
} from '../../src/index.js';
import { type Dec, toDouble } from '../reference/decimal.js';
import { contractForms, type ReferenceSpec, referenceTotal } from './reference.js';

const U = Number.EPSILON / 2;

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

/** Labels for a form: any real (residual), counts (poisson), 0/1 or soft labels in [0, 1]. */
function labels(id: string, x: readonly number[], rand: () => number, soft: boolean): number[] {
  const form = contractForms[id];
  if (form === 'residual') return x.map((xi) => 1.3 * xi - 0.4 + 3 * (rand() - 0.5));
  if (form === 'poisson') return x.map(() => Math.floor(4 * rand()));
  const hard = x.map((xi) => (xi + rand() - 0.5 > 0 ? 1 : 0));
  if (soft && (form === 'logit' || form === 'probability'))
    return hard.map((h) => (rand() < 0.5 ? h : rand()));
  return hard;
}

function toSpec(spec: ReferenceSpec): ModelSpec {
  return {
    loss: spec.loss,
    data: { x: spec.x, y: spec.y, ...(spec.weight ? { weight: spec.weight } : {}) },
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.reduction ? { reduction: spec.reduction } : {}),
    ...(spec.l2 !== undefined ? { l2: spec.l2 } : {}),
  };
}

/** |got − ref| within rel·|ref| + 16u·S (S: the total's sensitivity to rounding its inputs). */
function expectClose(got: number, ref: Dec, rel: number, sensitivity: number, what: string): void {
  const expected = toDouble(ref);
  if (!Number.isFinite(expected)) {
    expect(got, what).toBe(expected);
    return;
  }
  const error = Math.abs(got - expected);
  const bound = rel * Math.abs(expected) + 16 * U * sensitivity + 1e-300;
  expect(error, `${what}: got ${got}, expected ${expected}`).toBeLessThanOrEqual(bound);
}

function check(spec: ReferenceSpec, w: number, b: number, digits = 120, curvature = false): void {
  const model = toSpec(spec);
  const ref = referenceTotal(spec, w, b, digits, curvature);
  const value = totalLoss(model, { w, b });
  const grad = totalGradient(model, { w, b });
  const at = `${spec.loss} at (${w}, ${b})`;
  expectClose(value, ref.value, 1e-12, ref.sensitivity.value, `${at} value`);
  expectClose(grad.w, ref.w, 1e-9, ref.sensitivity.w, `${at} ∂w`);
  expectClose(grad.b, ref.b, 1e-9, ref.sensitivity.b, `${at} ∂b`);
}

describe('totals against decimal references', { timeout: 120_000 }, () => {
  it.each(modelLossIds)('%s on random data, mean and sum, weights, ridge', (id) => {
    const rand = generator(id.length * 131 + id.charCodeAt(0));
    const x = Array.from({ length: 11 }, () => 6 * rand() - 3);
    const y = labels(id, x, rand, true);
    const weight = x.map((_, i) => (i % 4 === 0 ? 0 : 0.25 + 2 * rand()));
    const points = [
      [0.7, -0.3],
      [-1.9, 1.4],
      [2.6, 0.05],
    ] as const;
    for (const [w, b] of points) {
      check({ loss: id, x, y }, w, b);
      check({ loss: id, x, y, weight, reduction: 'sum', l2: 0.37 }, w, b);
    }
  });

  it.each([
    'huber',
    'quantile',
    'general_robust',
    'focal',
    'focal_logits',
    'poly1',
    'tukey',
    'epsilon_insensitive',
  ])('%s with other hyperparameters', (id) => {
    const params: Record<string, Record<string, number>> = {
      huber: { delta: 0.3 },
      quantile: { tau: 0.9 },
      general_robust: { alpha: -2.5, c: 0.7 },
      focal: { gamma: 0.5, alpha: 0.8 },
      focal_logits: { gamma: 3, alpha: 0.1 },
      poly1: { epsilon: -1 },
      tukey: { c: 1.2 },
      epsilon_insensitive: { epsilon: 0.8 },
    };
    const rand = generator(99 + id.length);
    const x = Array.from({ length: 9 }, () => 4 * rand() - 2);
    const y = labels(id, x, rand, false);
    check({ loss: id, x, y, params: params[id]! }, 1.1, -0.2);
    check({ loss: id, x, y, params: params[id]! }, -0.6, 0.9);
  });
});

describe('composites stay exact far out', { timeout: 120_000 }, () => {
  // s = ±800, ±700, ±40 on both labels. Through σ (bce, mse_prob, focal, poly1) the literal
  // reference needs 400 digits to hold 1 − σ(800) ≈ 1e-348; the others' references are stable.
  const x = [1, -1, 0.875, -0.05];
  const y = [0, 1, 1, 0];
  const digits = (id: string): number => (['probability', 'p_t'].includes(contractForms[id]!) ? 400 : 120);
  it.each(['bce', 'bce_logits', 'focal', 'focal_logits', 'poly1', 'mse_prob', 'logistic'])(
    '%s at |s| up to 800',
    (id) => {
      for (const [w, b] of [
        [800, 0],
        [0, 800],
        [0, -800],
        [-40, 3],
      ] as const) {
        check({ loss: id, x, y }, w, b, digits(id));
        check({ loss: id, x: [1, 1], y: [0, 1] }, w, b, digits(id));
      }
    },
  );

  it.each(['exponential', 'poisson_nll'])(
    '%s: terms beyond the double range are +Infinity, the rest exact',
    (id) => {
      // Every term on one side: e^800 overflows, e^-800 does not.
      const data = id === 'poisson_nll' ? { x: [1, 0.5], y: [0, 2] } : { x: [1, 0.5], y: [1, 1] };
      check({ loss: id, ...data }, 0, id === 'poisson_nll' ? 800 : -800);
      check({ loss: id, ...data }, 0, id === 'poisson_nll' ? -800 : 800);
      check({ loss: id, ...data }, 700, 0);
    },
  );

  it('bce with y = 0 at s = 800 is 800 (softplus), never +Infinity', () => {
    expect(totalLoss({ loss: 'bce', data: { x: [1], y: [0] } }, { w: 800, b: 0 })).toBe(800);
    expect(totalLoss({ loss: 'bce', data: { x: [1], y: [1] } }, { w: -800, b: 0 })).toBe(800);
    expect(totalGradient({ loss: 'bce', data: { x: [1], y: [0] } }, { w: 800, b: 0 })).toEqual({
      w: 1,
      b: 1,
    });
  });

  it('focal at s = 40 keeps its ~1e-53 value instead of the pt = 1 branch', () => {
    const value = totalLoss({ loss: 'focal', data: { x: [1], y: [1] } }, { w: 40, b: 0 });
    expect(value).toBeGreaterThan(1e-54);
    expect(value).toBeLessThan(1e-52);
  });
});

describe('ill-conditioned totals (x ~ 1e6, y ~ 1e8)', { timeout: 120_000 }, () => {
  it.each(['mse', 'huber', 'log_cosh', 'pseudo_huber', 'cauchy', 'mae', 'quantile'])(
    '%s within a small multiple of u·S',
    (id) => {
      const rand = generator(7 + id.length);
      const x = Array.from({ length: 10 }, () => 1e6 + 1000 * rand());
      const y = x.map((xi) => 100 * xi + 3 * (rand() - 0.5));
      check({ loss: id, x, y }, 100, 0.25, 120, true);
      check({ loss: id, x, y }, 100.000001, -17, 120, true);
    },
  );
});

describe('weights, reductions, ridge', () => {
  it('zero-weight points are left out (even where their term overflows), but counted by the mean', () => {
    const data = { x: [1, 2, 3, 1000], y: [1, 0, 2, 0], weight: [1, 2, 0.5, 0] };
    const kept = { x: [1, 2, 3], y: [1, 0, 2], weight: [1, 2, 0.5] };
    const at = { w: 1, b: 0 };
    const sum = totalLoss({ loss: 'poisson_nll', data, reduction: 'sum' }, at);
    expect(Number.isFinite(sum)).toBe(true);
    expect(sum).toBe(totalLoss({ loss: 'poisson_nll', data: kept, reduction: 'sum' }, at));
    expect(totalLoss({ loss: 'poisson_nll', data }, at)).toBe(sum / 4);
    expect(totalGradient({ loss: 'poisson_nll', data }, at).w).toBe(
      totalGradient({ loss: 'poisson_nll', data: kept, reduction: 'sum' }, at).w / 4,
    );
  });

  it('adds ½·l2·w² to the value and l2·w to ∂w only', () => {
    const data = { x: [0.5, -1, 2], y: [1, 2, -1] };
    const at = { w: 1.5, b: -0.5 };
    const plain = totalLoss({ loss: 'huber', data }, at);
    const ridged = totalLoss({ loss: 'huber', data, l2: 0.8 }, at);
    expect(ridged).toBeCloseTo(plain + 0.5 * 0.8 * 1.5 * 1.5, 14);
    const g0 = totalGradient({ loss: 'huber', data }, at);
    const g1 = totalGradient({ loss: 'huber', data, l2: 0.8 }, at);
    expect(g1.w).toBeCloseTo(g0.w + 0.8 * 1.5, 14);
    expect(g1.b).toBe(g0.b);
  });
});

describe('beyond the double range', { timeout: 120_000 }, () => {
  it('a total beyond range is +Infinity with finite partials where finite', () => {
    const model = { loss: 'mse', data: { x: [0, 0], y: [-1e200, 3] } };
    expect(totalLoss(model, { w: 1, b: 0 })).toBe(Number.POSITIVE_INFINITY);
    const g = totalGradient(model, { w: 1, b: 0 });
    expect(g.w).toBe(0);
    check({ loss: 'mse', x: [0, 0], y: [-1e200, 3] }, 1, 0, 500);
    // ∂b = mean of 2r: 1e200 − 3, finite.
    expect(g.b).toBeCloseTo(1e200, -190);
  });

  it('a finite partial that overflows is ±Infinity, never NaN', () => {
    const g = totalGradient({ loss: 'mse', data: { x: [1e200], y: [0] } }, { w: 1, b: 0 });
    expect(g.w).toBe(Number.POSITIVE_INFINITY);
    expect(g.b).toBe(2e200);
  });

  it('poisson past s = 710 at x = 0: L = ∞, ∂L/∂w exactly 0 (the term does not depend on w)', () => {
    const g = totalGradient({ loss: 'poisson_nll', data: { x: [0], y: [1] } }, { w: 3, b: 800 });
    expect(g.w).toBe(0);
    expect(g.b).toBe(Number.POSITIVE_INFINITY);
  });

  it('a mean of finite terms whose sum overflows stays finite', () => {
    const spec = { loss: 'mse', x: [1.2e154, 1.3e154], y: [0, 0] };
    expect(totalLoss(toSpec(spec), { w: 1, b: 0 })).toBeLessThan(Number.POSITIVE_INFINITY);
    check(spec, 1, 0);
  });
});

describe('kink conventions per term', () => {
  it('a term at its kink contributes the catalog partial: 0 for mae, quantile, ε-insensitive, hinge', () => {
    // Every point on r = 0 (or |r| = ε, or m = 1) at (w, b) = (2, 1).
    const x = [0, 1, 2];
    const g = (loss: string, y: number[], params = {}) =>
      totalGradient({ loss, params, data: { x, y } }, { w: 2, b: 1 });
    expect(g('mae', [1, 3, 5])).toEqual({ w: 0, b: 0 });
    expect(g('quantile', [1, 3, 5], { tau: 0.9 })).toEqual({ w: 0, b: 0 });
    expect(g('epsilon_insensitive', [0.5, 2.5, 4.5], { epsilon: 0.5 })).toEqual({ w: 0, b: 0 });
    // hinge: m = 1 for y = 1 needs s = 1: x = [0], b = 1.
    expect(totalGradient({ loss: 'hinge', data: { x: [0, 0], y: [1, 1] } }, { w: 5, b: 1 })).toEqual({
      w: 0,
      b: 0,
    });
  });
});

describe('landscape', () => {
  const data = { x: [-1, 0.5, 2, 3.5], y: [-2, 0.8, 3.9, 25] };
  const spec = {
    loss: 'huber',
    data,
    w: { min: -1, max: 4, size: 7 },
    b: { min: -2, max: 2, size: 5 },
  } as const;

  it('has the shape of a sweep: data[j·nw + i] at (w[i], b[j]), axes w and b', () => {
    const grid = landscape(spec);
    expect(grid.data.length).toBe(35);
    expect(grid.x.variable).toBe('w');
    expect(grid.y.variable).toBe('b');
    expect([...grid.x.coords]).toEqual([
      ...axisCoordinates({ ...spec.w, variable: 'w', scale: 'linear' }).coords,
    ]);
    for (let j = 0; j < 5; j++)
      for (let i = 0; i < 7; i++) {
        const at = { w: grid.x.coords[i]!, b: grid.y.coords[j]! };
        // The same arithmetic: bit for bit.
        expect(grid.data[j * 7 + i]).toBe(totalLoss({ loss: 'huber', data }, at));
      }
    const values = [...grid.data];
    expect(grid.min).toBe(Math.min(...values));
    expect(grid.max).toBe(Math.max(...values));
    expect(grid.finiteCount).toBe(35);
    expect(grid.posInfCount + grid.negInfCount + grid.nanCount).toBe(0);
    expect(grid.spec.x.variable).toBe('w');
    expect(grid.spec.fixed).toEqual([{ name: 'delta', value: 1 }]);
  });

  it('partial outputs equal totalGradient bit for bit', () => {
    const gw = landscape({ ...spec, output: { partial: 'w' } });
    const gb = landscape({ ...spec, output: { partial: 'b' } });
    for (let j = 0; j < 5; j++)
      for (let i = 0; i < 7; i++) {
        const g = totalGradient({ loss: 'huber', data }, { w: gw.x.coords[i]!, b: gw.y.coords[j]! });
        expect(gw.data[j * 7 + i]).toBe(g.w);
        expect(gb.data[j * 7 + i]).toBe(g.b);
      }
  });

  it('landscapeRows fills any row range, as workers do', () => {
    const full = landscape(spec).data;
    const resolved = resolveLandscape(spec);
    const ws = axisCoordinates(resolved.sweep.x).coords;
    const bs = axisCoordinates(resolved.sweep.y).coords;
    const top = new Float64Array(2 * 7);
    const bottom = new Float64Array(3 * 7);
    landscapeRows(resolved, ws, bs, top, 0, 2);
    landscapeRows(resolved, ws, bs, bottom, 2, 5);
    expect([...top, ...bottom]).toEqual([...full]);
  });

  it('log axes, Float32Array output, and ±Infinity cells counted', () => {
    const grid = landscape(
      {
        loss: 'exponential',
        data: { x: [1, -1], y: [1, 0] },
        w: { min: 1, max: 1000, size: 4, scale: 'log' },
        b: { min: -800, max: 0, size: 3 },
      },
      { out: new Float32Array(12) },
    );
    expect(grid.data).toBeInstanceOf(Float32Array);
    expect(grid.x.coords[1]).toBeCloseTo(10, 12);
    expect(grid.posInfCount).toBeGreaterThan(0);
    expect(grid.nanCount).toBe(0);
  });
});

describe('user definitions', () => {
  const data = { x: [0, 1, 2, 3], y: [1, -1, 4, 0] };
  const at = { w: 0.5, b: 0.25 };

  it('a user loss with a form is its own loss: its slots take its own variable names', () => {
    const variables = [{ name: 'u', role: 'data', domain: 'real', range: [-3, 3] }] as const;
    const mine = customLoss({ id: 'my_l1', formula: 'abs(u)', variables: [...variables], form: 'residual' });
    expect(totalLoss({ loss: mine, data }, at)).toBe(totalLoss({ loss: 'mae', data }, at));
    expect(totalGradient({ loss: mine, data }, at)).toEqual(totalGradient({ loss: 'mae', data }, at));
    // The same id with a new formula is a new loss: kernels are cached per definition object.
    const squared = customLoss({ id: 'my_l1', formula: 'u^2', variables: [...variables], form: 'residual' });
    expect(totalLoss({ loss: squared, data }, at)).toBe(totalLoss({ loss: 'mse', data }, at));
    expect(totalLoss({ loss: mine, data }, at)).toBe(totalLoss({ loss: 'mae', data }, at));
  });

  it('a re-typed bce_logits in the logit form gives the catalog landscape, labels checked against its domain', () => {
    const mine = customLoss({
      id: 'my_bce',
      formula: 'if(t >= 0, softplus(-t) + (1 - lab)*t, softplus(t) - lab*t)',
      variables: [
        { name: 't', role: 'data', domain: 'real', range: [-6, 6] },
        { name: 'lab', role: 'data', domain: '[0, 1]', range: [0, 1] },
      ],
      form: 'logit',
    });
    const labels = { x: [-2, 0.5, 3, 800], y: [0, 1, 0.25, 0] };
    const axes = { w: { min: -2, max: 2, size: 5 }, b: { min: -1, max: 1, size: 3 } };
    expect(landscape({ loss: mine, data: labels, ...axes }).data).toEqual(
      landscape({ loss: 'bce_logits', data: labels, ...axes }).data,
    );
    expect(() => totalLoss({ loss: mine, data: { x: [0], y: [2] } }, at)).toThrow(/column y.*index 0/);
  });

  it('a user loss without a form, or a hand-made copy of a definition, is refused', () => {
    const formless = customLoss({
      id: 'my_sq',
      formula: 'u^2',
      variables: [{ name: 'u', role: 'data', domain: 'real', range: [-3, 3] }],
    });
    expect(() => totalLoss({ loss: formless, data }, at)).toThrow(/my_sq: has no model form/);
    const clone = { ...getLoss('mse'), expr: ex.abs(ex.v('r')) } as LossDef;
    expect(() => totalLoss({ loss: clone, data }, at)).toThrow(RangeError);
  });

  it('names the model variables apart from every loss variable', () => {
    expect(modelVariables).toEqual({ w: '_w', b: '_b', x: '_x', y: '_y' });
  });
});
