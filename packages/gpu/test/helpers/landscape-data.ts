/**
 * Datasets for the landscape tests, f32-exact (every value is an f32, so
 * core and the GPU see the same data), with the hard regions in them: large
 * x (a residual that has lost digits in s = w·x + b), outliers, weights of
 * exactly 0 (on ordinary and on extreme points), and for classification
 * model outputs s reaching ±80 on the test axes.
 */
import type { Dataset, ModelFormName } from '@losslab/core';
import { generator } from './landscape-reference.js';

const f = Math.fround;

export type DataKind = 'residual' | 'poisson' | 'label';

export function dataKind(form: ModelFormName): DataKind {
  return form === 'residual' ? 'residual' : form === 'poisson' ? 'poisson' : 'label';
}

/** The axes each kind of data is checked on (small odd sizes: partial workgroups on both axes). */
export const axesFor: Record<DataKind, { w: { min: number; max: number }; b: { min: number; max: number } }> =
  {
    residual: { w: { min: -1, max: 4 }, b: { min: -5, max: 5 } },
    // s stays below 73, where e^s is finite in f32 (it overflows from 88.7).
    poisson: { w: { min: -1, max: 3.5 }, b: { min: -3, max: 3 } },
    // |x| up to 26 with |w| ≤ 3 and |b| ≤ 3: s reaches ±81.
    label: { w: { min: -3, max: 3 }, b: { min: -3, max: 3 } },
  };

/** n points of the kind's data; weights in [0.25, 3] with about 10% exactly 0, or none. */
export function hardDataset(kind: DataKind, n: number, weighted = true, seed = 1): Required<Dataset> {
  const rand = generator(seed * 7919 + n + kind.length);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const weight = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    const u = rand();
    if (kind === 'residual') {
      // Mostly [-2, 2]; 5% in [-50, 50]; 0.5% at |x| in [1e3, 1e4] on the line itself.
      const large = u < 0.005;
      const xi = large
        ? (rand() < 0.5 ? -1 : 1) * 10 ** (3 + rand())
        : u < 0.055
          ? 100 * rand() - 50
          : 4 * rand() - 2;
      x[i] = f(xi);
      let yi = 1.5 * xi + 0.3 + (large ? 0.5 * (rand() - 0.5) : rand() - 0.5);
      if (!large && rand() < 0.01) yi += rand() < 0.5 ? -25 : 25;
      y[i] = f(yi);
    } else if (kind === 'poisson') {
      const xi = u < 0.02 ? 40 * rand() - 20 : 4 * rand() - 2;
      x[i] = f(xi);
      y[i] = Math.floor(Math.exp(0.5 * Math.min(xi, 6)) * 2 * rand());
    } else {
      const xi = u < 0.01 ? (rand() < 0.5 ? -1 : 1) * (20 + 6 * rand()) : 20 * rand() - 10;
      x[i] = f(xi);
      const label = xi + 2 * (rand() - 0.5) > 0.5 ? 1 : 0;
      y[i] = rand() < 0.05 ? 1 - label : label;
    }
    if (weighted) weight[i] = rand() < 0.1 ? 0 : f(0.25 + 2.75 * rand());
  }
  if (weighted) {
    // Zero weight on the most extreme points too: their terms must add exactly 0.
    let far = 0;
    for (let i = 1; i < n; i++) if (Math.abs(x[i]!) > Math.abs(x[far]!)) far = i;
    weight[far] = 0;
    weight[0] = 0;
  }
  return { x, y, weight };
}
