/**
 * The done-when test of custom losses: catalog losses re-typed as formulas
 * agree with the catalog to the last bit on the CPU, in value and every
 * partial, over sweeps of every pair of variables (plot ranges and ranges
 * out to ±1e200), batches and single points.
 */
import { describe, expect, it } from 'vitest';
import {
  type AxisSpec,
  continuousVariables,
  evaluate,
  evaluateBatch,
  getLoss,
  gradient,
  type LossDef,
  type Output,
  sweep,
  type VariableDef,
} from '../../src/index.js';
import { arrangedFormulas, exactFormulas, focalFormula, retype, textbookFormulas } from './retyped.js';

/** Cells that differ bit for bit (NaN equals NaN; +0 and −0 differ). */
function differingCells(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const cells: number[] = [];
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) cells.push(k);
  return cells;
}

/** The plot range, and the domain out to ±1e200 (open ends stepped inside). */
function ranges(v: VariableDef): Omit<AxisSpec, 'variable' | 'size'>[] {
  const plot = { min: v.plot.min, max: v.plot.max, scale: v.plot.scale };
  if (v.domain.kind !== 'interval') return [plot];
  const d = v.domain;
  const lo = Number.isFinite(d.min)
    ? d.minInclusive
      ? d.min
      : d.min === 0
        ? 1e-300
        : d.min + Math.abs(d.min) * 1e-15
    : -1e200;
  const hi = Number.isFinite(d.max) ? (d.maxInclusive ? d.max : d.max - Math.abs(d.max) * 2 ** -53) : 1e200;
  return [plot, { min: lo, max: hi, scale: lo > 0 ? 'log' : 'linear' }];
}

function outputsOf(loss: LossDef): Output[] {
  return ['value', ...continuousVariables(loss).map((partial) => ({ partial }))];
}

/** Every (x, y) pair of continuous variables, each over both of its ranges, for every output. */
function* sweepCases(loss: LossDef) {
  const names = continuousVariables(loss);
  // Data variables without a default are fixed mid-range when they are not an axis.
  const fixedFor = (x: string, y: string): Record<string, number> =>
    Object.fromEntries(
      loss.variables
        .filter((v) => v.default === undefined && v.name !== x && v.name !== y)
        .map((v) => [v.name, (v.plot.min + v.plot.max) / 2]),
    );
  for (const x of names) {
    for (const y of names) {
      if (x === y) continue;
      const vx = loss.variables.find((v) => v.name === x)!;
      const vy = loss.variables.find((v) => v.name === y)!;
      for (const rx of ranges(vx)) {
        for (const ry of ranges(vy)) {
          for (const output of outputsOf(loss)) {
            yield {
              x: { variable: x, size: 33, ...rx },
              y: { variable: y, size: 17, ...ry },
              fixed: fixedFor(x, y),
              output,
            };
          }
        }
      }
    }
  }
}

/** Points of a one-variable loss's domain: the plot range densely, then out to ±1e300 and the edges. */
function batchPoints(v: VariableDef): number[] {
  const xs: number[] = [];
  for (let i = 0; i <= 200; i++) xs.push(v.plot.min + ((v.plot.max - v.plot.min) * i) / 200);
  for (const s of [1e-300, 1e-30, 1e-9, 0.5, 1, 2, 700, 710, 1e10, 1e154, 1e200, 1e300]) xs.push(s, -s);
  xs.push(0, -0, 1 - 2 ** -53, 2 ** -1074);
  const d = v.domain;
  return xs.filter(
    (x) =>
      d.kind === 'interval' &&
      (d.minInclusive ? x >= d.min : x > d.min) &&
      (d.maxInclusive ? x <= d.max : x < d.max),
  );
}

describe('catalog losses re-typed as formulas', () => {
  it.each(Object.entries(exactFormulas))('%s: the same tree, so the same bits', (id, formula) => {
    const catalog = getLoss(id);
    const mine = retype(id, formula);
    // Hash-consing: the formula spells the catalog's arrangement, so the parser builds the same node.
    expect(mine.expr).toBe(catalog.expr);
    expect(mine.variables.map((v) => v.name)).toEqual(catalog.variables.map((v) => v.name));
    expect(mine.id).toBe(`my_${id}`);
  });

  it.each(Object.keys(exactFormulas))('%s: sweeps of every pair and output agree bit for bit', (id) => {
    const catalog = getLoss(id);
    const mine = retype(id, exactFormulas[id]!);
    let compared = 0;
    for (const c of sweepCases(catalog)) {
      const expected = sweep({ loss: id, ...c });
      const got = sweep({ loss: mine, ...c });
      expect(differingCells(got.data, expected.data), `${id} ${JSON.stringify(c)}`).toEqual([]);
      expect(got.nanCount).toBe(expected.nanCount);
      compared += got.data.length;
    }
    // Losses of one continuous variable have no 2D sweep: a batch over its domain instead.
    const names = continuousVariables(catalog);
    if (names.length === 1) {
      const v = catalog.variables.find((x) => x.name === names[0])!;
      const column = batchPoints(v);
      for (const output of outputsOf(catalog)) {
        const expected = evaluateBatch(id, { [v.name]: column }, undefined, { output });
        const got = evaluateBatch(mine, { [v.name]: column }, undefined, { output });
        expect(differingCells(got, expected), `${id} ${JSON.stringify(output)}`).toEqual([]);
        compared += got.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('agree at single points through evaluate and gradient', () => {
    const cases: [string, Record<string, number>][] = [
      ['huber', { r: 3, delta: 1 }],
      ['huber', { r: 1e300, delta: 1e200 }],
      ['quantile', { r: -1e-300, tau: 0.3 }],
      ['kl_gaussian', { mu: 0, sigma: 1 + 1e-9 }],
      ['logistic', { m: -800 }],
    ];
    for (const [id, point] of cases) {
      const mine = retype(id, exactFormulas[id]!);
      expect(Object.is(evaluate(mine, point), evaluate(id, point)), `${id} value`).toBe(true);
      const g = gradient(mine, point);
      const h = gradient(id, point);
      for (const name of Object.keys(h)) expect(Object.is(g[name], h[name]), `${id} ∂${name}`).toBe(true);
    }
  });

  it.each(Object.keys(arrangedFormulas))(
    '%s: the earlier arrangement agrees on the plot ranges to within 1e-12',
    (id) => {
      const catalog = getLoss(id);
      const mine = retype(id, arrangedFormulas[id]!);
      let worst = 0;
      let compared = 0;
      for (const c of sweepCases(catalog)) {
        // The plot ranges only: the edge regimes (scale moves, explicit partials) are what differs.
        const vx = catalog.variables.find((v) => v.name === c.x.variable)!;
        const vy = catalog.variables.find((v) => v.name === c.y.variable)!;
        if (c.x.min !== vx.plot.min || c.x.max !== vx.plot.max) continue;
        if (c.y.min !== vy.plot.min || c.y.max !== vy.plot.max) continue;
        const expected = sweep({ loss: id, ...c });
        const got = sweep({ loss: mine, ...c });
        for (let k = 0; k < got.data.length; k++) {
          const a = got.data[k]!;
          const b = expected.data[k]!;
          if (Object.is(a, b) || a === b) continue;
          // Relative to the larger magnitude; a partial that is 0 in one and ±1e-17 in the other is absolute.
          worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300));
        }
        compared += got.data.length;
      }
      expect(compared).toBeGreaterThan(100);
      // Measured: bit for bit for most; bce_logits 6.7e-15, softmax_ce 1.3e-15 (sum3 where the plain sum
      // rounds twice), gaussian_nll 6.6e-13 (∂var at r² ≈ var, where the catalog's partial no longer cancels).
      expect(worst, id).toBeLessThan(1e-12);
    },
  );

  it('focal: the earlier arrangement agrees to within 1e-12, the partials everywhere but pt = 1 (where the catalog gives one-sided limits)', () => {
    // The catalog forms −α(1 − pt)^γ·log pt as one expmul of its factors (exact where a partial
    // product over- or underflows), which a formula cannot type; typed, it is the earlier tree.
    const mine = retype('focal', focalFormula);
    let worst = 0;
    for (const c of sweepCases(getLoss('focal'))) {
      const expected = sweep({ loss: 'focal', ...c });
      const got = sweep({ loss: mine, ...c });
      // Cell k is (x[k % nx], y[⌊k / nx⌋]); only partials at pt = 1 may differ more.
      const ptAt = (k: number): number =>
        c.x.variable === 'pt'
          ? got.x.coords[k % c.x.size]!
          : c.y.variable === 'pt'
            ? got.y.coords[Math.floor(k / c.x.size)]!
            : 0.5;
      for (let k = 0; k < got.data.length; k++) {
        const a = got.data[k]!;
        const b = expected.data[k]!;
        if (Object.is(a, b) || a === b || (c.output !== 'value' && ptAt(k) === 1)) continue;
        const diff = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
        if (!(diff <= worst)) worst = diff;
      }
    }
    // Measured: 1.3e-15.
    expect(worst).toBeLessThan(1e-12);
    // At pt = 1 with γ = 0 the catalog's ∂pt is −α (the limit from below); the typed 0 branch has ∂pt = 0.
    expect(gradient('focal', { pt: 1, gamma: 0 }).pt).toBe(-0.25);
    expect(gradient(mine, { pt: 1, gamma: 0 }).pt).toBe(0);
  });
});

describe('textbook formulas (the catalog rearranges them for exactness)', () => {
  /** Relative difference, 0 for equal values (including both infinite). */
  const rel = (a: number, b: number): number =>
    Object.is(a, b) || a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

  it.each(Object.entries(textbookFormulas))(
    '%s agrees with the catalog where both are well-conditioned',
    (id, formula) => {
      const catalog = getLoss(id);
      const mine = retype(id, formula);
      const names = continuousVariables(catalog);
      const [xName, yName] = [names[0]!, names[1]];
      const vx = catalog.variables.find((v) => v.name === xName)!;
      let worstValue = 0;
      let worstPartial = 0;
      // The plot range, away from the points where a textbook form cancels (r, m, z near 0 or a threshold).
      const xs = Array.from(
        { length: 61 },
        (_, i) => vx.plot.min + ((vx.plot.max - vx.plot.min) * (i + 0.5)) / 61,
      );
      const ys = yName
        ? [0.3, 0.5, 1, 2, 3].filter(
            (y) =>
              catalog.variables.find((v) => v.name === yName)!.plot.min <= y &&
              y <= catalog.variables.find((v) => v.name === yName)!.plot.max,
          )
        : [undefined];
      for (const x of xs) {
        // Near 0 the textbook partials in a scale (δ, c) cancel: 1.3e-10 relative at r/δ = 0.03.
        if (Math.abs(x) < 0.5) continue;
        for (const y of ys) {
          const point: Record<string, number> = {
            [xName]: x,
            ...(yName && y !== undefined ? { [yName]: y } : {}),
          };
          worstValue = Math.max(worstValue, rel(evaluate(mine, point), evaluate(id, point)));
          const g = gradient(mine, point);
          const h = gradient(id, point);
          for (const name of Object.keys(h)) worstPartial = Math.max(worstPartial, rel(g[name]!, h[name]!));
        }
      }
      // Measured: values within 1.3e-13 (the worst: bce_logits' softplus(z) − y·z cancelling at z ≈ 6),
      // partials within 1e-12 for |r| ≥ 0.5; nearer 0 the textbook δ- and c-partials of pseudo_huber and
      // cauchy cancel (1.3e-10 at r/δ = 0.03), which is why the catalog writes them otherwise.
      expect(worstValue).toBeLessThan(1e-12);
      expect(worstPartial).toBeLessThan(1e-12);
    },
  );

  it('is why the catalog rearranges: textbook pseudo-Huber at r = 1e-9 cancels to 0, the catalog keeps 5e-19', () => {
    const textbook = retype('pseudo_huber', textbookFormulas.pseudo_huber!);
    expect(evaluate(textbook, { r: 1e-9 })).toBe(0);
    expect(evaluate('pseudo_huber', { r: 1e-9 })).toBeCloseTo(5e-19, 30);
    expect(evaluate(retype('pseudo_huber', arrangedFormulas.pseudo_huber!), { r: 1e-9 })).toBe(
      evaluate('pseudo_huber', { r: 1e-9 }),
    );
  });
});
