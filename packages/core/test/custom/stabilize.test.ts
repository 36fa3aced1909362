/**
 * A custom formula goes through core's simplifier: the textbook-unstable
 * patterns are rewritten into the stable primitives AND each rewrite is
 * reported (in `parseFormula(...).rewrites` and `def.source.rewrites`), so a
 * formula typed in its textbook form computes as the catalog does where
 * the textbook form loses digits or overflows.
 */
import { describe, expect, it } from 'vitest';
import {
  type CustomLossSpec,
  customLoss,
  evaluate,
  evaluateBatch,
  getLoss,
  gradient,
  parseFormula,
  sweep,
} from '../../src/index.js';
import { arrangedFormulas, exactFormulas, retype, variablesOf } from './retyped.js';

const residual = { name: 'r', role: 'data', domain: 'real', range: [-5, 5] } as const;
function loss(formula: string, variables: CustomLossSpec['variables'] = [residual]) {
  return customLoss({ id: 'my_loss', formula, variables });
}

/** The rules each formula's rewrites report, and the formula it computes instead. */
const rewritten: [string, string, readonly string[], string][] = [
  ['log(1 + x) → log1p(x)', 'log(1 + r^2)', ['log1p'], 'log1p(r^2)'],
  ['log(x + 1) → log1p(x)', 'log(r^2 + 1)', ['log1p'], 'log1p(r^2)'],
  ['exp(x) − 1 → expm1(x)', 'exp(r) - 1', ['expm1'], 'expm1(r)'],
  ['log(sigmoid(x)) → logsigmoid(x)', 'log(sigmoid(r))', ['log-sigmoid'], 'logsigmoid(r)'],
  ['log(exp(a) + exp(b)) → logsumexp(a, b)', 'log(exp(r) + exp(2*r))', ['logsumexp'], 'logsumexp(r, 2*r)'],
  ['log(1 + exp(x)) → softplus(x)', 'log(1 + exp(-r))', ['softplus'], 'softplus(-r)'],
];

describe('stabilising rewrites of a custom formula', () => {
  it.each(rewritten)('%s: applied to the tree and reported', (_, formula, rules, stable) => {
    const parsed = parseFormula(formula, ['r']);
    expect(parsed.rewrites.map((r) => r.rule)).toEqual(rules);
    // The very tree of the stable formula (hash-consed), and its TeX and printed form.
    expect(parsed.expr).toBe(parseFormula(stable, ['r']).expr);
    expect(parsed.typed).not.toBe(parsed.expr);
    expect(parsed.normalized).toBe(parseFormula(stable, ['r']).normalized);
    for (const rewrite of parsed.rewrites) {
      expect(rewrite.description).toMatch(/→/);
      expect(rewrite.before).toBeDefined();
      expect(rewrite.after).toBeDefined();
    }
    // A definition carries them in its source, frozen with it.
    const def = loss(formula);
    expect(def.expr).toBe(parsed.expr);
    expect(def.source?.rewrites.map((r) => r.rule)).toEqual(rules);
    expect(Object.isFrozen(def.source?.rewrites)).toBe(true);
  });

  it('leaves stable formulas alone, and reports nothing for them', () => {
    for (const formula of ['log1p(r^2)', 'expm1(r)', 'logsigmoid(r)', 'r^2', 'abs(r) - log(2)']) {
      const parsed = parseFormula(formula, ['r']);
      expect(parsed.rewrites).toEqual([]);
      expect(parsed.expr).toBe(parsed.typed);
    }
  });

  it('keeps catalog losses re-typed in their careful arrangement on the catalog’s very tree', () => {
    for (const [id, formula] of Object.entries(exactFormulas)) {
      const def = retype(id, formula);
      expect(def.expr, id).toBe(getLoss(id).expr);
      expect(def.source?.rewrites, id).toEqual([]);
    }
    // The earlier arrangements (their catalog trees now hold edge regimes no formula spells) need no rewrite either.
    for (const [id, formula] of Object.entries(arrangedFormulas)) {
      expect(retype(id, formula).source?.rewrites, id).toEqual([]);
    }
  });
});

describe('textbook formulas, rewritten, evaluate as stably as the catalog', () => {
  it('exp(x) − 1 at x = 1e-9 is expm1’s, not the 8e-17 rounding of exp(x)', () => {
    const def = loss('exp(r) - 1');
    expect(evaluate(def, { r: 1e-9 })).toBe(Math.expm1(1e-9));
    expect(Math.exp(1e-9) - 1).not.toBe(Math.expm1(1e-9));
    expect(gradient(def, { r: 1e-9 }).r).toBe(Math.exp(1e-9));
  });

  it('textbook Cauchy ½c²·log(1 + (r/c)²) at r = 1e-9 is the catalog’s 5e-19, not 0', () => {
    const def = customLoss({
      id: 'my_cauchy',
      formula: '0.5*c^2*log(1 + (r/c)^2)',
      variables: variablesOf('cauchy'),
    });
    expect(def.source?.rewrites.map((r) => r.rule)).toEqual(['log1p']);
    for (const r of [1e-9, -1e-9, 1e-150, 3e-5]) {
      for (const c of [1, 0.3, 7]) {
        const mine = evaluate(def, { r, c });
        const catalog = evaluate('cauchy', { r, c });
        expect(catalog).toBeGreaterThan(0);
        // Without the rewrite, log(1 + 1e-18) is log(1) = 0.
        expect(Math.abs(mine - catalog) / catalog, `r = ${r}, c = ${c}`).toBeLessThan(4e-16);
        const g = gradient(def, { r, c });
        const h = gradient('cauchy', { r, c });
        expect(Math.abs(g.r! - h.r!) / Math.abs(h.r!)).toBeLessThan(4e-16);
      }
    }
  });

  it('−log(sigmoid(m)) is finite at m = −800 (typed: +∞) and keeps its digits at m = 40 (typed: 0)', () => {
    const def = loss('-log(sigmoid(r))');
    expect(evaluate(def, { r: -800 })).toBe(800);
    expect(-Math.log(1 / (1 + Math.exp(800)))).toBe(Number.POSITIVE_INFINITY);
    expect(evaluate(def, { r: 40 })).toBe(Math.log1p(Math.exp(-40)));
    expect(Math.log(1 / (1 + Math.exp(-40)))).toBe(0);
    expect(gradient(def, { r: -800 }).r).toBe(-1);
  });

  it('log(exp(a) + exp(b)) at a = 1000 is finite, where the typed form overflows', () => {
    const def = customLoss({
      id: 'my_lse',
      formula: 'log(exp(z1) + exp(z2))',
      variables: [
        { name: 'z1', role: 'data', domain: 'real', range: [-5, 5] },
        { name: 'z2', role: 'data', domain: 'real', range: [-5, 5], default: 0 },
      ],
    });
    expect(evaluate(def, { z1: 1000, z2: 999 })).toBeCloseTo(1000 + Math.log1p(Math.exp(-1)), 10);
    expect(evaluate(def, { z1: -1000, z2: -1000 })).toBeCloseTo(-1000 + Math.LN2, 10);
  });

  it('textbook logistic log(1 + exp(−m)) becomes the catalog’s tree: the same bits over any sweep', () => {
    const def = customLoss({
      id: 'my_logistic',
      formula: 'log(1 + exp(-m))',
      variables: variablesOf('logistic'),
    });
    expect(def.expr).toBe(getLoss('logistic').expr);
    const m = Float64Array.from({ length: 401 }, (_, k) => -800 + 4 * k);
    expect(evaluateBatch(def, { m })).toEqual(evaluateBatch('logistic', { m }));
    expect(evaluateBatch(def, { m }, undefined, { output: { partial: 'm' } })).toEqual(
      evaluateBatch('logistic', { m }, undefined, { output: { partial: 'm' } }),
    );
  });

  it('a textbook Cauchy sweep near r = 0 agrees with the catalog’s to rounding, with no zero cells', () => {
    const def = customLoss({
      id: 'my_cauchy',
      formula: '0.5*c^2*log(1 + (r/c)^2)',
      variables: variablesOf('cauchy'),
    });
    const spec = {
      x: { variable: 'r', min: 1e-12, max: 1e-6, size: 33, scale: 'log' as const },
      y: { variable: 'c', min: 0.1, max: 10, size: 17, scale: 'log' as const },
    };
    const mine = sweep({ loss: def, ...spec });
    const catalog = sweep({ loss: 'cauchy', ...spec });
    let worst = 0;
    for (let k = 0; k < mine.data.length; k++) {
      expect(mine.data[k]).toBeGreaterThan(0);
      worst = Math.max(worst, Math.abs(mine.data[k]! - catalog.data[k]!) / catalog.data[k]!);
    }
    // A few ulps: the textbook form rounds (r/c)² where the catalog's arrangement rounds r/c·r/c.
    expect(worst).toBeLessThan(1e-15);
  });
});
