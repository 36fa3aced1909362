/**
 * The values each variable is tested at: its domain's edges and the places
 * where f32 formulas break (logits at ±30, ±88, ±800; probabilities at 1e-12
 * and 1 − 2^-24; residuals up to 1e30; hyperparameters next to their special
 * values), filtered to the domain and rounded to f32 exactly as the GPU sees
 * them. Derived from the catalog's metadata, so new losses are covered.
 *
 * Ranges: residual-like data (regression, distribution, embedding families)
 * up to ±1e30; logits and margins up to ±1e4 (beyond, a formula that shifts
 * every logit by z₁ loses the others to absorption in any f32 code, and ±800
 * already overflows exp twice over); hyperparameters within [1e-6, 1e6]
 * around their special values; probabilities down to 1e-12 from either end.
 */
import { inDomain, type LossDef, type VariableDef } from '@losslab/core';
import { toDeviceF32 } from '../../src/wgsl/literals.js';

const small = [
  1e-30, 1e-12, 1e-7, 1e-3, 0.1, 0.5, 0.9, 1, 1.5, 2, 3, 5, 10, 17, 30, 50, 88, 89, 100, 800, 1e4,
];
const huge = [1e8, 1e15, 1e30];
const hyperScale = [1e-6, 1e-3, 0.1, 0.5, 0.9, 1, 1.5, 2, 3, 5, 10, 30, 100, 1e3, 1e6];

/** Integers where formulas switch branches (α = 0, 2; margins at ±1), and their f32 neighbours. */
const specials = [-2, -1, 0, 1, 2].flatMap((k) => [k, k - 2 ** -22, k + 2 ** -22, k - 1e-6, k + 1e-6]);

/** Inside the ends of [0, 1]. */
const unitEdges = [1e-12, 1e-7, 1e-3, 0.25, 0.5, 0.75, 1 - 1e-3, 1 - 1e-7, 1 - 2 ** -24, 1 - 2 ** -23];

const residualFamilies = new Set(['regression', 'distribution', 'embedding']);

export function hardValues(loss: LossDef, variable: VariableDef): number[] {
  const d = variable.domain;
  if (d.kind === 'set') return [...d.values];
  const unit = d.min >= -1 && d.max <= 1;
  const magnitudes =
    variable.role === 'hyper'
      ? hyperScale
      : residualFamilies.has(loss.family) && !unit
        ? [...small, ...huge]
        : small;
  const candidates = [
    0,
    ...magnitudes.flatMap((m) => [m, -m]),
    ...specials,
    ...(unit ? unitEdges : []),
    d.min,
    d.max,
    d.min + 2 ** -22 * Math.max(1, Math.abs(d.min)),
    d.max - 2 ** -22 * Math.max(1, Math.abs(d.max)),
    variable.plot.min,
    variable.plot.max,
    ...(variable.default !== undefined ? [variable.default] : []),
  ];
  const out = new Set<number>();
  for (const c of candidates) {
    if (!Number.isFinite(c)) continue;
    const f = toDeviceF32(c);
    if (!inDomain(d, f)) continue;
    // Probabilities stop at 1e-12 from an end; 1e-30 belongs to residuals.
    if (unit && f !== 0 && Math.abs(f) < 1e-12) continue;
    out.add(f === 0 ? 0 : f);
  }
  return [...out].sort((a, b) => a - b);
}

/** A smaller, spread-out set for variables other than the two crossed in full. */
export function someHardValues(loss: LossDef, variable: VariableDef, count: number): number[] {
  const all = hardValues(loss, variable);
  if (all.length <= count) return all;
  const picked = new Set<number>();
  if (variable.default !== undefined) picked.add(toDeviceF32(variable.default));
  for (let k = 0; picked.size < count && k < count * 2; k++) {
    picked.add(all[Math.round((k * (all.length - 1)) / (count - 1))]!);
  }
  return [...picked].sort((a, b) => a - b);
}
