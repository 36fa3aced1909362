/**
 * Catalog-wide property tests: for every loss (iterating `losses`, so new
 * losses are covered as they land), random in-domain points drawn with
 * fast-check from each variable's domain, wide magnitudes included:
 *
 * - `evaluate` is never NaN;
 * - no partial is NaN where the value is finite (where it is infinite, a
 *   partial is NaN only if it is infinite in exact arithmetic: an overflowed
 *   value keeps its partials; the loss tests check those points);
 * - `gradient` agrees with central finite differences.
 *
 * Finite differences cannot see through a kink, a jump or rounding noise, so
 * a point is skipped for one variable when its left and right slopes differ
 * (a kink or jump within a step), when central differences of step h and 2h
 * disagree (curvature too strong for the step), or when rounding noise is a
 * large part of the slope. Skips are counted, and the tests fail if they
 * are not rare: a test that skips everything checks nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  continuousVariables,
  type Domain,
  evaluate,
  gradient,
  inDomain,
  type LossDef,
  losses,
} from '../src/index.js';

const RUNS_PER_LOSS = 300;
const EPS = Number.EPSILON;
/** Relative step of the differences; small enough for curvature, large enough for rounding. */
const STEP = 1e-7;
/** Agreement demanded of gradient() and the differences, on top of their estimated error. */
const TOLERANCE = 1e-6;
/** A point is only useful if the differences' error budget is below this fraction of the slope. */
const USEFUL = 1e-3;
/** Absolute slack for partials that underflow (subnormal gradients against a difference of 0). */
const TINY = 1e-300;
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Uniform over [lo, hi] (2³² steps). Not fc.double, which is uniform over the
 * doubles in the range (nearly all tiny when it spans 0) and, by default,
 * biased toward its bounds, which here would be domain edges.
 */
const uniform = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.noBias(fc.integer({ min: 0, max: 0xffffffff })).map((k) => lo + (hi - lo) * (k / 0xffffffff));

/** 10^e for e uniform in [lo, hi]: log-uniform magnitudes. */
const magnitude = (lo: number, hi: number): fc.Arbitrary<number> => uniform(lo, hi).map((e) => 10 ** e);

/** Extreme magnitudes, used as values and as offsets from domain edges (NaN hides there). */
const SPECIALS = [
  0,
  Number.MIN_VALUE,
  1e-300,
  1e-100,
  1e-16,
  1e-8,
  1 - 2 ** -53,
  1,
  1 + 2 ** -52,
  1e8,
  1e30,
  1e100,
  1e300,
];

/** Values spread over a domain: its plot range, wide magnitudes, the edges, points near them and extremes. */
function domainArbitrary(domain: Domain, plot: { min: number; max: number }): fc.Arbitrary<number> {
  if (domain.kind === 'set') return fc.constantFrom(...domain.values);
  const { min, max } = domain;
  // Weighted: exact edges are worth sampling (NaN and infinities live there) but cannot be differenced.
  const options: fc.WeightedArbitrary<number>[] = [];
  const add = (arbitrary: fc.Arbitrary<number>, weight = 4): void => {
    options.push({ arbitrary, weight });
  };
  add(uniform(plot.min, plot.max));
  const finiteMin = Number.isFinite(min);
  const finiteMax = Number.isFinite(max);
  if (!finiteMin && !finiteMax) {
    add(fc.tuple(fc.boolean(), magnitude(-8, 8)).map(([neg, m]) => (neg ? -m : m)));
  } else if (finiteMin && !finiteMax) {
    add(magnitude(-8, 8).map((m) => min + m));
  } else if (!finiteMin) {
    add(magnitude(-8, 8).map((m) => max - m));
  } else {
    const width = max - min;
    add(uniform(min, max));
    add(magnitude(-10, 0).map((m) => min + width * m));
    add(magnitude(-10, 0).map((m) => max - width * m));
    if (min < 0 && max > 0) {
      const top = Math.log10(Math.min(-min, max));
      add(fc.tuple(fc.boolean(), magnitude(-8, top)).map(([neg, m]) => (neg ? -m : m)));
    }
  }
  const specials = SPECIALS.flatMap((v) => [v, -v, min + v, max - v]).filter((v) => inDomain(domain, v));
  if (specials.length > 0) add(fc.constantFrom(...specials), 1);
  if (domain.minInclusive) add(fc.constant(min), 1);
  if (domain.maxInclusive) add(fc.constant(max), 1);
  return fc.oneof(...options).filter((x) => inDomain(domain, x));
}

/**
 * A point of a loss. Hyperparameters stay out of the subnormal range: a
 * subnormal scale c makes 1/c overflow, and partials that pass through
 * r/c then meet 0·∞ (a documented limitation; data variables get no such pass).
 */
function pointArbitrary(loss: LossDef): fc.Arbitrary<Record<string, number>> {
  const fields: Record<string, fc.Arbitrary<number>> = {};
  for (const v of loss.variables) {
    const values = domainArbitrary(v.domain, v.plot);
    fields[v.name] = v.role === 'hyper' ? values.filter((x) => x === 0 || Math.abs(x) >= MIN_NORMAL) : values;
  }
  return fc.record(fields);
}

/** Distance from x to the nearest edge of an interval domain (Infinity for the real line). */
function edgeDistance(domain: Domain, x: number): number {
  if (domain.kind === 'set') return 0;
  return Math.min(x - domain.min, domain.max - x);
}

type Outcome = 'checked' | 'edge' | 'infinite' | 'kink' | 'noisy';

type Sample = { readonly x: number; readonly f: number };

/**
 * Compares ∂f/∂name at p with central differences; returns why it could not
 * when it could not, and fails (through expect) when they disagree. Steps are
 * 1e-7 of the variable's size, at least 1e-10 absolute (a natural scale for
 * data near 0); for |x| < 1e-3 a purely relative step is tried as well,
 * because a loss may vary on the scale of x itself there (cauchy at
 * r = c = 1e-16), where the absolute step would be too coarse to notice.
 * Any step that agrees is enough; a disagreement fails only if no step agrees.
 */
function checkPartial(loss: LossDef, p: Record<string, number>, name: string, g: number): Outcome {
  if (!Number.isFinite(g)) return 'infinite';
  const variable = loss.variables.find((v) => v.name === name)!;
  const x = p[name]!;
  const room = edgeDistance(variable.domain, x);
  const steps = [STEP * Math.min(Math.max(Math.abs(x), 1e-3), room)];
  if (x !== 0 && Math.abs(x) < 1e-3) steps.push(STEP * Math.min(Math.abs(x), room));
  const results = steps.map((step) => differenceAt(loss, p, name, g, step));
  if (results.includes('checked')) return 'checked';
  const mismatch = results.find((r): r is Mismatch => typeof r === 'object');
  if (mismatch) {
    expect(
      mismatch.error,
      `${loss.id}: ∂/∂${name} at ${JSON.stringify(p)}: ${mismatch.text}`,
    ).toBeLessThanOrEqual(mismatch.allowed);
  }
  return results[0] as Outcome;
}

interface Mismatch {
  readonly error: number;
  readonly allowed: number;
  readonly text: string;
}

function differenceAt(
  loss: LossDef,
  p: Record<string, number>,
  name: string,
  g: number,
  step: number,
): Outcome | Mismatch {
  const variable = loss.variables.find((v) => v.name === name)!;
  const x = p[name]!;
  const room = edgeDistance(variable.domain, x);
  // At least 1e4 ulps of x; a point too close to an edge for that is an edge point.
  const h = Math.max(step, 1e4 * EPS * Math.abs(x));
  if (!(2 * h < room) || x + h === x || x - h === x) return 'edge';
  const f = (dx: number): Sample => {
    const at = x + dx;
    return { x: at, f: evaluate(loss.id, { ...p, [name]: at }) };
  };
  const samples = [f(-2 * h), f(-h), f(0), f(h), f(2 * h)] as const;
  const [m2, m1, c0, p1, p2] = samples;
  if (!samples.every((s) => Number.isFinite(s.f))) return 'infinite';
  const slope = (a: Sample, b: Sample): number => (b.f - a.f) / (b.x - a.x);
  const central = slope(m1, p1);
  const wide = slope(m2, p2);
  const left = slope(m1, c0);
  const right = slope(c0, p1);
  // Each f carries a few ulps of rounding (more where the loss is ill-conditioned), and values
  // near the bottom of the double range lose their bits: 64 ulps plus the smallest normal, over h.
  const noise = (64 * EPS * Math.max(...samples.map((s) => Math.abs(s.f))) + MIN_NORMAL) / h;
  const budget = 2 * Math.abs(central - wide) + noise;
  const scale = Math.max(Math.abs(g), Math.abs(central));
  if (scale <= TINY) return 'checked';
  if (Math.abs(right - left) > USEFUL * scale + 2 * noise) return 'kink';
  if (budget > USEFUL * scale) return 'noisy';
  const error = Math.abs(g - central);
  const allowed = TOLERANCE * scale + budget + TINY;
  if (error <= allowed) return 'checked';
  return { error, allowed, text: `gradient ${g}, differences ${central} (step ${h})` };
}

/** A fixed seed per loss (reproducible CI); FC_SEED explores others. */
function seedFor(id: string): number {
  let hash = Number(process.env.FC_SEED ?? 0x5eed);
  for (const ch of id) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  return hash;
}

const totals: Record<Outcome, number> = { checked: 0, edge: 0, infinite: 0, kink: 0, noisy: 0 };

describe.each(losses.map((loss) => [loss.id, loss] as const))('%s', (_id, loss) => {
  const names = continuousVariables(loss);

  it('is never NaN in its domain; partials are never NaN at finite values and match finite differences', () => {
    const counts: Record<Outcome, number> = { checked: 0, edge: 0, infinite: 0, kink: 0, noisy: 0 };
    fc.assert(
      fc.property(pointArbitrary(loss), (p) => {
        const value = evaluate(loss.id, p);
        expect(value, `${loss.id} at ${JSON.stringify(p)}`).not.toBeNaN();
        const grad = gradient(loss.id, p);
        expect(Object.keys(grad).sort()).toEqual([...names].sort());
        for (const name of names) {
          const g = grad[name]!;
          const where = `${loss.id}: ∂/∂${name} at ${JSON.stringify(p)} (value ${value}) is ${g}`;
          if (Number.isFinite(value)) expect(Number.isNaN(g), where).toBe(false);
          if (Number.isFinite(value)) counts[checkPartial(loss, p, name, g)]++;
        }
      }),
      { numRuns: RUNS_PER_LOSS, seed: seedFor(loss.id) },
    );
    for (const k of Object.keys(counts) as Outcome[]) totals[k] += counts[k];
    const attempted = Object.values(counts).reduce((a, b) => a + b, 0);
    // Losses without continuous variables have nothing to difference.
    if (attempted > 0) {
      expect(counts.checked / attempted, `${loss.id}: ${JSON.stringify(counts)}`).toBeGreaterThanOrEqual(0.4);
    }
  });
});

// Runs after the per-loss tests above (tests in a file run in order).
it('checks most partials across the catalog', () => {
  const attempted = Object.values(totals).reduce((a, b) => a + b, 0);
  if (process.env.GRADIENT_STATS) console.log(totals);
  expect(attempted).toBeGreaterThan(losses.length * RUNS_PER_LOSS);
  expect(totals.checked / attempted, JSON.stringify(totals)).toBeGreaterThanOrEqual(0.75);
});
