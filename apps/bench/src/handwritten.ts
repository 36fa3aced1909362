/**
 * The "hand-written JS loop" baseline: each loss written out literally, the
 * way a careful web developer would code that one formula, sharing nothing
 * with core's library code (no trees, no compiled kernels): the baseline must
 * not depend on the code it judges. One table serves the CPU ratio benchmark
 * (cpu/cases.ts) and the GPU/CPU bench (src/measure.ts); both check every
 * loop against core's f64 values before trusting its times.
 */

export type Params = Readonly<Record<string, number>>;
/** out[j·nx + i] = f(xs[i], ys[j], params) for 2D; out[i] = f(xs[i]) for one variable (ys empty). */
export type Loop = (out: Float64Array, xs: Float64Array, ys: Float64Array, p: Params) => void;
export interface HandWritten {
  /** The axes this loop is written for (x first); one axis: a column of points. */
  readonly axes: readonly [string] | readonly [string, string];
  readonly loop: Loop;
}

// biome-ignore format: one formula per line reads best as a table
export const handWritten: Readonly<Record<string, HandWritten>> = {
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
