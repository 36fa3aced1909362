/**
 * The cases of the landscape benchmark: for every loss with a model form,
 * core's `landscapeRows` against a hand-written JS loop of the same sum.
 *
 * The baseline: each loss's per-sample term is written by hand below as one
 * JS statement of s = w·x + b and the label y (the way a careful person would
 * code that formula: softplus-style logs, no overflow at |s| = 800), sharing
 * nothing with core. The loop around it is the same text for every loss —
 * rows of b, columns of w, the data innermost, a Neumaier-compensated sum per
 * cell (the same sum core computes), the mean — and is compiled once per loss
 * with `new Function`, so every loop is as monomorphic as if typed out.
 * Before timing, each loop is checked against core on a small grid.
 */
import {
  axisCoordinates,
  type Dataset,
  getLoss,
  type LandscapeSpec,
  landscapeRows,
  modelLossIds,
  resolveLandscape,
} from '@losslab/core';

export const GRID = 512;
export const RANGE = { w: { min: -3, max: 3 }, b: { min: -3, max: 3 } } as const;

/** A deterministic generator, so every run measures the same data. */
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

/** Data for a form: a line with noise and one outlier (residual), counts (poisson), labels (the rest). */
export function dataset(form: string, n: number): Dataset {
  const rand = generator(n * 7919 + form.length);
  const x = Float64Array.from({ length: n }, () => 4 * rand() - 2);
  let y: Float64Array;
  if (form === 'residual') {
    y = x.map((xi) => 1.5 * xi + 0.3 + (rand() - 0.5));
    y[0] = 25;
  } else if (form === 'poisson') {
    y = x.map((xi) => Math.floor(Math.exp(0.5 * xi) * 2 * rand()));
  } else {
    y = x.map((xi) => (xi + (rand() - 0.5) > 0 ? 1 : 0));
  }
  return { x, y };
}

type Params = Readonly<Record<string, number>>;

/**
 * Hand-written per-sample terms: `t = …` from s, y and the parameters p
 * (hyperparameters at their defaults). Helpers: sp(z) = softplus(z), sg(z) = σ(z).
 */
// biome-ignore format: one loss per line reads best as a table
export const handTerms: Readonly<Record<string, string>> = {
  mse: 'const r = s - y; t = r * r;',
  mae: 't = Math.abs(s - y);',
  huber: 'const r = s - y; const a = Math.abs(r); t = a <= p.delta ? 0.5 * r * r : p.delta * (a - 0.5 * p.delta);',
  smooth_l1: 'const r = s - y; const a = Math.abs(r); t = a < p.beta ? (0.5 * r * r) / p.beta : a - 0.5 * p.beta;',
  pseudo_huber: 'const r = s - y; const u = r / p.delta; t = (r * r) / (Math.sqrt(1 + u * u) + 1);',
  log_cosh: 'const a = Math.abs(s - y); t = a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;',
  quantile: 'const r = s - y; t = Math.max(-p.tau * r, (1 - p.tau) * r);',
  epsilon_insensitive: 't = Math.max(0, Math.abs(s - y) - p.epsilon);',
  cauchy: 'const u = (s - y) / p.c; t = 0.5 * p.c * p.c * Math.log1p(u * u);',
  tukey: 'const r = s - y; if (Math.abs(r) <= p.c) { const u = r / p.c; const v = 1 - u * u; t = ((p.c * p.c) / 6) * (1 - v * v * v); } else t = (p.c * p.c) / 6;',
  general_robust: 'const u = (s - y) / p.c; const bb = Math.abs(p.alpha - 2); t = (bb / p.alpha) * Math.expm1((p.alpha / 2) * Math.log1p((u * u) / bb));',
  gaussian_nll: 'const r = s - y; t = 0.5 * (Math.log(p.var) + (r * r) / p.var);',
  poisson_nll: 't = Math.exp(s) - y * s;',
  zero_one: 't = (2 * y - 1) * s <= 0 ? 1 : 0;',
  hinge: 't = Math.max(0, 1 - (2 * y - 1) * s);',
  squared_hinge: 'const h = Math.max(0, 1 - (2 * y - 1) * s); t = h * h;',
  logistic: 't = sp(-(2 * y - 1) * s);',
  exponential: 't = Math.exp(-(2 * y - 1) * s);',
  modified_huber: 'const m = (2 * y - 1) * s; const h = Math.max(0, 1 - m); t = m >= -1 ? h * h : -4 * m;',
  bce_logits: 't = sp(s) - y * s;',
  focal_logits: 'const q = sg(s); const ce = sp(s) - y * s; const pt = q * y + (1 - q) * (1 - y); t = (p.alpha * y + (1 - p.alpha) * (1 - y)) * (1 - pt) ** p.gamma * ce;',
  bce: 't = y * sp(-s) + (1 - y) * sp(s);',
  mse_prob: 'const d = sg(s) - y; t = d * d;',
  focal: 'const m = (2 * y - 1) * s; t = p.alpha * sg(-m) ** p.gamma * sp(-m);',
  poly1: 'const m = (2 * y - 1) * s; t = sp(-m) + p.epsilon * sg(-m);',
};

const helpers = `const sp = (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
const sg = (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));`;

export type HandLoop = (
  out: Float64Array,
  ws: Float64Array,
  bs: Float64Array,
  x: Float64Array,
  y: Float64Array,
  p: Params,
  rowStart: number,
  rowEnd: number,
) => void;

/** The hand-written landscape loop around one loss's hand-written term (compiled once per call). */
export function handLoop(term: string): HandLoop {
  return new Function(
    `${helpers}
return function (out, ws, bs, X, Y, p, rowStart, rowEnd) {
  const n = X.length;
  let k = rowStart * ws.length;
  for (let j = rowStart; j < rowEnd; j++) {
    const b = bs[j];
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i];
      let sum = 0;
      let comp = 0;
      for (let q = 0; q < n; q++) {
        const s = w * X[q] + b;
        const y = Y[q];
        let t;
        {
          ${term}
        }
        const u = sum + t;
        comp += Math.abs(sum) >= Math.abs(t) ? sum - u + t : t - u + sum;
        sum = u;
      }
      out[k++] = (sum + comp) / n;
    }
  }
};`,
  )() as HandLoop;
}

export interface LandscapeCase {
  readonly id: string;
  readonly n: number;
  /** Fill rows [rowStart, rowEnd) of the whole grid `out`. */
  readonly core: (out: Float64Array, rowStart: number, rowEnd: number) => void;
  readonly hand: (out: Float64Array, rowStart: number, rowEnd: number) => void;
  /** Why the two sides differ, if they do. */
  readonly mismatch: string | undefined;
}

export function makeCase(id: string, n: number, grid = GRID): LandscapeCase {
  const loss = getLoss(id);
  const spec: LandscapeSpec = {
    loss: id,
    data: dataset(formOf(id), n),
    w: { ...RANGE.w, size: grid },
    b: { ...RANGE.b, size: grid },
  };
  const params: Record<string, number> = {};
  for (const v of loss.variables)
    if (v.role === 'hyper' && v.default !== undefined) params[v.name] = v.default;
  const sides = (size: number) => {
    const s = { ...spec, w: { ...spec.w, size }, b: { ...spec.b, size } };
    const resolved = resolveLandscape(s);
    const ws = axisCoordinates(resolved.sweep.x).coords;
    const bs = axisCoordinates(resolved.sweep.y).coords;
    const x = Float64Array.from(spec.data.x);
    const y = Float64Array.from(spec.data.y);
    const loop = handLoop(handTerms[id]!);
    return {
      core: (out: Float64Array, rowStart: number, rowEnd: number) =>
        landscapeRows(resolved, ws, bs, out.subarray(rowStart * size, rowEnd * size), rowStart, rowEnd),
      hand: (out: Float64Array, rowStart: number, rowEnd: number) =>
        loop(out, ws, bs, x, y, params, rowStart, rowEnd),
    };
  };
  const check = sides(48);
  const a = new Float64Array(48 * 48);
  const b = new Float64Array(48 * 48);
  check.core(a, 0, 48);
  check.hand(b, 0, 48);
  let mismatch: string | undefined;
  for (let k = 0; k < a.length && !mismatch; k++) {
    const same =
      a[k] === b[k] || Math.abs(a[k]! - b[k]!) <= 1e-9 * Math.max(Math.abs(a[k]!), Math.abs(b[k]!));
    if (!same) mismatch = `differs at cell ${k}: core ${a[k]}, hand-written ${b[k]}`;
  }
  const timed = sides(grid);
  return { id, n, ...timed, mismatch };
}

export function formOf(id: string): string {
  return ['poisson_nll'].includes(id)
    ? 'poisson'
    : [
          'mse',
          'mae',
          'huber',
          'smooth_l1',
          'pseudo_huber',
          'log_cosh',
          'quantile',
          'epsilon_insensitive',
          'cauchy',
          'tukey',
          'general_robust',
          'gaussian_nll',
        ].includes(id)
      ? 'residual'
      : 'label';
}

export const landscapeLossIds = modelLossIds;
