/**
 * optimize: each method against an independent implementation of PyTorch's
 * update rule, step by step (Adam the way torch.optim.Adam computes it:
 * step size lr/(1 − β₁ᵗ), denominator √s/√(1 − β₂ᵗ) + ε), divergence, and
 * option checking.
 */
import { describe, expect, it } from 'vitest';
import { type ModelSpec, optimize, totalGradient, totalLoss } from '../../src/index.js';

const model: ModelSpec = {
  loss: 'huber',
  data: { x: [-2, -1, 0, 1, 2, 3], y: [-3.1, -0.9, 1.2, 2.8, 5.1, 30] },
  l2: 0.01,
};
const start = { w: -1, b: 4 };

type Step = (g: { w: number; b: number }, t: number, p: { w: number; b: number }) => { w: number; b: number };

/** SGD(momentum=μ, nesterov) and Adam as torch.optim writes them, per coordinate. */
function torchLike(method: string, lr: number, mu = 0.9, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): Step {
  const buf: Record<'w' | 'b', number | undefined> = { w: undefined, b: undefined };
  const m = { w: 0, b: 0 };
  const v = { w: 0, b: 0 };
  return (g, t, p) => {
    const next = { ...p };
    for (const k of ['w', 'b'] as const) {
      let d = g[k];
      if (method === 'momentum' || method === 'nesterov') {
        // torch: buf = clone(grad) at the first step, then buf·μ + grad.
        buf[k] = buf[k] === undefined ? d : buf[k]! * mu + d;
        d = method === 'nesterov' ? d + mu * buf[k]! : buf[k]!;
        next[k] = p[k] - lr * d;
      } else if (method === 'adam') {
        m[k] = beta1 * m[k] + (1 - beta1) * d;
        v[k] = beta2 * v[k] + (1 - beta2) * d * d;
        const stepSize = lr / (1 - beta1 ** t);
        const denom = Math.sqrt(v[k]) / Math.sqrt(1 - beta2 ** t) + eps;
        next[k] = p[k] - (stepSize * m[k]) / denom;
      } else next[k] = p[k] - lr * d;
    }
    return next;
  };
}

describe('optimize', () => {
  it.each([
    ['gd', { lr: 0.05 }],
    ['momentum', { lr: 0.02 }],
    ['momentum', { lr: 0.02, momentum: 0.5 }],
    ['nesterov', { lr: 0.02 }],
    ['adam', { lr: 0.1 }],
    ['adam', { lr: 0.05, beta1: 0.5, beta2: 0.9, eps: 1e-6 }],
  ] as const)('%s %o follows PyTorch step by step', (method, opts) => {
    const steps = 200;
    const run = optimize(model, { method, steps, start, ...opts });
    expect(run.w.length).toBe(steps + 1);
    expect(run.diverged).toBe(false);
    const step = torchLike(
      method,
      opts.lr,
      'momentum' in opts ? opts.momentum : 0.9,
      'beta1' in opts ? opts.beta1 : 0.9,
      'beta2' in opts ? opts.beta2 : 0.999,
      'eps' in opts ? opts.eps : 1e-8,
    );
    let p = { ...start };
    for (let t = 1; t <= steps; t++) {
      // From the library's own point, so a rounding difference cannot compound.
      const here = { w: run.w[t - 1]!, b: run.b[t - 1]! };
      const expected = step(totalGradient(model, here), t, here);
      const tol = method === 'adam' ? 1e-14 : 0;
      expect(Math.abs(run.w[t]! - expected.w)).toBeLessThanOrEqual(tol * Math.abs(expected.w));
      expect(Math.abs(run.b[t]! - expected.b)).toBeLessThanOrEqual(tol * Math.abs(expected.b));
      p = expected;
    }
    if (method !== 'adam') {
      // The whole path, run independently: the same arithmetic, so the same doubles. (Adam's two
      // spellings differ by an ulp per step, which its sign-driven steps near the minimum amplify.)
      const free = torchLike(method, opts.lr, 'momentum' in opts ? opts.momentum : 0.9);
      p = { ...start };
      for (let t = 1; t <= steps; t++) p = free(totalGradient(model, p), t, p);
      expect(run.w[steps]).toBe(p.w);
      expect(run.b[steps]).toBe(p.b);
    }
    // Values are totalLoss's, bit for bit, and the start is kept.
    expect(run.w[0]).toBe(start.w);
    expect(run.b[0]).toBe(start.b);
    for (const t of [0, 1, 57, steps])
      expect(run.value[t]).toBe(totalLoss(model, { w: run.w[t]!, b: run.b[t]! }));
  });

  it('gd on mse converges to the least-squares line', () => {
    const data = { x: [0, 1, 2, 3], y: [1, 3, 5, 7] };
    const run = optimize(
      { loss: 'mse', data },
      { method: 'gd', lr: 0.1, steps: 2000, start: { w: 0, b: 0 } },
    );
    expect(run.w[2000]).toBeCloseTo(2, 10);
    expect(run.b[2000]).toBeCloseTo(1, 10);
  });

  it('stops at the first non-finite step, leaves it out, and says diverged', () => {
    // lr far beyond 2/λ_max: |w| grows ~40× a step until w² overflows.
    const run = optimize(
      { loss: 'mse', data: { x: [1, 2, 3], y: [1, 0, 2] } },
      { method: 'gd', lr: 5, steps: 1000, start: { w: 1, b: 0 } },
    );
    expect(run.diverged).toBe(true);
    expect(run.w.length).toBeGreaterThan(50);
    expect(run.w.length).toBeLessThan(1001);
    expect(run.w.length).toBe(run.b.length);
    expect(run.w.length).toBe(run.value.length);
    for (let k = 0; k < run.w.length; k++) {
      expect(Number.isFinite(run.w[k]!)).toBe(true);
      expect(Number.isFinite(run.b[k]!)).toBe(true);
      expect(Number.isFinite(run.value[k]!)).toBe(true);
    }
  });

  it.each([
    [{ method: 'sgd' }, /unknown optimizer method 'sgd'/],
    [{ lr: 0 }, /lr = 0 must be a finite number > 0/],
    [{ lr: Number.NaN }, /lr = NaN/],
    [{ lr: Number.POSITIVE_INFINITY }, /lr = Infinity/],
    [{ steps: 0 }, /steps = 0 must be an integer in \[1, 100000\]/],
    [{ steps: 100_001 }, /steps = 100001/],
    [{ steps: 2.5 }, /steps = 2.5/],
    [{ momentum: 1 }, /momentum = 1 is outside its domain \[0, 1\)/],
    [{ momentum: -0.1 }, /momentum = -0.1/],
    [{ beta1: 1 }, /beta1 = 1/],
    [{ beta2: Number.NaN }, /beta2 = NaN/],
    [{ eps: 0 }, /eps = 0 must be a finite number > 0/],
    [{ start: { w: Number.NaN, b: 0 } }, /start w = NaN is not a finite number/],
    [{ start: { w: 0, b: Number.POSITIVE_INFINITY } }, /start b = Infinity/],
  ] as const)('rejects %o', (bad, message) => {
    const options = { method: 'adam', lr: 0.1, steps: 10, start, ...bad } as never;
    expect(() => optimize(model, options)).toThrow(RangeError);
    expect(() => optimize(model, options)).toThrow(message);
    expect(() => optimize(model, options)).toThrow(/huber/);
  });
});
