/**
 * A custom loss's comparison-table properties, computed rather than claimed:
 * convexity, smoothness and bounded influence in its prediction (the first
 * continuous data variable), checked numerically over the declared plot
 * range with the hyperparameters at their defaults and each other data
 * variable at a few values (its default, the ends and middle of its range,
 * or each value of a set). The checks are sampling, so they can miss what
 * falls between samples (a wiggle narrower than range/256, a kink whose
 * slope changes by less than 1e-7 of the largest slope); they never claim
 * what they saw fail.
 *
 * - convex: on a 257-point grid the slopes between neighbours never
 *   decrease (beyond rounding), and the value is never −∞ nor an interior +∞.
 * - smooth: the value and the partial are finite wherever the value is, and
 *   continuous: the largest jumps between neighbours (and those that stand
 *   out from their neighbours' trend) are bisected 60 times, and a jump that
 *   survives is a kink (partial) or a step (value).
 * - robust: the partial is finite and stays below twice its largest value
 *   on the plot range as the variable runs out towards the domain's ends
 *   (to 10¹² range widths beyond an open end).
 */

import type { LossDef, LossProperties, VariableDef } from '../catalog/types.js';
import { pointKernel } from '../compile/kernels.js';

export interface PropertyReport extends LossProperties {
  /** The variable the properties are about. */
  readonly variable: string;
  /** Settings of the other variables checked. */
  readonly contexts: number;
  /** Points where the value was undefined (NaN): the properties are then false. */
  readonly undefinedPoints: number;
  /** Why each false property is false, in words. */
  readonly notes: readonly string[];
}

const GRID = 257;
const MAX_CONTEXTS = 12;
const BISECTIONS = 60;
const EPS = 2 ** -52;

function gridOf(v: VariableDef): Float64Array {
  const { min, max, scale } = v.plot;
  const xs = new Float64Array(GRID);
  for (let i = 0; i < GRID; i++) {
    const t = i / (GRID - 1);
    xs[i] =
      scale === 'log' ? Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * t) : min + (max - min) * t;
  }
  xs[0] = min;
  xs[GRID - 1] = max;
  return xs;
}

/** Values of a variable other than the prediction to check the properties at. */
function settingsOf(v: VariableDef): number[] {
  if (v.role !== 'data') return [v.default!];
  if (v.domain.kind === 'set') return v.domain.values.slice(0, 5);
  const { min, max, scale } = v.plot;
  const mid = scale === 'log' ? Math.sqrt(min * max) : (min + max) / 2;
  return [...new Set([...(v.default === undefined ? [] : [v.default]), min, mid, max])];
}

/** Argument arrays with every variable but the prediction set; at most MAX_CONTEXTS, defaults first. */
function contextsOf(loss: LossDef, prediction: number): number[][] {
  let combos: number[][] = [[]];
  loss.variables.forEach((v, i) => {
    const values = i === prediction ? [Number.NaN] : settingsOf(v);
    combos = combos.flatMap((c) => values.map((x) => [...c, x]));
  });
  if (combos.length <= MAX_CONTEXTS) return combos;
  const step = combos.length / MAX_CONTEXTS;
  return Array.from({ length: MAX_CONTEXTS }, (_, k) => combos[Math.floor(k * step)]!);
}

const fmt = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x));

function describeContext(loss: LossDef, args: readonly number[], prediction: number): string {
  const others = loss.variables
    .map((v, i) => (i === prediction ? '' : `${v.name} = ${fmt(args[i]!)}`))
    .filter(Boolean);
  return others.length === 0 ? '' : ` (${others.join(', ')})`;
}

/** Indices of the intervals most likely to hide a jump: the largest, and those unlike their neighbours. */
function suspects(ys: Float64Array): number[] {
  const n = ys.length - 1;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = ys[i + 1]! - ys[i]!;
  const score = (i: number): number => {
    const around = i === 0 ? d[1]! : i === n - 1 ? d[n - 2]! : (d[i - 1]! + d[i + 1]!) / 2;
    return Math.abs(d[i]! - around);
  };
  const finite = (i: number): boolean => Number.isFinite(d[i]!);
  const indices = Array.from({ length: n }, (_, i) => i).filter(finite);
  const byJump = [...indices].sort((a, b) => Math.abs(d[b]!) - Math.abs(d[a]!)).slice(0, 4);
  const byAnomaly = [...indices].sort((a, b) => score(b) - score(a)).slice(0, 8);
  return [...new Set([...byJump, ...byAnomaly])];
}

/** Bisects [a, b] towards the larger change of f: what is left of the change across a tiny interval. */
function residualJump(f: (x: number) => number, a: number, b: number): { jump: number; at: number } {
  let lo = a;
  let hi = b;
  let flo = f(lo);
  let fhi = f(hi);
  for (let k = 0; k < BISECTIONS; k++) {
    const mid = lo + (hi - lo) / 2;
    if (!(mid > lo && mid < hi)) break;
    const fm = f(mid);
    if (Math.abs(fm - flo) >= Math.abs(fhi - fm)) {
      hi = mid;
      fhi = fm;
    } else {
      lo = mid;
      flo = fm;
    }
  }
  return { jump: Math.abs(fhi - flo), at: (lo + hi) / 2 };
}

export function checkProperties(loss: LossDef): PropertyReport {
  const prediction = loss.variables.findIndex((v) => v.role === 'data' && v.domain.kind === 'interval');
  if (prediction < 0) throw new RangeError(`${loss.id}: no continuous data variable to check properties in`);
  const variable = loss.variables[prediction]!;
  const name = variable.name;
  const value = pointKernel(loss, 'value');
  const partial = pointKernel(loss, { partial: name });
  const xs = gridOf(variable);
  const contexts = contextsOf(loss, prediction);
  const notes: string[] = [];
  let convex = true;
  let smooth = true;
  let robust = true;
  let undefinedPoints = 0;

  for (const base of contexts) {
    const args = [...base];
    const at =
      (fn: typeof value) =>
      (x: number): number => {
        args[prediction] = x;
        return fn(args);
      };
    const f = at(value);
    const g = at(partial);
    const fs = xs.map(f);
    const gs = xs.map(g);
    const where = describeContext(loss, base, prediction);
    for (let i = 0; i < GRID; i++) if (Number.isNaN(fs[i]!)) undefinedPoints++;

    // Convexity: slopes never decrease.
    if (convex) {
      for (let i = 1; i < GRID - 1 && convex; i++) {
        const [a, b, c] = [fs[i - 1]!, fs[i]!, fs[i + 1]!];
        if ([a, b, c].some(Number.isNaN)) continue;
        if (
          b === Number.NEGATIVE_INFINITY ||
          (b === Number.POSITIVE_INFINITY && Number.isFinite(a) && Number.isFinite(c))
        ) {
          convex = false;
          notes.push(`not convex: ${name} = ${fmt(xs[i]!)} gives ${b}${where}`);
          break;
        }
        if (![a, b, c].every(Number.isFinite)) continue;
        const h1 = xs[i]! - xs[i - 1]!;
        const h2 = xs[i + 1]! - xs[i]!;
        const s1 = (b - a) / h1;
        const s2 = (c - b) / h2;
        const noise =
          (8 * EPS * (Math.abs(a) + Math.abs(b) + Math.abs(c))) / Math.min(h1, h2) +
          1e-9 * (Math.abs(s1) + Math.abs(s2));
        if (s2 < s1 - noise) {
          convex = false;
          notes.push(`not convex: the slope in ${name} decreases near ${name} = ${fmt(xs[i]!)}${where}`);
        }
      }
    }

    // Smoothness: finite where the value is, and no step or kink.
    if (smooth) {
      for (let i = 0; i < GRID; i++) {
        const fi = fs[i]!;
        if (Number.isNaN(fi) || (i > 0 && i < GRID - 1 && !Number.isFinite(fi))) {
          smooth = false;
          notes.push(`not smooth: the value at ${name} = ${fmt(xs[i]!)} is ${fi}${where}`);
          break;
        }
        if (Number.isFinite(fi) && !Number.isFinite(gs[i]!)) {
          smooth = false;
          notes.push(`not smooth: ∂/∂${name} at ${name} = ${fmt(xs[i]!)} is ${gs[i]}${where}`);
          break;
        }
      }
    }
    if (smooth) {
      const scaleOf = (ys: Float64Array): number =>
        ys.reduce((m, y) => (Number.isFinite(y) ? Math.max(m, Math.abs(y)) : m), 0);
      for (const [ys, fn, what] of [
        [fs, f, 'the value steps'],
        [gs, g, `∂/∂${name} jumps (a kink)`],
      ] as const) {
        const tolerance = 1e-7 * scaleOf(ys) + 1e-300;
        for (const i of suspects(ys)) {
          const { jump, at: x } = residualJump(fn, xs[i]!, xs[i + 1]!);
          if (jump > tolerance) {
            smooth = false;
            // The size of the jump from just either side: at the kink itself a tie may give the mean.
            const delta = Math.max(1e-9 * (xs[GRID - 1]! - xs[0]!), Math.abs(x) * 1e-12);
            const across = Math.abs(fn(x + delta) - fn(x - delta));
            notes.push(
              `not smooth: ${what} by ${fmt(Math.max(jump, across))} at ${name} ≈ ${fmt(x)}${where}`,
            );
            break;
          }
        }
        if (!smooth) break;
      }
    }

    // Bounded influence: the partial stops growing towards the domain's ends.
    if (robust) {
      const inRange = gs.reduce((m, y) => Math.max(m, Math.abs(y)), 0);
      const far = farPoints(variable);
      const worst = far
        .map((x) => ({ x, g: g(x) }))
        .find(({ g: gx }) => !(Math.abs(gx) <= 2 * inRange + 1e-300));
      if (Number.isNaN(inRange) || !Number.isFinite(inRange)) {
        robust = false;
        notes.push(`not robust: ∂/∂${name} is unbounded on the plot range${where}`);
      } else if (worst) {
        robust = false;
        notes.push(`not robust: ∂/∂${name} grows to ${fmt(worst.g)} at ${name} = ${fmt(worst.x)}${where}`);
      }
    }
  }
  if (undefinedPoints > 0) {
    convex = false;
    smooth = false;
    notes.push(`undefined (NaN) at ${undefinedPoints} of ${GRID * contexts.length} points checked`);
  }
  return {
    convex,
    smooth,
    robust,
    probabilistic: null,
    variable: name,
    contexts: contexts.length,
    undefinedPoints,
    notes,
  };
}

/** Points beyond the plot range, out to the domain's ends. */
function farPoints(v: VariableDef): number[] {
  const d = v.domain;
  if (d.kind !== 'interval') return [];
  const { min, max } = v.plot;
  const width = max - min;
  const points: number[] = [];
  for (let k = 1; k <= 12; k++) {
    if (d.max === Number.POSITIVE_INFINITY) points.push(max + width * 10 ** k);
    else if (d.max > max) points.push(d.max - (d.max - max) * 10 ** -k);
    if (d.min === Number.NEGATIVE_INFINITY) points.push(min - width * 10 ** k);
    else if (d.min < min) points.push(d.min + (min - d.min) * 10 ** -k);
  }
  if (d.maxInclusive && d.max > max) points.push(d.max);
  if (d.minInclusive && d.min < min) points.push(d.min);
  return points.filter(Number.isFinite);
}
