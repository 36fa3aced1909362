/**
 * Exact minimization of totals that are piecewise linear in (w, b): mae,
 * quantile, ε-insensitive and hinge (any loss whose term, read from its tree,
 * is a convex piecewise-linear function of s), with or without the ridge.
 *
 * Each term φᵢ(s) is read from the loss's own tree (piecewise-terms.ts): its
 * breakpoints βᵢₖ and slopes. The
 * total F(w, b) = Σ ωᵢ·φᵢ(w·xᵢ + b) + ½·λ·w² is then convex and piecewise
 * linear (plus the ridge) on the arrangement of the lines w·xᵢ + b = βᵢₖ, and
 * its minimum lies on a vertex, or on one line where the ridge balances.
 *
 * The search walks the arrangement: from a point, it tries the directions
 * along the lines through it (at a vertex, where every cone between two
 * incident lines is narrower than π, a descent direction exists only if one of
 * those does), off a vertex the steepest directions on either side, and b
 * alone; it moves to the exact minimum along the best of them (a
 * weighted-median search over the breakpoints on that ray). It stops where no direction descends:
 * 0 is then in the subdifferential, the optimality certificate. Vertices are
 * computed from the two lines that define them, so a vertex is as exact as
 * the lines' own data.
 */

import type { ModelEvaluator } from '../evaluator.js';
import { modelVariables } from '../forms.js';
import type { ResolvedModel } from '../model.js';
import { type TermKinks, termKinks } from './piecewise-terms.js';

export interface PiecewiseResult {
  readonly w: number;
  readonly b: number;
  /** 0 is in the subdifferential at (w, b) (no direction descends beyond rounding). */
  readonly verified: boolean;
  readonly unique: boolean;
  readonly steps: number;
}

interface Point {
  readonly w: number;
  readonly b: number;
}

interface Direction {
  readonly w: number;
  readonly b: number;
}

const EPS = Number.EPSILON;

/** The problem in arrays: F(w, b) = Σ ωᵢ·φᵢ(w·xᵢ + b) + ½·λ·w² (F = divisor × L). */
class Problem {
  readonly start: Int32Array;
  readonly beta: Float64Array;
  readonly jump: Float64Array;
  readonly slope0: Float64Array;
  /** The largest |x|: the unit that turns a b into a w. */
  readonly xScale: number;

  constructor(
    readonly x: Float64Array,
    readonly omega: Float64Array,
    kinks: readonly TermKinks[],
    readonly lambda: number,
  ) {
    const n = x.length;
    this.xScale = x.reduce((m, xi) => Math.max(m, Math.abs(xi)), 0) || 1;
    this.start = new Int32Array(n + 1);
    let total = 0;
    kinks.forEach((k, i) => {
      this.start[i] = total;
      total += k.breaks.length;
    });
    this.start[n] = total;
    this.beta = new Float64Array(total);
    this.jump = new Float64Array(total);
    this.slope0 = new Float64Array(n);
    kinks.forEach((k, i) => {
      this.slope0[i] = omega[i]! * k.slope0;
      k.breaks.forEach((beta, j) => {
        this.beta[this.start[i]! + j] = beta;
        this.jump[this.start[i]! + j] = omega[i]! * k.jumps[j]!;
      });
    });
  }

  get n(): number {
    return this.x.length;
  }

  /** How far s may be from a breakpoint and still sit on it: a few roundings of w·x + b. */
  tolerance(i: number, p: Point, beta: number): number {
    return 8 * EPS * (Math.abs(p.w * this.x[i]!) + Math.abs(p.b) + Math.abs(beta)) + 1e-300;
  }

  isOn(i: number, k: number, p: Point): boolean {
    const s = p.w * this.x[i]! + p.b;
    const beta = this.beta[k]!;
    return Math.abs(s - beta) <= this.tolerance(i, p, beta);
  }

  /** Slope of φᵢ just right (side > 0) or left of s at p, kinks at p counted on that side. */
  slope(i: number, p: Point, side: number): number {
    const s = p.w * this.x[i]! + p.b;
    let q = this.slope0[i]!;
    for (let k = this.start[i]!; k < this.start[i + 1]!; k++) {
      const beta = this.beta[k]!;
      if (this.isOn(i, k, p)) {
        if (side > 0) q += this.jump[k]!;
      } else if (beta < s) q += this.jump[k]!;
    }
    return q;
  }

  /** F′(p; d) and the size of its terms (for judging it against rounding). */
  derivative(p: Point, d: Direction): { value: number; scale: number } {
    let sum = 0;
    let comp = 0;
    let scale = 0;
    const add = (v: number): void => {
      const t = sum + v;
      comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
      sum = t;
      scale += Math.abs(v);
    };
    for (let i = 0; i < this.n; i++) {
      const u = d.w * this.x[i]! + d.b;
      if (u === 0) continue;
      add(this.slope(i, p, u) * u);
    }
    add(this.lambda * p.w * d.w);
    // w itself carries the rounding of the vertex it came from (w = Δβ/Δx, b = β − w·x): a few u of
    // |w| + |b|/|x|. Where the ridge's optimum is w = 0 that rounding is all the ridge term sees.
    scale += this.lambda * Math.abs(d.w) * (Math.abs(p.w) + Math.abs(p.b) / this.xScale);
    return { value: sum + comp, scale };
  }

  descends(p: Point, d: Direction): number {
    const { value, scale } = this.derivative(p, d);
    return value < -64 * EPS * scale ? value : 0;
  }

  /** Kinks with p on their line. */
  active(p: Point): number[] {
    const found: number[] = [];
    for (let i = 0; i < this.n; i++)
      for (let k = this.start[i]!; k < this.start[i + 1]!; k++) if (this.isOn(i, k, p)) found.push(k);
    return found;
  }

  pointOf(k: number): number {
    // start is ascending: binary search for the point owning kink k.
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.start[mid]! <= k) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Where the ray p + t·d (t > 0) crosses a kink line p is not on, in order
   * of t, with the jump in F's slope along d there.
   */
  private crossings(p: Point, d: Direction): { t: number; jump: number }[] {
    const crossings: { t: number; jump: number }[] = [];
    for (let i = 0; i < this.n; i++) {
      const u = d.w * this.x[i]! + d.b;
      if (u === 0) continue;
      const s = p.w * this.x[i]! + p.b;
      for (let k = this.start[i]!; k < this.start[i + 1]!; k++) {
        if (this.isOn(i, k, p)) continue;
        const t = (this.beta[k]! - s) / u;
        if (t > 0) crossings.push({ t, jump: this.jump[k]! * Math.abs(u) });
      }
    }
    crossings.sort((a, b) => a.t - b.t);
    return crossings;
  }

  /** The exact minimum of F along p + t·d, t ≥ 0 (F′(p; d) < 0). */
  lineSearch(p: Point, d: Direction): number {
    const crossings = this.crossings(p, d);
    const { value: d0, scale } = this.derivative(p, d);
    const curvature = this.lambda * d.w * d.w;
    const tol = 64 * EPS * scale;
    let slope = d0;
    let last = 0;
    for (const { t, jump } of crossings) {
      if (curvature > 0 && slope + curvature * t > tol) return Math.max(last, -slope / curvature);
      slope += jump;
      last = t;
      if (slope + curvature * t >= -tol) return t;
    }
    if (curvature > 0) return Math.max(last, -slope / curvature);
    // F is bounded below, so the last piece cannot descend: only rounding gets here.
    return last;
  }

  /** How far F stays flat along p + t·d (F′(p; d) = 0): the first crossing where its slope turns up. */
  flatUntil(p: Point, d: Direction): number {
    const crossings = this.crossings(p, d);
    for (const c of crossings) if (c.jump > 0) return c.t;
    return Number.POSITIVE_INFINITY;
  }

  /** p moved onto the lines it lies on (to rounding): a vertex from its two lines, else the one line. */
  snap(p: Point, preferred: readonly number[]): Point {
    const on = this.active(p);
    if (on.length === 0) return p;
    const order = [...preferred.filter((k) => on.includes(k)), ...on];
    const first = order[0]!;
    const i = this.pointOf(first);
    const second = order.find((k) => this.x[this.pointOf(k)] !== this.x[i]);
    if (second !== undefined) {
      const j = this.pointOf(second);
      const xi = this.x[i]!;
      const xj = this.x[j]!;
      const w = (this.beta[first]! - this.beta[second]!) / (xi - xj);
      // b from the line whose x is smaller in size: less of w's rounding carries over.
      const b = Math.abs(xi) <= Math.abs(xj) ? this.beta[first]! - w * xi : this.beta[second]! - w * xj;
      return { w, b };
    }
    return { w: p.w, b: this.beta[first]! - p.w * this.x[i]! };
  }

  /**
   * The directions worth trying at p: both ways along every line through p;
   * off a vertex, also the steepest descent on either side of its line (or,
   * on no line, −∇F).
   */
  candidates(p: Point, on: readonly number[]): Direction[] {
    const xs = [...new Set(on.map((k) => this.x[this.pointOf(k)]!))];
    const dirs: Direction[] = [];
    for (const x of xs) dirs.push({ w: 1, b: -x }, { w: -1, b: x });
    if (xs.length <= 1) {
      const normal = xs.length === 1 ? { w: xs[0]!, b: 1 } : null;
      for (const side of normal ? [1, -1] : [0]) {
        // The gradient of F on this side of the line (its terms' slopes taken on that side).
        let gw = this.lambda * p.w;
        let gb = 0;
        for (let i = 0; i < this.n; i++) {
          // Terms on the line take their slope on this side; the others have one slope here.
          const q = this.slope(i, p, normal ? side : 1);
          gw += q * this.x[i]!;
          gb += q;
        }
        const d = { w: -gw, b: -gb };
        if (!normal || side * (d.w * normal.w + d.b * normal.b) > 0) dirs.push(d);
      }
    }
    // b alone (w fixed): the exact line search is then a weighted median, which leaves a channel
    // between two lines in one move where moves along the lines would zig-zag down it.
    dirs.push({ w: 0, b: 1 }, { w: 0, b: -1 });
    return dirs.filter((d) => d.w !== 0 || d.b !== 0);
  }
}

/**
 * The kinks of every term, or null where some term is not convex piecewise
 * linear in s (then this solver does not apply).
 */
export function piecewiseProblem(model: ResolvedModel): Problem | null {
  const { data, term, params } = model;
  const env: Record<string, number> = {};
  for (const p of params) env[p.name] = p.value;
  const kinks: TermKinks[] = [];
  const byLabel = new Map<number, TermKinks | null>();
  const residual = model.form.name === 'residual';
  for (let i = 0; i < data.count; i++) {
    const y = data.y[i]!;
    // Residual terms depend on s − y alone: analyse at y = 0 once and shift the breakpoints.
    const key = residual ? 0 : y;
    let k = byLabel.get(key);
    if (k === undefined) {
      env[modelVariables.y] = key;
      k = termKinks(term.ofS, env);
      byLabel.set(key, k);
    }
    if (k === null) return null;
    kinks.push(residual ? { ...k, breaks: k.breaks.map((beta) => beta + y) } : k);
  }
  const omega = data.weight ?? new Float64Array(data.count).fill(1);
  return new Problem(data.x, omega, kinks, data.l2 * data.divisor);
}

/** The exact minimizer of a piecewise-linear convex total (see the module comment). */
export function solvePiecewise(problem: Problem, evaluator: ModelEvaluator): PiecewiseResult {
  let p: Point = problem.snap({ w: 0, b: 0 }, []);
  let value = evaluator.value(p);
  const maxSteps = 64 + 8 * problem.beta.length;
  let steps = 0;
  let verified = false;
  for (; steps < maxSteps; steps++) {
    const on = problem.active(p);
    // The best move: the lowest L; among moves L cannot tell apart (a ridge-balanced step of
    // 1e-9 gains 1e-17), the largest decrease the exact line search predicts.
    let best: { p: Point; value: number; gain: number } | null = null;
    const level = value + 4 * EPS * Math.abs(value);
    for (const d of problem.candidates(p, on)) {
      const slope = problem.descends(p, d);
      if (slope === 0) continue;
      const t = problem.lineSearch(p, d);
      if (!(t > 0)) continue;
      const raw = { w: p.w + t * d.w, b: p.b + t * d.b };
      // Along a line: keep to it; the vertex is its crossing with the line hit.
      const along = on.filter((k) => d.w * problem.x[problem.pointOf(k)]! + d.b === 0);
      const next = problem.snap(raw, along);
      const v = evaluator.value(next);
      const gain = -slope * t;
      if (!(v <= level) || (next.w === p.w && next.b === p.b)) continue;
      if (best === null || v < best.value || (v === best.value && gain > best.gain))
        best = { p: next, value: v, gain };
    }
    if (best === null) {
      verified = problem.candidates(p, on).every((d) => problem.descends(p, d) === 0);
      break;
    }
    p = best.p;
    value = Math.min(value, best.value);
  }
  const unique = verified && isUnique(problem, p);
  if (verified && !unique) p = centre(problem, evaluator, p);
  // The ridge's own optimum w = 0, where a vertex's rounding left w a few ulps of |b|/|x| off it.
  if (
    verified &&
    problem.lambda > 0 &&
    p.w !== 0 &&
    Math.abs(p.w) <= 64 * EPS * (Math.abs(p.b) / problem.xScale)
  ) {
    const zero = { w: 0, b: p.b };
    if (evaluator.value(zero) <= evaluator.value(p)) p = zero;
  }
  return { ...p, verified, unique, steps };
}

/**
 * Within a set of minimizers, away from its edges: a point on a kink line
 * computed in floating point sits a rounding off it, and where the minimum is
 * 0 (hinge on separable data) that costs ~1e-16. Each flat direction is
 * followed to the middle of its flat stretch, where no kink is near.
 */
function centre(problem: Problem, evaluator: ModelEvaluator, start: Point): Point {
  let p = start;
  let value = evaluator.value(p);
  const flat = (d: Direction): boolean => {
    if (problem.lambda > 0 && d.w !== 0) return false;
    const { value: slope, scale } = problem.derivative(p, d);
    return Math.abs(slope) <= 64 * EPS * scale;
  };
  for (let pass = 0; pass < 2; pass++) {
    const edges = [...problem.candidates(p, problem.active(p)), { w: 0, b: 1 }, { w: 0, b: -1 }].filter(flat);
    // Sums of two flat directions are flat too (F′ is sublinear): they lead off the edges, inside.
    const dirs = [...edges];
    for (let i = 0; i < edges.length; i++)
      for (let j = i + 1; j < edges.length; j++)
        dirs.push({ w: edges[i]!.w + edges[j]!.w, b: edges[i]!.b + edges[j]!.b });
    for (const d of dirs) {
      if ((d.w === 0 && d.b === 0) || !flat(d)) continue;
      const end = problem.flatUntil(p, d);
      if (!(end > 0)) continue;
      const t = Number.isFinite(end) ? end / 2 : 1;
      const next = { w: p.w + t * d.w, b: p.b + t * d.b };
      const v = evaluator.value(next);
      if (v <= value) {
        p = next;
        value = v;
      }
    }
  }
  return p;
}

/**
 * The minimizer at p is the only one unless F is flat in some direction from
 * p: along a line through p, or (with the ridge, where only a change of b can
 * keep F flat) along b.
 */
function isUnique(problem: Problem, p: Point): boolean {
  const flat = (d: Direction): boolean => {
    const { value, scale } = problem.derivative(p, d);
    return Math.abs(value) <= 64 * EPS * scale;
  };
  if (problem.lambda > 0) return !flat({ w: 0, b: 1 }) && !flat({ w: 0, b: -1 });
  const on = problem.active(p);
  const xs = new Set(on.map((k) => problem.x[problem.pointOf(k)]!));
  if (xs.size < 2) return false;
  return [...xs].every((x) => !flat({ w: 1, b: -x }) && !flat({ w: -1, b: x }));
}

export type { Problem as PiecewiseProblem };
