/** Every API that takes a loss id takes a definition, with the catalog's rules for bad input and undefined values. */
import { describe, expect, it } from 'vitest';
import {
  customLoss,
  evaluate,
  evaluateBatch,
  explainUndefined,
  getLoss,
  gradient,
  resolveLoss,
  resolveSweep,
  sweep,
  sweepKernelSource,
  UndefinedValueError,
} from '../../src/index.js';

const real = (name: string, range: [number, number] = [-5, 5]) =>
  ({ name, role: 'data', domain: 'real', range }) as const;

const myCauchy = customLoss({
  id: 'my_cauchy',
  name: 'My Cauchy',
  formula: '0.5 * c^2 * log(1 + (r/c)^2)',
  variables: [
    real('r'),
    { name: 'c', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.1, 10], scale: 'log' },
  ],
  form: 'residual',
});

describe("the issue's example", () => {
  it('evaluates, differentiates and sweeps a definition like a catalog id', () => {
    expect(evaluate(myCauchy, { r: 2 })).toBeCloseTo(0.5 * Math.log(5), 15);
    const g = gradient(myCauchy, { r: 2, c: 3 });
    // ∂r = r/(1 + (r/c)²), ∂c = c·log(1 + (r/c)²) − r²/(c(1 + (r/c)²))
    expect(g.r).toBeCloseTo(2 / (1 + 4 / 9), 14);
    expect(g.c).toBeCloseTo(3 * Math.log(1 + 4 / 9) - 4 / (3 * (1 + 4 / 9)), 14);
    const s = sweep({
      loss: myCauchy,
      x: { variable: 'r', min: -5, max: 5, size: 11 },
      y: { variable: 'c', min: 0.1, max: 10, size: 5, scale: 'log' },
    });
    expect(s.spec.loss).toBe(myCauchy);
    expect(s.data[5]).toBe(0); // r = 0
    expect(s.data[5 * 0 + 10]).toBeCloseTo(evaluate(myCauchy, { r: 5, c: 0.1 }), 12);
    expect(s.nanCount).toBe(0);
    const batch = evaluateBatch(myCauchy, { r: [0, 1, 2], c: 3 }, undefined, { output: { partial: 'r' } });
    expect(batch[2]).toBe(g.r);
  });

  it('takes catalog definitions too (getLoss), and resolves ids and definitions through one function', () => {
    expect(evaluate(getLoss('huber'), { r: 3 })).toBe(2.5);
    expect(resolveLoss('huber')).toBe(getLoss('huber'));
    expect(resolveLoss(myCauchy)).toBe(myCauchy);
    expect(
      resolveSweep({
        loss: myCauchy,
        x: { variable: 'r', min: 0, max: 1, size: 2 },
        y: { variable: 'c', min: 1, max: 2, size: 2 },
      }).loss,
    ).toBe(myCauchy);
  });

  it('refuses look-alike definitions: a structured clone, a literal, anything else', () => {
    const clone = structuredClone({ ...myCauchy, properties: null });
    expect(() => evaluate(clone as never, { r: 1 })).toThrow(
      /loss 'my_cauchy' is not a definition made by customLoss or defineLoss .*rebuild it with customLoss\(def.source.spec\)/,
    );
    expect(() => evaluate({ id: 'mse', expr: getLoss('mse').expr } as never, { r: 1 })).toThrow(RangeError);
    expect(() => evaluate(42 as never, { r: 1 })).toThrow(
      /a loss must be a catalog id or a definition, got number/,
    );
    expect(() => evaluate(null as never, { r: 1 })).toThrow(RangeError);
    expect(() =>
      sweep({
        loss: clone as never,
        x: { variable: 'r', min: 0, max: 1, size: 2 },
        y: { variable: 'c', min: 1, max: 2, size: 2 },
      }),
    ).toThrow(RangeError);
  });

  it("checks inputs with the catalog's messages", () => {
    expect(() => evaluate(myCauchy, { r: 1, c: 0 })).toThrow(
      /my_cauchy: c = 0 is outside its domain \(0, ∞\)/,
    );
    expect(() => evaluate(myCauchy, {})).toThrow(/my_cauchy: missing variable r/);
    expect(() => evaluate(myCauchy, { r: 1, k: 2 })).toThrow(
      /my_cauchy: unknown variable 'k'; its variables are r, c/,
    );
    expect(() => evaluate(myCauchy, JSON.parse('{"r": 1, "__proto__": {"c": 5}}'))).toThrow(
      /unknown variable '__proto__'/,
    );
  });
});

describe('definitions with the same id', () => {
  it('keep their own kernels: caches key by the definition, not the id', () => {
    const squared = customLoss({ id: 'mine', formula: 'r^2', variables: [real('r')] });
    const absolute = customLoss({ id: 'mine', formula: 'abs(r)', variables: [real('r')] });
    expect(evaluate(squared, { r: -3 })).toBe(9);
    expect(evaluate(absolute, { r: -3 })).toBe(3);
    expect(gradient(squared, { r: -3 }).r).toBe(-6);
    expect(gradient(absolute, { r: -3 }).r).toBe(-1);
    expect([...evaluateBatch(squared, { r: [1, -2] })]).toEqual([1, 4]);
    expect([...evaluateBatch(absolute, { r: [1, -2] })]).toEqual([1, 2]);
    const two = (formula: string) => customLoss({ id: 'mine2', formula, variables: [real('r'), real('s')] });
    const a = two('r*s');
    const b = two('r + s');
    const spec = {
      x: { variable: 'r', min: 1, max: 2, size: 2 },
      y: { variable: 's', min: 3, max: 4, size: 2 },
    };
    expect([...sweep({ loss: a, ...spec }).data]).toEqual([3, 6, 4, 8]);
    expect([...sweep({ loss: b, ...spec }).data]).toEqual([4, 5, 5, 6]);
  });
});

describe('safe by construction', () => {
  it('never prints a variable name into generated code: variables are slots', () => {
    const mine = customLoss({
      id: 'slots',
      formula: 'zebra_one * giraffe + zebra_one^2',
      variables: [
        real('zebra_one'),
        { name: 'giraffe', role: 'hyperparameter', default: 1, domain: 'real', range: [0, 1] },
      ],
    });
    const source = sweepKernelSource(mine, { partial: 'giraffe' }, 'zebra_one', 'giraffe');
    expect(source).not.toMatch(/zebra|giraffe/);
    expect(source).toMatch(/\bv0\b/);
    expect(source).toMatch(/\bv1\b/);
  });
});

describe('where a formula is undefined', () => {
  const logR = customLoss({
    id: 'log_r',
    formula: 'log(r) + c',
    variables: [
      real('r', [-1, 1]),
      { name: 'c', role: 'hyperparameter', default: 0, domain: 'real', range: [-1, 1] },
    ],
  });

  it('evaluate throws an error naming the variables and what failed', () => {
    let error: unknown;
    try {
      evaluate(logR, { r: -2 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UndefinedValueError);
    expect(error).toBeInstanceOf(RangeError);
    const e = error as UndefinedValueError;
    expect(e.message).toBe(
      'log_r: the value is undefined at r = -2, c = 0: log of a negative number (-2) in log(r)',
    );
    expect(e.at).toEqual({ r: -2, c: 0 });
    expect(e.output).toBe('value');
  });

  it('gives ±Infinity where the math does', () => {
    expect(evaluate(logR, { r: 0 })).toBe(Number.NEGATIVE_INFINITY);
    // The catalog's convention: partials are NaN where the value is infinite.
    expect(gradient(logR, { r: 0 }).r).toBeNaN();
  });

  it('gradient throws where a partial is undefined at a finite value', () => {
    const abs = customLoss({ id: 'sqrt_sq', formula: 'sqrt(r^2)', variables: [real('r')] });
    expect(evaluate(abs, { r: 0 })).toBe(0);
    expect(() => gradient(abs, { r: 0 })).toThrow(UndefinedValueError);
    expect(() => gradient(abs, { r: 0 })).toThrow(/sqrt_sq: ∂\/∂r is undefined at r = 0: 0\/0 in /);
    expect(gradient(abs, { r: -2 }).r).toBe(-1);
  });

  it('evaluateBatch throws at the first undefined point, naming its index', () => {
    expect(() => evaluateBatch(logR, { r: [1, 0.5, -0.5, -1] })).toThrow(
      /at r = -0.5, c = 0 \(point 2\): log of a negative number/,
    );
    expect([...evaluateBatch(logR, { r: [1, 0] })]).toEqual([0, Number.NEGATIVE_INFINITY]);
    // NaN partials where the value is infinite are the convention, not an error.
    const partials = evaluateBatch(logR, { r: [1, 0] }, undefined, { output: { partial: 'r' } });
    expect(partials[0]).toBe(1);
    expect(partials[1]).toBeNaN();
  });

  it('a sweep keeps going, counts the undefined cells, and explainUndefined says why', () => {
    const s = sweep({
      loss: logR,
      x: { variable: 'r', min: -1, max: 1, size: 5 },
      y: { variable: 'c', min: -1, max: 1, size: 3 },
    });
    // r = -1, -0.5: NaN (2 per row); r = 0: −∞.
    expect(s.nanCount).toBe(6);
    expect(s.negInfCount).toBe(3);
    expect(s.finiteCount).toBe(6);
    expect(explainUndefined(logR, { r: s.x.coords[0]!, c: s.y.coords[0]! })).toBe(
      'log of a negative number (-1) in log(r)',
    );
    expect(explainUndefined(logR, { r: 0.5, c: 0 })).toBeNull();
  });

  it.each([
    ['sqrt(r)', -1, /square root of a negative number \(-1\) in sqrt\(r\)/],
    ['log1p(r)', -2, /log1p of a number below −1 \(-2\)/],
    ['r^0.5', -4, /a negative number to a non-integer power \(-4\^0.5\) in r\^0.5/],
    ['(r - r)/(r - r) + 1', 3, /0\/0 in \(r - r\) \/ \(r - r\)/],
    ['exp(1000*r) - exp(1000*r)', 1, /∞ − ∞ in exp\(1000 \* r\) - exp\(1000 \* r\)/],
    ['exp(1000*r) * exp(-1000*r)', 1, /∞·0 in exp\(1000 \* r\) \* exp\(-1000 \* r\)/],
  ])('explains %s', (formula, r, reason) => {
    const loss = customLoss({ id: 'why', formula, variables: [real('r')] });
    expect(() => evaluate(loss, { r })).toThrow(reason);
  });
});
