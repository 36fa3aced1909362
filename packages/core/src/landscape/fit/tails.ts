/**
 * Does the total have a finite minimizer? Not when some direction (dw, db)
 * lowers it forever: logistic loss on separable data, bce with every label 1,
 * poisson where every count is 0.
 *
 * Each term is read for how it behaves as its s = w·x + b runs off to ±∞,
 * from its derivative in s at s = c ± 40, c ± 80 and c ± 700 (c = y for the
 * residual form, 0 otherwise): a tail "pulls" where the term keeps falling
 * there (logistic's right tail), is "flat" where the term is constant (hinge
 * beyond its margin), and otherwise holds s back (every residual loss; a
 * soft label's bce, both ways). The derivative at ±700 may have underflowed
 * to 0 (focal's (1 − pₜ)^γ), so there it only must not rise.
 *
 * A direction d = (dw, db) moves term i by uᵢ = dw·xᵢ + db. It lowers L
 * forever iff every term allows its move (uᵢ > 0 needs a pulling or flat right
 * tail, uᵢ < 0 a left one, uᵢ = 0 is free), some pulling term moves, and the
 * ridge does not object (with l2 > 0, dw = 0). In one feature that is a
 * threshold test, O(n) after a scan: d = (1, −t) moves the points right of t
 * up and those left of it down.
 */
import type { ResolvedModel } from '../model.js';
import { type OfS, slopeOf } from './term-of-s.js';

type Slope = OfS;

export interface Tails {
  /** The term may move right (it pulls or is flat there). */
  readonly allowUp: boolean;
  readonly allowDown: boolean;
  /** Moving right lowers it forever. */
  readonly pullsUp: boolean;
  readonly pullsDown: boolean;
}

function tails(slope: Slope, y: number, hyper: readonly number[], center: number): Tails {
  const at = (offset: number): number => slope(center + offset, y, hyper);
  const [u40, u80, u700] = [at(40), at(80), at(700)];
  const [d40, d80, d700] = [at(-40), at(-80), at(-700)];
  const pullsUp = u40 < 0 && u80 < 0 && u700 <= 0;
  const pullsDown = d40 > 0 && d80 > 0 && d700 >= 0;
  const flatUp = u40 === 0 && u80 === 0 && u700 === 0;
  const flatDown = d40 === 0 && d80 === 0 && d700 === 0;
  return { allowUp: pullsUp || flatUp, allowDown: pullsDown || flatDown, pullsUp, pullsDown };
}

/**
 * A direction along which L falls forever, or null where a finite minimizer
 * exists (for the convex losses; for the others, where no such direction
 * rules one out).
 */
export function escapeDirection(model: ResolvedModel): { w: number; b: number } | null {
  const slope = slopeOf(model);
  const { data, hyper } = model;
  const residual = model.form.name === 'residual';
  const memo = new Map<number, Tails>();
  const kinds: Tails[] = [];
  let anyPull = false;
  for (let i = 0; i < data.count; i++) {
    const y = data.y[i]!;
    const key = residual ? 0 : y;
    let t = memo.get(key);
    if (!t) {
      // Residual terms depend on s − y alone.
      t = tails(slope, key, hyper, 0);
      memo.set(key, t);
    }
    kinds.push(t);
    anyPull ||= t.pullsUp || t.pullsDown;
  }
  if (!anyPull) return null;
  // dw = 0: every term moves by db.
  if (kinds.every((k) => k.allowUp) && kinds.some((k) => k.pullsUp)) return { w: 0, b: 1 };
  if (kinds.every((k) => k.allowDown) && kinds.some((k) => k.pullsDown)) return { w: 0, b: -1 };
  if (model.l2 > 0) return null;
  for (const sign of [1, -1]) {
    // In x′ = sign·x, d = (sign, −t) moves point i by uᵢ = x′ᵢ − t: up right of t, down left of it.
    // Bounds on t: every point that cannot go up lies at or below t (for sign 1), …
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    for (let i = 0; i < data.count; i++) {
      const x = sign * data.x[i]!;
      const k = kinds[i]!;
      if (!k.allowUp) lo = Math.max(lo, x);
      if (!k.allowDown) hi = Math.min(hi, x);
    }
    if (!(lo <= hi)) continue;
    // … and some pulling point must move: one that pulls up right of lo, or down left of hi.
    for (let i = 0; i < data.count; i++) {
      const x = sign * data.x[i]!;
      const k = kinds[i]!;
      if (k.pullsUp && x > lo) {
        const t = Number.isFinite(lo) ? lo : Math.min(hi, x) - 1 - Math.abs(x);
        return { w: sign, b: -Math.min(t, hi) };
      }
      if (k.pullsDown && x < hi) {
        const t = Number.isFinite(hi) ? hi : Math.max(lo, x) + 1 + Math.abs(x);
        return { w: sign, b: -Math.max(t, lo) };
      }
    }
  }
  return null;
}
