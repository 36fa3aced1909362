import { describe, expect, it } from 'vitest';
import { evaluate, evaluateBatch, getLoss, gradient, losses, reduce, sweep } from '../src/index.js';

describe('evaluate and gradient', () => {
  it('computes the seeds worked example: MSE of ŷ = 4.2, y = 3.0', () => {
    const r = 4.2 - 3.0;
    expect(evaluate('mse', { r })).toBeCloseTo(1.44, 14);
    expect(gradient('mse', { r }).r).toBeCloseTo(2.4, 14);
  });

  it('takes defaults for omitted parameters', () => {
    expect(evaluate('huber', { r: 3 })).toBe(2.5);
    expect(evaluate('huber', { r: 3, delta: 2 })).toBe(4);
    expect(gradient('huber', { r: 3, delta: 2 })).toEqual({ r: 2, delta: 1 });
  });

  it('gives partials NaN where the value is infinite', () => {
    expect(evaluate('bce', { p: 0, y: 1 })).toBe(Number.POSITIVE_INFINITY);
    const g = gradient('bce', { p: 0, y: 1 });
    expect(g.p).toBeNaN();
    expect(g.y).toBeNaN();
  });

  it('follows 0·log 0 = 0', () => {
    expect(evaluate('bce', { p: 0, y: 0 })).toBe(0);
    expect(evaluate('bce', { p: 1, y: 1 })).toBe(0);
  });
});

describe('bad input', () => {
  it.each([
    [() => evaluate('nope', { r: 1 }), /unknown loss 'nope'/],
    [() => evaluate('huber', { r: 1, gamma: 2 }), /huber: unknown variable 'gamma'/],
    [() => evaluate('huber', {}), /huber: missing variable r/],
    [() => evaluate('huber', { r: Number.NaN }), /huber: r = NaN is outside its domain any finite real/],
    [() => evaluate('huber', { r: 1, delta: 0 }), /huber: delta = 0 is outside its domain \(0, ∞\)/],
    [() => evaluate('bce', { p: 1.5 }), /bce: p = 1.5 is outside its domain \[0, 1\]/],
    [() => evaluate('mse', { r: Number.POSITIVE_INFINITY }), /mse: r = Infinity/],
  ])('throws a RangeError naming the loss, variable and domain (%#)', (f, message) => {
    expect(f).toThrow(RangeError);
    expect(f).toThrow(message);
  });
});

describe('evaluateBatch', () => {
  it('matches evaluate at every point, with scalar broadcast, in f64 and f32', () => {
    const r = Float64Array.from({ length: 101 }, (_, i) => -5 + i / 10);
    const out = evaluateBatch('huber', { r, delta: 1.5 });
    const out32 = evaluateBatch('huber', { r, delta: 1.5 }, new Float32Array(r.length));
    r.forEach((ri, i) => {
      expect(out[i]).toBe(evaluate('huber', { r: ri, delta: 1.5 }));
      expect(out32[i]).toBe(Math.fround(evaluate('huber', { r: ri, delta: 1.5 })));
    });
  });

  it('computes partials', () => {
    const out = evaluateBatch('huber', { r: [0.5, 2], delta: [1, 1] }, undefined, {
      output: { partial: 'delta' },
    });
    expect([...out]).toEqual([0, 1]);
  });

  it('validates every element before running', () => {
    expect(() => evaluateBatch('huber', { r: [1, 2], delta: [1, -1] })).toThrow(/delta = -1/);
    expect(() => evaluateBatch('huber', { r: [1, 2], delta: [1] })).toThrow(/length/);
  });
});

describe('sweep', () => {
  it('evaluates the grid with exact endpoints and reports stats', () => {
    const result = sweep({
      loss: 'huber',
      x: { variable: 'r', min: -2, max: 2, size: 5 },
      y: { variable: 'delta', min: 0.5, max: 2, size: 3, scale: 'log' },
    });
    expect([...result.x.coords]).toEqual([-2, -1, 0, 1, 2]);
    expect(result.y.coords[0]).toBe(0.5);
    expect(result.y.coords[1]).toBeCloseTo(1, 14);
    expect(result.y.coords[2]).toBe(2);
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < 5; i++) {
        expect(result.data[j * 5 + i]).toBe(
          evaluate('huber', { r: result.x.coords[i]!, delta: result.y.coords[j]! }),
        );
      }
    }
    expect(result.min).toBe(0);
    expect(result.max).toBe(2);
    expect(result.posInfCount).toBe(0);
  });

  it('counts infinities', () => {
    const result = sweep({
      loss: 'bce',
      x: { variable: 'p', min: 0, max: 1, size: 11 },
      y: { variable: 'y', min: 0, max: 1, size: 3 },
    });
    // p = 0 with y > 0 and p = 1 with y < 1 are infinite: 2 + 2 of 33.
    expect(result.posInfCount).toBe(4);
    expect(result.finiteCount).toBe(29);
  });

  it('computes finite coordinates across the whole double range (max − min overflows)', () => {
    const result = sweep({
      loss: 'huber',
      x: { variable: 'r', min: -1e308, max: 1e308, size: 5 },
      y: { variable: 'delta', min: 1, max: Number.MAX_VALUE, size: 3 },
    });
    expect(Array.from(result.x.coords)).toEqual([-1e308, -5e307, 0, 5e307, 1e308]);
    expect(Array.from(result.y.coords)).toEqual([1, Number.MAX_VALUE / 2 + 0.5, Number.MAX_VALUE]);
    for (const c of [...result.x.coords, ...result.y.coords]) expect(Number.isFinite(c)).toBe(true);
    expect(result.nanCount).toBe(0);
    // Huber's value at r = ±1e308 is finite (|r| − ½ at δ = 1), and at δ ≥ |r| it is ½r², +∞.
    expect(result.data[0]).toBe(1e308 - 0.5);
    expect(result.posInfCount).toBeGreaterThan(0);
  });

  it.each([
    [{ x: { variable: 'r', min: -1, max: 1, size: 0 } }, /size must be an integer/],
    [{ x: { variable: 'r', min: 1, max: -1, size: 4 } }, /min 1 > max -1/],
    [{ y: { variable: 'delta', min: 0, max: 1, size: 4 } }, /delta = 0 is outside its domain/],
    [{ y: { variable: 'r', min: -1, max: 1, size: 4 } }, /both sweep axes are r/],
    [
      {
        x: { variable: 'r', min: -1, max: 1, size: 16384 },
        y: { variable: 'delta', min: 1, max: 2, size: 16384 },
      },
      /exceeds the limit/,
    ],
  ])('rejects a bad spec before any work (%#)', (patch, message) => {
    const spec = {
      loss: 'huber',
      x: { variable: 'r', min: -1, max: 1, size: 4 },
      y: { variable: 'delta', min: 0.5, max: 1, size: 4 },
      ...patch,
    };
    expect(() => sweep(spec)).toThrow(RangeError);
    expect(() => sweep(spec)).toThrow(message);
  });
});

describe('reduce', () => {
  it('follows PyTorch: weighted mean divides by N', () => {
    expect(reduce([1, 2, 3], 'mean')).toBe(2);
    expect(reduce([1, 2, 3], 'sum')).toBe(6);
    expect(reduce([1, 2, 3], 'mean', [1, 0, 1])).toBeCloseTo(4 / 3, 15);
    expect([...(reduce([1, 2], 'none', [2, 3]) as Float64Array)]).toEqual([2, 6]);
  });
});

describe('catalog', () => {
  it('looks losses up by id', () => {
    expect(getLoss('huber').name).toBe('Huber');
    expect(losses.map((l) => l.id)).toContain('softmax_ce');
  });
});
