/**
 * The contract's bad inputs, one by one: each a RangeError naming the loss and
 * what is wrong (column and index, variable and domain), thrown before any
 * work.
 */
import { describe, expect, it } from 'vitest';
import {
  fitModel,
  type LandscapeSpec,
  landscape,
  type ModelSpec,
  totalGradient,
  totalLoss,
} from '../../src/index.js';

const data = { x: [0, 1, 2], y: [1, 0, 1] };
const base: ModelSpec = { loss: 'huber', data };
const axes = { w: { min: -1, max: 1, size: 4 }, b: { min: -1, max: 1, size: 3 } };

/** Every entry point that takes a model spec. */
const entryPoints: [string, (m: ModelSpec) => unknown][] = [
  ['totalLoss', (m) => totalLoss(m, { w: 0, b: 0 })],
  ['totalGradient', (m) => totalGradient(m, { w: 0, b: 0 })],
  ['landscape', (m) => landscape({ ...m, ...axes })],
  ['fitModel', (m) => fitModel(m)],
];

function rejects(model: ModelSpec, message: RegExp): void {
  for (const [name, f] of entryPoints) {
    expect(() => f(model), name).toThrow(RangeError);
    expect(() => f(model), name).toThrow(message);
  }
}

describe('bad model specs', () => {
  it.each([
    [
      'a loss without a model form',
      { ...base, loss: 'softmax_ce' },
      /softmax_ce: has no model form.*residual.*margin.*p_t/,
    ],
    ['an unknown loss', { ...base, loss: 'nope' }, /unknown loss 'nope'/],
    [
      'a column y of the wrong length',
      { ...base, data: { x: [0, 1, 2], y: [1, 2] } },
      /huber: column y has length 2, but x has length 3/,
    ],
    [
      'a column weight of the wrong length',
      { ...base, data: { ...data, weight: [1, 1] } },
      /huber: column weight has length 2, but x has length 3/,
    ],
    [
      'a non-finite x',
      { ...base, data: { x: [0, Number.NaN, 2], y: [1, 0, 1] } },
      /huber: column x has NaN at index 1/,
    ],
    [
      'an infinite x',
      { ...base, data: { x: [0, 1, Number.POSITIVE_INFINITY], y: [1, 0, 1] } },
      /column x has Infinity at index 2/,
    ],
    [
      'a non-finite y',
      { ...base, data: { x: [0, 1, 2], y: [1, Number.NEGATIVE_INFINITY, 1] } },
      /huber: column y has -Infinity at index 1, outside its domain any finite real/,
    ],
    [
      'a margin label outside {0, 1}',
      { loss: 'hinge', data: { x: [0, 1], y: [1, -1] } },
      /hinge: column y has -1 at index 1, outside its domain \{0, 1\} \(the labels of the margin form\)/,
    ],
    [
      'a p_t label outside {0, 1}',
      { loss: 'focal', data: { x: [0, 1], y: [0.5, 1] } },
      /focal: column y has 0.5 at index 0, outside its domain \{0, 1\}/,
    ],
    [
      'a probability label outside [0, 1]',
      { loss: 'bce', data: { x: [0, 1], y: [1, 1.5] } },
      /bce: column y has 1.5 at index 1, outside its domain \[0, 1\]/,
    ],
    [
      'a negative count',
      { loss: 'poisson_nll', data: { x: [0, 1], y: [-1, 2] } },
      /poisson_nll: column y has -1 at index 0, outside its domain \[0, ∞\)/,
    ],
    [
      'a negative weight',
      { ...base, data: { ...data, weight: [1, -0.5, 1] } },
      /huber: column weight has -0.5 at index 1; every weight must be a finite number ≥ 0/,
    ],
    [
      'a non-finite weight',
      { ...base, data: { ...data, weight: [1, 1, Number.NaN] } },
      /column weight has NaN at index 2/,
    ],
    [
      'all weights zero',
      { ...base, data: { ...data, weight: [0, 0, 0] } },
      /huber: every weight is 0 \(column weight\)/,
    ],
    [
      'an empty dataset',
      { ...base, data: { x: [], y: [] } },
      /huber: the dataset is empty \(column x has length 0\)/,
    ],
    [
      'a missing column',
      { ...base, data: { x: [1] } as never },
      /huber: column y must be an array of numbers/,
    ],
    ['l2 < 0', { ...base, l2: -0.1 }, /huber: l2 = -0.1 must be a finite number ≥ 0/],
    ['a non-finite l2', { ...base, l2: Number.NaN }, /huber: l2 = NaN/],
    [
      'a hyperparameter outside its domain',
      { ...base, params: { delta: 0 } },
      /huber: delta = 0 is outside its domain \(0, ∞\)/,
    ],
    [
      'a non-finite hyperparameter',
      { loss: 'quantile', data, params: { tau: Number.NaN } },
      /quantile: tau = NaN is outside its domain \[0, 1\]/,
    ],
    [
      'an unknown parameter',
      { ...base, params: { gamma: 2 } },
      /huber: unknown variable 'gamma'; its variables are r, delta/,
    ],
    [
      'a data variable as a parameter',
      { loss: 'bce', data, params: { y: 1 } },
      /bce: y is a data variable of the probability form/,
    ],
    ['the residual as a parameter', { ...base, params: { r: 1 } }, /huber: r is a data variable/],
    [
      'an unknown reduction',
      { ...base, reduction: 'none' as never },
      /huber: unknown reduction 'none'; use 'mean' or 'sum'/,
    ],
  ] as const)('%s', (_, model, message) => rejects(model as ModelSpec, message));
});

describe('bad points', () => {
  it.each([
    [{ w: Number.NaN, b: 0 }, /huber: point w = NaN is not a finite number/],
    [{ w: 0, b: Number.POSITIVE_INFINITY }, /huber: point b = Infinity is not a finite number/],
    [{ w: 0 }, /huber: point b = undefined/],
    [null, /huber: point must be \{ w, b \}/],
  ] as const)('%o', (at, message) => {
    expect(() => totalLoss(base, at as never)).toThrow(RangeError);
    expect(() => totalLoss(base, at as never)).toThrow(message);
    expect(() => totalGradient(base, at as never)).toThrow(message);
  });

  it('a non-finite fit start', () => {
    expect(() => fitModel({ loss: 'tukey', data }, { start: { w: Number.NaN, b: 0 } })).toThrow(
      /tukey: start w = NaN is not a finite number/,
    );
  });
});

describe('bad landscape axes, outputs and work', () => {
  const spec: LandscapeSpec = { ...base, ...axes };
  it.each([
    [{ w: { min: 1, max: -1, size: 4 } }, /huber: axis w has min 1 > max -1/],
    [
      { b: { min: Number.NaN, max: 1, size: 4 } },
      /huber: axis b min = NaN is outside its domain any finite real/,
    ],
    [{ w: { min: 0, max: Number.POSITIVE_INFINITY, size: 4 } }, /huber: axis w max = Infinity/],
    [{ w: { min: -1, max: 1, size: 0 } }, /huber: axis w size must be an integer in \[1, 16384\], got 0/],
    [{ b: { min: -1, max: 1, size: 2.5 } }, /axis b size must be an integer/],
    [{ w: { min: 0, max: 1, size: 4, scale: 'log' } }, /huber: log axis w needs min > 0, got 0/],
    [{ w: { min: 1, max: 2, size: 4, scale: 'cubic' } }, /huber: axis w scale must be linear or log/],
    [{ w: undefined }, /huber: landscape axis w is missing/],
    [{ output: 'gradient' }, /huber: unknown output 'gradient'; use 'value' or \{ partial: 'w' \| 'b' \}/],
    [{ output: { partial: 'delta' } }, /huber: output partial must be 'w' or 'b', got 'delta'/],
    [
      {
        w: { min: -1, max: 1, size: 4096 },
        b: { min: -1, max: 1, size: 4096 },
        data: { x: new Float64Array(300), y: new Float64Array(300) },
      },
      /huber: landscape of 4096×4096 points over 300 data points is 5033164800 evaluations, beyond the CPU limit of 4294967296/,
    ],
  ] as const)('%o', (change, message) => {
    const bad = { ...spec, ...change } as LandscapeSpec;
    expect(() => landscape(bad)).toThrow(RangeError);
    expect(() => landscape(bad)).toThrow(message);
  });

  it('checks everything before computing anything', () => {
    const out = new Float64Array(12).fill(7);
    const y = [1, 0, Number.NaN];
    expect(() => landscape({ ...spec, data: { x: [0, 1, 2], y } }, { out })).toThrow(
      /column y has NaN at index 2/,
    );
    expect([...out]).toEqual(new Array(12).fill(7));
  });
});
