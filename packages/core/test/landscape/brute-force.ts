/**
 * Brute-force minimization of piecewise-linear totals (plus a ridge) for
 * small datasets, independent of the library's solver: every vertex of the
 * arrangement of breakpoint lines w·xᵢ + b = βᵢₖ, and on every line the
 * minimum of its restriction (convex, piecewise quadratic in w: checked at
 * every crossing and at each parabola's vertex between crossings). The
 * minimum of a convex piecewise-linear-plus-ridge total lies among these.
 *
 * The breakpoints are written from the catalog's formulas (the kinks of
 * |r|, the pinball loss, the ε-tube and the hinge), not read from any tree.
 */
import { type ModelSpec, totalLoss } from '../../src/index.js';

export interface Line {
  readonly x: number;
  readonly beta: number;
}

/** The kink lines of each term, by the loss's textbook formula. */
export function kinkLines(spec: ModelSpec): Line[] {
  const { x, y } = spec.data;
  const lines: Line[] = [];
  const epsilon = spec.params?.epsilon ?? 0.1;
  for (let i = 0; i < x.length; i++) {
    if (spec.data.weight && spec.data.weight[i] === 0) continue;
    const xi = x[i]!;
    const yi = y[i]!;
    switch (spec.loss) {
      case 'mae':
      case 'quantile':
        lines.push({ x: xi, beta: yi });
        break;
      case 'epsilon_insensitive':
        lines.push({ x: xi, beta: yi - epsilon }, { x: xi, beta: yi + epsilon });
        break;
      case 'hinge':
        // max(0, 1 − (2y − 1)s): kink at s = 2y − 1.
        lines.push({ x: xi, beta: 2 * yi - 1 });
        break;
      default:
        throw new Error(`no kink lines for ${String(spec.loss)}`);
    }
  }
  return lines;
}

export interface BruteForce {
  readonly value: number;
  readonly w: number;
  readonly b: number;
  /** Candidates within 1e-12 relative of the minimum, at distinct points. */
  readonly ties: number;
}

export function bruteForce(spec: ModelSpec): BruteForce {
  const lines = kinkLines(spec);
  const f = (w: number, b: number): number => totalLoss(spec, { w, b });
  const candidates: { w: number; b: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const li = lines[i]!;
    const crossings: number[] = [];
    for (let j = 0; j < lines.length; j++) {
      const lj = lines[j]!;
      if (lj.x === li.x) continue;
      const w = (li.beta - lj.beta) / (li.x - lj.x);
      crossings.push(w);
      if (j > i) candidates.push({ w, b: li.beta - w * li.x });
    }
    // Along line i, b = β − w·x: check the crossings and the parabola vertex between each pair.
    const along = (w: number): number => f(w, li.beta - w * li.x);
    const ws = [...new Set(crossings)].sort((a, b) => a - b);
    const pts = ws.length ? ws : [0];
    const bounds = [
      pts[0]! - 1 - Math.abs(pts[0]!),
      ...pts,
      pts[pts.length - 1]! + 1 + Math.abs(pts[pts.length - 1]!),
    ];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const lo = bounds[k]!;
      const hi = bounds[k + 1]!;
      const a = lo + (hi - lo) / 4;
      const m = lo + (hi - lo) / 2;
      const c = lo + (3 * (hi - lo)) / 4;
      // Exactly quadratic on the interval: vertex from three samples.
      const fa = along(a);
      const fm = along(m);
      const fc = along(c);
      const curvature = fa - 2 * fm + fc;
      if (curvature > 0) {
        const h = (hi - lo) / 4;
        const w = m - (h * (fc - fa)) / (2 * curvature);
        if (w > lo && w < hi) candidates.push({ w, b: li.beta - w * li.x });
      }
      if (k > 0) candidates.push({ w: lo, b: li.beta - lo * li.x });
    }
  }
  let best = { value: Number.POSITIVE_INFINITY, w: 0, b: 0 };
  const values = candidates.map((c) => ({ ...c, value: f(c.w, c.b) }));
  for (const c of values) if (c.value < best.value) best = c;
  const near = values.filter((c) => c.value <= best.value + 1e-12 * Math.abs(best.value) + 1e-300);
  const distinct = new Set(near.map((c) => `${c.w.toPrecision(9)},${c.b.toPrecision(9)}`));
  return { ...best, ties: distinct.size };
}
