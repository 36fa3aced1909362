/**
 * GPU f32 results against core's f64 results at the same (f32) inputs.
 *
 * Forward rule, per point: ±∞ and NaN exactly where core's value rounded to
 * f32 is; 0 exactly where it is 0; otherwise within `ulps` units in the last
 * place of the correctly rounded f32 value (or `abs` absolutely, where a loss
 * states a floor). WGSL lets every GPU flush subnormals, so a result within
 * 4·FLT_MIN of the exact value is accepted (an exact value below FLT_MIN may
 * come back as 0).
 *
 * Where f32 arithmetic cannot meet that (cancellation, a kink or branch
 * decided by a difference that rounds, an overflow threshold), the result
 * must still be the forward-correct answer for inputs within `inputUlps` of
 * the actual ones (mixed forward–backward error, the standard measure of an
 * f32 implementation of an ill-conditioned function): core is evaluated on
 * the 3ⁿ corners and midpoints of that box, and the GPU value must match one
 * of them, or lie between them. This is what separates "f32 can't do better
 * than the formula's conditioning" from a wrong answer: BCE-with-logits = 0
 * at z = −30 or a soft-margin of ∞ at m = −89 match no input nearby.
 */
import { evaluateBatch, inDomain, type LossDef, type Output, outputExpr } from '@losslab/core';
import { rewriteForF32 } from '../../src/wgsl/rewrite.js';
import { interpretFlushed } from './ftz.js';
import type { Columns } from './points.js';

export interface Tolerance {
  /** Forward bound, in ulps of the correctly rounded f32 value. */
  readonly ulps: number;
  /** Backward bound: how far (in ulps of each input) the inputs may move. 0: forward only. */
  readonly inputUlps: number;
  /** Absolute floor (default none). */
  readonly abs?: number;
}

/** A tolerance that may depend on the point (an absolute floor scaled by the inputs). */
export type PointTolerance = Tolerance | ((point: Record<string, number>, ref: number) => Tolerance);

export interface Mismatch {
  readonly index: number;
  readonly point: Record<string, number>;
  readonly gpu: number;
  readonly ref: number;
  readonly why: string;
}

export interface Comparison {
  readonly mismatches: Mismatch[];
  /** Largest forward error in ulps among finite, nonzero results. */
  readonly worstUlps: number;
  readonly worstAt: Record<string, number> | null;
  /** Points that passed only through the backward criterion. */
  readonly backward: number;
  /** Points that passed only against the flush-to-zero reference. */
  readonly flushed: number;
  readonly checked: number;
}

const MIN_NORMAL = 2 ** -126;
const SUBNORMAL_SLACK = 4 * MIN_NORMAL;

/** The spacing of f32 values at |x|. */
export function ulpOf(x: number): number {
  const a = Math.abs(x);
  if (a < MIN_NORMAL) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

/** Null when g is an acceptable f32 result for the exact value r; else why not. */
export function forward(g: number, r: number, tol: Tolerance): string | null {
  if (Number.isNaN(r)) return Number.isNaN(g) ? null : 'expected NaN';
  if (Number.isNaN(g)) return 'unexpected NaN';
  const e = Math.fround(r);
  if (e === 0) return g === 0 ? null : 'expected exactly 0';
  if (!Number.isFinite(e)) return g === e ? null : `expected ${e}`;
  if (!Number.isFinite(g)) return 'unexpected infinity';
  const err = Math.abs(g - r);
  // GPUs may flush subnormal intermediates: differences of a few FLT_MIN are allowed everywhere.
  if (err <= SUBNORMAL_SLACK) return null;
  if (tol.abs !== undefined && err <= tol.abs) return null;
  const ulps = err / ulpOf(e);
  return ulps <= tol.ulps ? null : `${ulps.toPrecision(3)} ulp`;
}

const pointAt = (columns: Columns, k: number): Record<string, number> =>
  Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, values[k]!]));

/** Inputs moved by −k, 0, +k ulps each (kept in the domain), every combination. */
function neighbourhood(loss: LossDef, point: Record<string, number>, k: number): Record<string, number>[] {
  let out: Record<string, number>[] = [{}];
  for (const v of loss.variables) {
    const x = point[v.name]!;
    const step = x === 0 ? 0 : k * ulpOf(x);
    const options =
      v.domain.kind === 'set'
        ? [x]
        : [...new Set([x - step, x, x + step])].filter((y) => inDomain(v.domain, y));
    out = out.flatMap((p) => options.map((y) => ({ ...p, [v.name]: y })));
  }
  return out;
}

export function compareOutputs(
  loss: LossDef,
  output: Output,
  columns: Columns,
  gpu: Float32Array,
  tolerance: PointTolerance,
): Comparison {
  const ref = evaluateBatch(loss, columns, undefined, { output });
  const tolAt = (k: number): Tolerance =>
    typeof tolerance === 'function' ? tolerance(pointAt(columns, k), ref[k]!) : tolerance;
  const anyTol = tolAt(0);
  // The tree as the GPU computes it (after the f32 rewrites), for the flush-to-zero reference.
  const tree = rewriteForF32(outputExpr(loss, output));
  const failing: number[] = [];
  let worstUlps = 0;
  let worstIndex = -1;
  for (let k = 0; k < gpu.length; k++) {
    const g = gpu[k]!;
    const r = ref[k]!;
    if (Number.isFinite(g) && g !== 0 && Number.isFinite(r)) {
      const ulps = Math.abs(g - r) / ulpOf(Math.fround(r));
      if (ulps > worstUlps) {
        worstUlps = ulps;
        worstIndex = k;
      }
    }
    if (forward(g, r, tolAt(k)) !== null) failing.push(k);
  }
  const mismatches: Mismatch[] = [];
  let backward = 0;
  let flushed = 0;
  const flushedOk = (k: number): boolean => {
    const ok = forward(gpu[k]!, interpretFlushed(tree, pointAt(columns, k)), tolAt(k)) === null;
    if (ok) flushed++;
    return ok;
  };
  if (failing.length > 0 && anyTol.inputUlps > 0) {
    // Every failing point's neighbourhood, evaluated by core in one batch.
    const groups = failing.map((k) => neighbourhood(loss, pointAt(columns, k), tolAt(k).inputUlps));
    const flat: Columns = Object.fromEntries(
      loss.variables.map((v) => [v.name, groups.flat().map((p) => p[v.name]!)]),
    );
    const near = evaluateBatch(loss, flat, undefined, { output });
    let at = 0;
    failing.forEach((k, f) => {
      const values = Array.from(near.subarray(at, at + groups[f]!.length));
      at += groups[f]!.length;
      const g = gpu[k]!;
      const tol = tolAt(k);
      const finite = values.filter(Number.isFinite);
      const between =
        Number.isFinite(g) &&
        finite.length === values.length &&
        g >= Math.min(...finite) - tol.ulps * ulpOf(g) &&
        g <= Math.max(...finite) + tol.ulps * ulpOf(g);
      if (between || values.some((r) => forward(g, r, tol) === null)) backward++;
      else if (!flushedOk(k)) {
        mismatches.push({
          index: k,
          point: pointAt(columns, k),
          gpu: g,
          ref: ref[k]!,
          why: forward(g, ref[k]!, tol)!,
        });
      }
    });
  } else {
    for (const k of failing) {
      if (flushedOk(k)) continue;
      mismatches.push({
        index: k,
        point: pointAt(columns, k),
        gpu: gpu[k]!,
        ref: ref[k]!,
        why: forward(gpu[k]!, ref[k]!, tolAt(k))!,
      });
    }
  }
  return {
    mismatches,
    worstUlps,
    worstAt: worstIndex >= 0 ? pointAt(columns, worstIndex) : null,
    backward,
    flushed,
    checked: gpu.length,
  };
}
