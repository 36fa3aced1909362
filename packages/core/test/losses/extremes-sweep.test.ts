/**
 * Every loss against its high-precision reference over f64's extremes: each
 * variable in turn over ±{0, 5e-324, 1e-310, 1e-300, …, 1e300, MAX} (and the
 * same distances from 1 on [0, 1] domains) with the others at their defaults,
 * then every pair of variables at one equal extreme (r = c = 5e-324). It finds
 * what hand-picked grids miss: focal's ∂pt at α = pt = 5e-324 (−∞ for −1), and
 * softmax_ce's logit partials at s = 1 − 1e-8 (5e-9 relative), both fixed.
 *
 * Points where the reference itself has no number (NaN: its 80 digits cannot
 * resolve e^(1e100) or a difference below 1e-80) are not judged; points outside
 * a variable's domain are refused by core and skipped.
 */
import { describe, expect, it } from 'vitest';
import { inDomain, type LossDef, losses, type VariableDef } from '../../src/index.js';
import { checkPoint } from '../reference/check.js';
import { referenceLosses } from '../reference/losses.js';
import { referenceFailures } from '../reference-b/check.js';
import { references } from '../reference-b/losses.js';

const MAX = Number.MAX_VALUE;
const MAGNITUDES = [
  0,
  5e-324,
  1e-310,
  1e-300,
  1e-160,
  1e-100,
  1e-30,
  1e-8,
  0.3,
  1,
  2.5,
  30,
  700,
  800,
  1e8,
  1e30,
  1e100,
  1e155,
  1e200,
  1e300,
  MAX,
];

function extremes(v: VariableDef): number[] {
  const d = v.domain;
  if (d.kind === 'set') return [...d.values];
  const unit = d.min >= 0 && d.max <= 1;
  const xs = MAGNITUDES.flatMap((x) => (unit ? [x, 1 - x] : [x, -x]));
  return [...new Set(xs)].filter((x) => inDomain(d, x));
}

function defaultOf(v: VariableDef): number {
  if (v.default !== undefined) return v.default;
  return v.domain.kind === 'set' ? v.domain.values[0]! : (v.plot.min + v.plot.max) / 2;
}

function sweepPoints(loss: LossDef): Record<string, number>[] {
  const base = Object.fromEntries(loss.variables.map((v) => [v.name, defaultOf(v)]));
  const points: Record<string, number>[] = [];
  for (const v of loss.variables) for (const x of extremes(v)) points.push({ ...base, [v.name]: x });
  const vs = loss.variables;
  for (let i = 0; i < vs.length; i++)
    for (let j = i + 1; j < vs.length; j++) {
      const shared = new Set(extremes(vs[j]!));
      for (const x of extremes(vs[i]!))
        if (shared.has(x)) points.push({ ...base, [vs[i]!.name]: x, [vs[j]!.name]: x });
    }
  return points;
}

/** Failures at one point against the regression/margin references (values 1e-12, partials 1e-9). */
function checkAgainstReferenceA(id: string, p: Record<string, number>): string[] {
  const c = checkPoint(id, p);
  const bad: string[] = [];
  if (!(c.valueError <= 1e-12) && !Object.is(c.value, c.expected))
    bad.push(`value ${c.value} vs ${c.expected}`);
  for (const q of c.partials)
    if (
      q.error !== undefined &&
      !(q.error <= 1e-9) &&
      !Object.is(q.got, q.expected) &&
      !Number.isNaN(q.expected)
    )
      bad.push(`∂${q.name} ${q.got} vs ${q.expected}`);
  return bad.map((b) => `${id} at ${JSON.stringify(p)}: ${b}`);
}

describe('every loss over f64 extremes, one variable at a time and in equal pairs', () => {
  it.each(losses.map((l) => [l.id, l] as const))('%s', (id, loss) => {
    expect(referenceLosses[id] ?? references[id], `no reference for ${id}`).toBeDefined();
    const failures: string[] = [];
    for (const p of sweepPoints(loss)) {
      if (!loss.variables.every((v) => inDomain(v.domain, p[v.name]!))) continue;
      if (references[id])
        failures.push(...referenceFailures(id, [p]).filter((l) => !/reference NaN/.test(l)));
      else failures.push(...checkAgainstReferenceA(id, p));
    }
    expect(failures).toEqual([]);
  });
});
