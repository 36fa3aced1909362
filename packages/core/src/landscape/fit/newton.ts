/**
 * Damped Newton with a line search on L(w, b), for the smooth losses (and,
 * from a start, the non-convex ones).
 *
 * The step solves (H + μ·R)·d = −∇L, R = c·Σωᵢ[xᵢ², xᵢ; xᵢ, 1] (the data's own
 * geometry, positive definite unless x is constant), μ = 0 where H is
 * positive definite and grown until H + μ·R is: Newton near the minimum,
 * a preconditioned gradient step where the curvature vanishes (huber's linear
 * zone) or is negative. A backtracking line search (Armijo) keeps every step a
 * descent; a damped step may also grow. The iteration stops when a step no
 * longer moves (w, b) or lowers L beyond rounding.
 *
 * Precision comes from the gradient: L and ∇L are the compensated totals of
 * the exact per-term trees, so Newton converges to the minimum as well as
 * its conditioning allows, whatever the Hessian's accuracy (symbolic where the
 * tree has second derivatives, else differences of the exact gradient).
 */
import type { Hessian, ModelEvaluator, PointEval } from '../evaluator.js';
import type { ModelPoint } from '../model.js';
import { compensatedSum } from './least-squares.js';

export interface NewtonResult {
  readonly w: number;
  readonly b: number;
  readonly at: PointEval;
  readonly hessian: Hessian;
  /** Newton's predicted decrease ½·dᵀ(−∇L) at the end: L − min L for a quadratic. */
  readonly decrement: number;
  readonly iterations: number;
}

const EPS = Number.EPSILON;

/** R = c·Σωᵢ[xᵢ², xᵢ; xᵢ, 1], with a trace-relative floor so it is positive definite. */
function geometry(evaluator: ModelEvaluator): Hessian {
  const { x, weight, count, divisor } = evaluator.model.data;
  const wt = (i: number): number => (weight ? weight[i]! : 1);
  const ww = compensatedSum(count, (i) => wt(i) * x[i]! * x[i]!) / divisor;
  const wb = compensatedSum(count, (i) => wt(i) * x[i]!) / divisor;
  const bb = compensatedSum(count, wt) / divisor;
  return { ww: ww + 1e-12 * (ww + bb) + 1e-300, wb, bb: bb + 1e-12 * (ww + bb) };
}

function positiveDefinite(m: Hessian): boolean {
  return m.ww > 0 && m.bb > 0 && m.ww * m.bb - m.wb * m.wb > 1e-14 * m.ww * m.bb;
}

/** The damped Newton direction −(H + μR)⁻¹g, μ as small as keeps the matrix positive definite. */
function direction(
  h: Hessian,
  r: Hessian,
  g: { w: number; b: number },
): { w: number; b: number; damped: boolean } {
  const base = Math.max(
    Math.abs(h.ww) / r.ww,
    Math.abs(h.bb) / r.bb,
    Math.abs(h.wb) / Math.sqrt(r.ww * r.bb),
  );
  let mu = 0;
  for (let k = 0; k < 40; k++) {
    const m = { ww: h.ww + mu * r.ww, wb: h.wb + mu * r.wb, bb: h.bb + mu * r.bb };
    if (positiveDefinite(m) && Number.isFinite(m.ww * m.bb)) {
      const det = m.ww * m.bb - m.wb * m.wb;
      return { w: -(m.bb * g.w - m.wb * g.b) / det, b: -(m.ww * g.b - m.wb * g.w) / det, damped: mu > 0 };
    }
    mu =
      mu === 0
        ? base > 0
          ? 1e-10 * base
          : Math.hypot(g.w / Math.sqrt(r.ww), g.b / Math.sqrt(r.bb))
        : mu * 8;
    if (!(mu > 0) || !Number.isFinite(mu)) break;
  }
  // Nothing positive definite in reach: the preconditioned gradient.
  const det = r.ww * r.bb - r.wb * r.wb;
  return { w: -(r.bb * g.w - r.wb * g.b) / det, b: -(r.ww * g.b - r.wb * g.w) / det, damped: true };
}

/** Smallest eigenvalue of H and its eigenvector (for leaving a saddle). */
function lowestCurvature(h: Hessian): { value: number; w: number; b: number } {
  const mean = (h.ww + h.bb) / 2;
  const radius = Math.hypot((h.ww - h.bb) / 2, h.wb);
  const value = mean - radius;
  // (H − λI)v = 0: v = (wb, λ − ww) or (λ − bb, wb), whichever is larger.
  const a = { w: h.wb, b: value - h.ww };
  const b = { w: value - h.bb, b: h.wb };
  const v = Math.hypot(a.w, a.b) >= Math.hypot(b.w, b.b) ? a : b;
  const norm = Math.hypot(v.w, v.b) || 1;
  return { value, w: v.w / norm, b: v.b / norm };
}

export function newton(
  evaluator: ModelEvaluator,
  start: ModelPoint,
  options: { readonly local: boolean; readonly maxIterations?: number },
): NewtonResult {
  const r = geometry(evaluator);
  let p = start;
  let at = evaluator.at(p);
  if (!Number.isFinite(at.value)) {
    throw new RangeError(
      `${evaluator.model.loss.id}: L is not finite at the start (w, b) = (${p.w}, ${p.b}); give a start where it is`,
    );
  }
  let h = evaluator.hessian(p);
  let decrement = Number.POSITIVE_INFINITY;
  const maxIterations = options.maxIterations ?? 500;
  let escapes = 0;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const d = direction(h, r, at);
    decrement = -0.5 * (d.w * at.w + d.b * at.b);
    let next = linearSearch(evaluator, p, at, d);
    if (next === null && options.local && escapes < 4) {
      // Stuck: at a saddle of a non-convex loss the gradient vanishes but a direction still descends.
      const low = lowestCurvature(h);
      if (low.value < -1e-8 * (Math.abs(h.ww) / r.ww + Math.abs(h.bb) / r.bb) * Math.sqrt(r.ww * r.bb)) {
        escapes++;
        const scale = Math.hypot(p.w, p.b) + 1;
        for (const sign of [1, -1]) {
          next = linearSearch(evaluator, p, at, {
            w: sign * low.w * scale,
            b: sign * low.b * scale,
            damped: true,
          });
          if (next) break;
        }
      }
    }
    if (next === null) break;
    const moved =
      Math.abs(next.p.w - p.w) > 2 * EPS * Math.abs(p.w) ||
      Math.abs(next.p.b - p.b) > 2 * EPS * Math.abs(p.b);
    p = next.p;
    at = next.at;
    h = evaluator.hessian(p);
    if (!moved) break;
  }
  const d = direction(h, r, at);
  decrement = -0.5 * (d.w * at.w + d.b * at.b);
  return { w: p.w, b: p.b, at, hessian: h, decrement, iterations };
}

/** Armijo backtracking along d (growing a damped step while it keeps paying); null where nothing lowers L. */
function linearSearch(
  evaluator: ModelEvaluator,
  p: ModelPoint,
  at: PointEval,
  d: { w: number; b: number; damped: boolean },
): { p: ModelPoint; at: PointEval } | null {
  const slope = d.w * at.w + d.b * at.b;
  if (!(slope < 0)) return null;
  const point = (t: number): ModelPoint => ({ w: p.w + t * d.w, b: p.b + t * d.b });
  // Near the minimum L moves by |step|²: below its rounding from steps of √ε on. There a step
  // that leaves L within rounding is taken when it shrinks the gradient (Newton's own measure).
  const size = (e: PointEval): number => Math.abs(e.w) / (at.scaleW || 1) + Math.abs(e.b) / (at.scaleB || 1);
  const flatter = (e: PointEval): boolean =>
    e.value <= at.value + 8 * EPS * Math.abs(at.value) && size(e) < 0.5 * size(at);
  const accept = (t: number, e: PointEval): boolean =>
    Number.isFinite(e.value) && (e.value <= at.value + 1e-4 * t * slope || (t === 1 && flatter(e)));
  let t = 1;
  let e = evaluator.at(point(t));
  if (accept(t, e)) {
    if (d.damped) {
      for (let k = 0; k < 60; k++) {
        const t2 = t * 4;
        const e2 = evaluator.at(point(t2));
        if (!(Number.isFinite(e2.value) && e2.value < e.value)) break;
        t = t2;
        e = e2;
      }
    }
  } else {
    let found = false;
    for (let k = 0; k < 80; k++) {
      t /= 2;
      e = evaluator.at(point(t));
      if (accept(t, e)) {
        found = true;
        break;
      }
    }
    if (!found) return null;
  }
  if (!(e.value < at.value) && !flatter(e)) return null;
  return { p: point(t), at: e };
}
