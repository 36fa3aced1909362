/**
 * The cases of the sweep benchmark: for every loss in the catalog, core's
 * path at 1024² and a hand-written JS loop of the same formula.
 *
 * The hand-written loops below are the baseline: each is written out
 * literally, the way a careful person would code that one loss by hand, and
 * shares nothing with core (no trees, no primitives, no compiled kernels).
 * Before timing, each loop is checked against core on a small grid so the two
 * sides provably compute the same thing.
 *
 * Losses of a single variable (mse, hinge, …) have no 2D sweep in core: for
 * them core's path is `evaluateBatch` over a column of 1024² points, against a
 * hand-written loop over the same column.
 *
 * sweep.bench.ts times both sides with vitest bench; report.ts prints the
 * ratio table (and measures paired, interleaved ratios).
 */
import { evaluateBatch, type LossDef, losses, type SweepSpec, sweep } from '../src/index.js';

type Params = Readonly<Record<string, number>>;
/** out[j·nx + i] = f(xs[i], ys[j], params) for 2D; out[i] = f(xs[i]) for 1D (ys empty). */
type Loop = (out: Float64Array, xs: Float64Array, ys: Float64Array, p: Params) => void;
interface HandWritten {
  /** The axes this loop is written for (x first). One axis: a column of points. */
  readonly axes: readonly [string] | readonly [string, string];
  readonly loop: Loop;
}

export const SIZE = 1024;

// biome-ignore format: one formula per line reads best as a table
const handWritten: Record<string, HandWritten> = {
  // ---- regression
  mse: { axes: ['r'], loop: (out, xs) => { for (let i = 0; i < xs.length; i++) { const r = xs[i]!; out[i] = r * r; } } },
  mae: { axes: ['r'], loop: (out, xs) => { for (let i = 0; i < xs.length; i++) out[i] = Math.abs(xs[i]!); } },
  huber: { axes: ['r', 'delta'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const d = ys[j]!;
      for (let i = 0; i < xs.length; i++) { const r = xs[i]!; const a = Math.abs(r); out[k++] = a <= d ? 0.5 * r * r : d * (a - 0.5 * d); }
    }
  } },
  smooth_l1: { axes: ['r', 'beta'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const b = ys[j]!;
      for (let i = 0; i < xs.length; i++) { const r = xs[i]!; const a = Math.abs(r); out[k++] = a < b ? (0.5 * r * r) / b : a - 0.5 * b; }
    }
  } },
  pseudo_huber: { axes: ['r', 'delta'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const d = ys[j]!;
      // δ²(√(1+t²) − 1) written as δ²t²/(√(1+t²) + 1): no cancellation near r = 0.
      for (let i = 0; i < xs.length; i++) { const t = xs[i]! / d; const t2 = t * t; out[k++] = (d * d * t2) / (Math.sqrt(1 + t2) + 1); }
    }
  } },
  log_cosh: { axes: ['r'], loop: (out, xs) => {
    for (let i = 0; i < xs.length; i++) { const a = Math.abs(xs[i]!); out[i] = a + Math.log1p(Math.exp(-2 * a)) - Math.LN2; }
  } },
  quantile: { axes: ['r', 'tau'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const tau = ys[j]!;
      for (let i = 0; i < xs.length; i++) { const r = xs[i]!; out[k++] = Math.max(-tau * r, (1 - tau) * r); }
    }
  } },
  epsilon_insensitive: { axes: ['r', 'epsilon'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const e = ys[j]!;
      for (let i = 0; i < xs.length; i++) out[k++] = Math.max(0, Math.abs(xs[i]!) - e);
    }
  } },
  cauchy: { axes: ['r', 'c'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const c = ys[j]!;
      const h = 0.5 * c * c;
      for (let i = 0; i < xs.length; i++) { const t = xs[i]! / c; out[k++] = h * Math.log1p(t * t); }
    }
  } },
  tukey: { axes: ['r', 'c'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const c = ys[j]!;
      const c6 = (c * c) / 6;
      for (let i = 0; i < xs.length; i++) {
        const r = xs[i]!;
        if (Math.abs(r) <= c) { const t = r / c; const u = 1 - t * t; out[k++] = c6 * (1 - u * u * u); } else out[k++] = c6;
      }
    }
  } },
  general_robust: { axes: ['r', 'alpha'], loop: (out, xs, ys, p) => {
    const c = p.c!;
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const alpha = ys[j]!;
      const b = Math.abs(alpha - 2);
      for (let i = 0; i < xs.length; i++) {
        const t = xs[i]! / c;
        const x2 = t * t;
        if (alpha === 2) out[k++] = 0.5 * x2;
        else if (alpha === 0) out[k++] = Math.log1p(0.5 * x2);
        // (b/α)·((x²/b + 1)^(α/2) − 1) with expm1/log1p: accurate near α = 0.
        else out[k++] = (b / alpha) * Math.expm1((alpha / 2) * Math.log1p(x2 / b));
      }
    }
  } },
  gaussian_nll: { axes: ['r', 'var'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const v = ys[j]!;
      const lv = Math.log(v);
      for (let i = 0; i < xs.length; i++) { const r = xs[i]!; out[k++] = 0.5 * (lv + (r * r) / v); }
    }
  } },
  poisson_nll: { axes: ['z', 'y'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const y = ys[j]!;
      for (let i = 0; i < xs.length; i++) { const z = xs[i]!; out[k++] = Math.exp(z) - y * z; }
    }
  } },
  // ---- margin
  zero_one: { axes: ['m'], loop: (out, xs) => { for (let i = 0; i < xs.length; i++) out[i] = xs[i]! <= 0 ? 1 : 0; } },
  hinge: { axes: ['m'], loop: (out, xs) => { for (let i = 0; i < xs.length; i++) out[i] = Math.max(0, 1 - xs[i]!); } },
  squared_hinge: { axes: ['m'], loop: (out, xs) => {
    for (let i = 0; i < xs.length; i++) { const h = Math.max(0, 1 - xs[i]!); out[i] = h * h; }
  } },
  logistic: { axes: ['m'], loop: (out, xs) => {
    // log(1 + e^−m) = max(−m, 0) + log1p(e^−|m|): no overflow for very negative m.
    for (let i = 0; i < xs.length; i++) { const m = xs[i]!; out[i] = Math.max(-m, 0) + Math.log1p(Math.exp(-Math.abs(m))); }
  } },
  exponential: { axes: ['m'], loop: (out, xs) => { for (let i = 0; i < xs.length; i++) out[i] = Math.exp(-xs[i]!); } },
  modified_huber: { axes: ['m'], loop: (out, xs) => {
    for (let i = 0; i < xs.length; i++) { const m = xs[i]!; const h = Math.max(0, 1 - m); out[i] = m >= -1 ? h * h : -4 * m; }
  } },
  // ---- probability and logit
  bce: { axes: ['p', 'y'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const y = ys[j]!;
      for (let i = 0; i < xs.length; i++) {
        const p = xs[i]!;
        // 0·log 0 = 0 on either side.
        const a = y === 0 ? 0 : y * Math.log(p);
        const b = y === 1 ? 0 : (1 - y) * Math.log1p(-p);
        out[k++] = -(a + b);
      }
    }
  } },
  bce_logits: { axes: ['z', 'y'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const y = ys[j]!;
      for (let i = 0; i < xs.length; i++) { const z = xs[i]!; out[k++] = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z; }
    }
  } },
  mse_prob: { axes: ['p', 'y'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const y = ys[j]!;
      for (let i = 0; i < xs.length; i++) { const d = xs[i]! - y; out[k++] = d * d; }
    }
  } },
  focal: { axes: ['pt', 'gamma'], loop: (out, xs, ys, p) => {
    const alpha = p.alpha!;
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const gamma = ys[j]!;
      for (let i = 0; i < xs.length; i++) { const pt = xs[i]!; out[k++] = -alpha * (1 - pt) ** gamma * Math.log(pt); }
    }
  } },
  focal_logits: { axes: ['z', 'gamma'], loop: (out, xs, ys, p) => {
    const y = p.y!;
    const alpha = p.alpha!;
    const at = alpha * y + (1 - alpha) * (1 - y);
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const gamma = ys[j]!;
      for (let i = 0; i < xs.length; i++) {
        const z = xs[i]!;
        const s = 1 / (1 + Math.exp(-z));
        const pt = s * y + (1 - s) * (1 - y);
        const ce = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;
        out[k++] = at * (1 - pt) ** gamma * ce;
      }
    }
  } },
  poly1: { axes: ['pt', 'epsilon'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const e = ys[j]!;
      for (let i = 0; i < xs.length; i++) { const pt = xs[i]!; out[k++] = -Math.log(pt) + e * (1 - pt); }
    }
  } },
  // ---- multi-class
  softmax_ce: { axes: ['z1', 'z2'], loop: (out, xs, ys, p) => {
    const z3 = p.z3!;
    const s = p.smoothing!;
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const z2 = ys[j]!;
      for (let i = 0; i < xs.length; i++) {
        const z1 = xs[i]!;
        const m = Math.max(z1, z2, z3);
        const lse = m + Math.log(Math.exp(z1 - m) + Math.exp(z2 - m) + Math.exp(z3 - m));
        out[k++] = lse - ((1 - s) * z1 + (s / 3) * (z1 + z2 + z3));
      }
    }
  } },
  multiclass_hinge: { axes: ['z1', 'z2'], loop: (out, xs, ys, p) => {
    const z3 = p.z3!;
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const z2 = ys[j]!;
      for (let i = 0; i < xs.length; i++) { const z1 = xs[i]!; out[k++] = Math.max(0, 1 + z2 - z1) + Math.max(0, 1 + z3 - z1); }
    }
  } },
  crammer_singer: { axes: ['z1', 'z2'], loop: (out, xs, ys, p) => {
    const z3 = p.z3!;
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const z2 = ys[j]!;
      const top = Math.max(z2, z3);
      for (let i = 0; i < xs.length; i++) out[k++] = Math.max(0, 1 + top - xs[i]!);
    }
  } },
  // ---- distributions
  kl_bernoulli: { axes: ['p', 'q'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const q = ys[j]!;
      for (let i = 0; i < xs.length; i++) {
        const p = xs[i]!;
        // 0·log(0/q) = 0; p·log(p/0) = +∞ for p > 0.
        const a = p === 0 ? 0 : p * Math.log(p / q);
        const b = p === 1 ? 0 : (1 - p) * Math.log((1 - p) / (1 - q));
        out[k++] = a + b;
      }
    }
  } },
  js_bernoulli: { axes: ['p', 'q'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const q = ys[j]!;
      for (let i = 0; i < xs.length; i++) {
        const p = xs[i]!;
        const m = 0.5 * (p + q);
        const kp = (p === 0 ? 0 : p * Math.log(p / m)) + (p === 1 ? 0 : (1 - p) * Math.log((1 - p) / (1 - m)));
        const kq = (q === 0 ? 0 : q * Math.log(q / m)) + (q === 1 ? 0 : (1 - q) * Math.log((1 - q) / (1 - m)));
        out[k++] = 0.5 * kp + 0.5 * kq;
      }
    }
  } },
  kl_gaussian: { axes: ['mu', 'sigma'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const sigma = ys[j]!;
      const c = 0.5 * (sigma * sigma - 1) - Math.log(sigma);
      for (let i = 0; i < xs.length; i++) { const mu = xs[i]!; out[k++] = 0.5 * mu * mu + c; }
    }
  } },
  // ---- embedding
  contrastive: {
    axes: ['d', 'y'],
    loop: (out, xs, ys, p) => {
      const margin = p.margin!;
      let k = 0;
      for (let j = 0; j < ys.length; j++) {
        const y = ys[j]!;
        for (let i = 0; i < xs.length; i++) {
          const d = xs[i]!;
          const h = Math.max(0, margin - d);
          out[k++] = 0.5 * (y * d * d + (1 - y) * h * h);
        }
      }
    },
  },
  triplet: { axes: ['dap', 'dan'], loop: (out, xs, ys, p) => {
    const margin = p.margin!;
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const dan = ys[j]!;
      for (let i = 0; i < xs.length; i++) out[k++] = Math.max(0, xs[i]! - dan + margin);
    }
  } },
  cosine_embedding: { axes: ['cos', 'margin'], loop: (out, xs, ys, p) => {
    const y = p.y!;
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const margin = ys[j]!;
      for (let i = 0; i < xs.length; i++) { const c = xs[i]!; out[k++] = y === 1 ? 1 - c : Math.max(0, c - margin); }
    }
  } },
  // ---- segmentation
  dice: { axes: ['precision', 'recall'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const R = ys[j]!;
      for (let i = 0; i < xs.length; i++) { const P = xs[i]!; out[k++] = 1 - (2 * P * R) / (P + R); }
    }
  } },
  jaccard: { axes: ['precision', 'recall'], loop: (out, xs, ys) => {
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const R = ys[j]!;
      for (let i = 0; i < xs.length; i++) { const P = xs[i]!; out[k++] = 1 - (P * R) / (P + R - P * R); }
    }
  } },
  tversky: { axes: ['precision', 'recall'], loop: (out, xs, ys, p) => {
    const a = p.alpha!;
    const b = p.beta!;
    let k = 0;
    for (let j = 0; j < ys.length; j++) {
      const R = ys[j]!;
      const tr = b * (1 / R - 1);
      for (let i = 0; i < xs.length; i++) out[k++] = 1 - 1 / (1 + a * (1 / xs[i]! - 1) + tr);
    }
  } },
  // ---- adversarial
  gan_minimax: { axes: ['d'], loop: (out, xs) => { for (let i = 0; i < xs.length; i++) out[i] = Math.log1p(-xs[i]!); } },
  gan_nonsaturating: { axes: ['d'], loop: (out, xs) => { for (let i = 0; i < xs.length; i++) out[i] = -Math.log(xs[i]!); } },
};

/** Evenly spaced points over a variable's plot range (geometric for log ranges), endpoints exact. */
function coords(loss: LossDef, name: string, size: number): Float64Array {
  const v = loss.variables.find((w) => w.name === name);
  if (!v) throw new Error(`${loss.id}: no variable ${name}`);
  const { min, max, scale } = v.plot;
  const c = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const t = i / Math.max(1, size - 1);
    c[i] =
      scale === 'log' ? Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * t) : min + (max - min) * t;
  }
  c[0] = min;
  c[size - 1] = max;
  return c;
}

/** Every variable off the axes: its default, else 0 (a logit), else the middle of its plot range. */
function fixedParams(loss: LossDef, axes: readonly string[]): Record<string, number> {
  const p: Record<string, number> = {};
  for (const v of loss.variables) {
    if (axes.includes(v.name)) continue;
    if (v.default !== undefined) p[v.name] = v.default;
    else if (v.domain.kind === 'interval' && v.domain.min < 0 && v.domain.max > 0) p[v.name] = 0;
    else p[v.name] = 0.5 * (v.plot.min + v.plot.max);
  }
  return p;
}

export interface Case {
  readonly loss: LossDef;
  readonly axes: readonly string[];
  readonly core: (size: number, out: Float64Array) => void;
  readonly hand: ((size: number, out: Float64Array) => void) | undefined;
  /** Why the hand-written side differs from core, if it does. */
  readonly mismatch: string | undefined;
}

export function makeCase(loss: LossDef): Case {
  const entry = handWritten[loss.id];
  // The loop's axes when it has one (and they are variables of the loss); the catalog's defaults otherwise.
  const valid = entry?.axes.every((a) => loss.variables.some((v) => v.name === a)) ?? false;
  const axes: readonly string[] = valid && entry ? entry.axes : loss.defaultAxes;
  const params = fixedParams(loss, axes);
  const grids = new Map<number, { xs: Float64Array; ys: Float64Array }>();
  const grid = (size: number) => {
    let g = grids.get(size);
    if (!g) {
      const [ax, ay] = axes;
      g = ay
        ? { xs: coords(loss, ax!, size), ys: coords(loss, ay, size) }
        : { xs: coords(loss, ax!, size * size), ys: new Float64Array(0) };
      grids.set(size, g);
    }
    return g;
  };
  const core = (size: number, out: Float64Array): void => {
    const [ax, ay] = axes;
    if (ay) {
      const spec: SweepSpec = {
        loss: loss.id,
        x: { variable: ax!, ...range(loss, ax!), size },
        y: { variable: ay, ...range(loss, ay), size },
        fixed: params,
      };
      sweep(spec, { out });
    } else {
      evaluateBatch(loss.id, { ...params, [ax!]: grid(size).xs }, out);
    }
  };
  const hand =
    valid && entry
      ? (size: number, out: Float64Array): void => {
          const g = grid(size);
          entry.loop(out, g.xs, g.ys, params);
        }
      : undefined;
  return {
    loss,
    axes,
    core,
    hand,
    mismatch: hand ? compare(core, hand) : 'no hand-written loop for this loss',
  };
}

function range(loss: LossDef, name: string): { min: number; max: number; scale: 'linear' | 'log' } {
  const { min, max, scale } = loss.variables.find((v) => v.name === name)!.plot;
  return { min, max, scale };
}

/**
 * Both sides on a 64² grid: equal within 1e-9 relative (same ±∞), the
 * relative error floored at the grid's largest |value| (so 0 against 2e-16
 * from a different association is equal), or the first difference.
 */
function compare(core: Case['core'], hand: NonNullable<Case['hand']>): string | undefined {
  const n = 64;
  const a = new Float64Array(n * n);
  const b = new Float64Array(n * n);
  core(n, a);
  hand(n, b);
  let scale = 0;
  for (const x of a) if (Number.isFinite(x)) scale = Math.max(scale, Math.abs(x));
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    const same = x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y), scale, 1e-300);
    if (!same) return `differs at point ${k}: core ${x}, hand-written ${y}`;
  }
  return undefined;
}

export const cases: readonly Case[] = losses.map(makeCase);
