/**
 * The simplifier (expr/simplify.ts) and substitution (expr/substitute.ts):
 * each rule rewrites what it should and reports it, values are preserved,
 * the unstable forms become finite where the math is, nothing loops, and
 * withGrad partials survive substitution by the chain rule.
 */
import { describe, expect, it } from 'vitest';
import { Differentiator } from '../src/expr/diff.js';
import {
  type Expr,
  ex,
  getLoss,
  interpret,
  modelTerm,
  rewriteRules,
  simplify,
  substitute,
} from '../src/index.js';

const x = ex.v('x');
const t = ex.v('t');
const a = ex.v('a');

const cases: [string, Expr, Expr][] = [
  ['softplus', ex.log(ex.add(1, ex.exp(x))), ex.softplus(x)],
  ['softplus', ex.log1p(ex.exp(x)), ex.softplus(x)],
  ['logsumexp', ex.log(ex.add(ex.exp(x), ex.exp(t))), ex.logSumExp(x, t)],
  ['log-sigmoid', ex.log(ex.sigmoid(x)), ex.logSigmoid(x)],
  ['log-one-minus-sigmoid', ex.log(ex.sub(1, ex.sigmoid(x))), ex.logSigmoid(ex.neg(x))],
  ['log-one-minus-sigmoid', ex.log1p(ex.neg(ex.sigmoid(x))), ex.logSigmoid(ex.neg(x))],
  ['xlogy-sigmoid', ex.xlogy(a, ex.sigmoid(x)), ex.mul(a, ex.logSigmoid(x))],
  ['xlog1py-sigmoid', ex.xlog1py(a, ex.neg(ex.sigmoid(x))), ex.mul(a, ex.logSigmoid(ex.neg(x)))],
  ['log1p', ex.log(ex.add(x, 1)), ex.log1p(x)],
  ['log1p', ex.log(ex.sub(1, x)), ex.log1p(ex.neg(x))],
  ['expm1', ex.sub(ex.exp(x), 1), ex.expm1(x)],
  ['expm1', ex.add(ex.exp(x), -1), ex.expm1(x)],
  ['expm1', ex.sub(1, ex.exp(x)), ex.neg(ex.expm1(x))],
  ['sigmoid', ex.div(1, ex.add(1, ex.exp(ex.neg(x)))), ex.sigmoid(x)],
  ['one-minus-sigmoid', ex.sub(1, ex.sigmoid(x)), ex.sigmoid(ex.neg(x))],
  ['sigmoid-minus-target', ex.sub(ex.sigmoid(x), 1), ex.neg(ex.sigmoid(ex.neg(x)))],
];

describe('simplify', () => {
  it.each(cases)('%s: %#', (rule, input, expected) => {
    const { expr, rewrites } = simplify(input);
    expect(expr).toBe(expected);
    expect(rewrites.map((r) => r.rule)).toContain(rule);
    const described = rewrites.find((r) => r.rule === rule)!;
    expect(described.description).toBe(rewriteRules.find((r) => r.id === rule)!.description);
    expect(described.before).toBeDefined();
  });

  it('preserves values wherever the original is accurate', () => {
    for (const [, input] of cases) {
      const { expr } = simplify(input);
      for (const xv of [-3, -0.4, 0.01, 0.7, 2.5])
        for (const tv of [-1, 0.3, 2]) {
          const vars = { x: xv, t: tv, a: 0.6 };
          const before = interpret(input, vars);
          const after = interpret(expr, vars);
          if (Number.isNaN(before)) continue; // log of a negative: the rewrite is free to do better
          expect(after).toBeCloseTo(before, 12);
        }
    }
  });

  it('makes the unstable forms finite where the math is', () => {
    const at = (e: Expr, xv: number): number => interpret(simplify(e).expr, { x: xv, a: 1 });
    expect(interpret(ex.log(ex.add(1, ex.exp(x))), { x: 800 })).toBe(Number.POSITIVE_INFINITY);
    expect(at(ex.log(ex.add(1, ex.exp(x))), 800)).toBe(800);
    expect(at(ex.log(ex.sub(1, ex.sigmoid(x))), 800)).toBe(-800);
    expect(at(ex.xlog1py(a, ex.neg(ex.sigmoid(x))), 800)).toBe(-800);
    expect(at(ex.sub(ex.exp(x), 1), 1e-20)).toBe(1e-20);
    expect(at(ex.log(ex.add(ex.exp(x), ex.exp(ex.neg(x)))), 1000)).toBe(1000);
  });

  it('σ(x) − t keeps both exact forms for a variable t (t ≥ ½ and below), none for a constant t < ½', () => {
    const { expr } = simplify(ex.sub(ex.sigmoid(x), t));
    expect(expr.kind).toBe('select');
    // y = 1 at x = 40: σ(40) − 1 = −σ(−40), not 0.
    expect(interpret(expr, { x: 40, t: 1 })).toBe(-interpret(ex.sigmoid(ex.neg(x)), { x: 40 }));
    expect(interpret(expr, { x: -40, t: 0 })).toBe(interpret(ex.sigmoid(x), { x: -40 }));
    expect(simplify(ex.sub(ex.sigmoid(x), 0.25)).rewrites).toEqual([]);
  });

  it('folds conditions that cannot hold: 0 < σ(x) < 1', () => {
    const e = ex.select(ex.eq(ex.sigmoid(x), 1), 5, ex.mul(x, x));
    const { expr, rewrites } = simplify(e);
    expect(expr).toBe(ex.mul(x, x));
    expect(rewrites.map((r) => r.rule)).toEqual(['sigmoid-range']);
    expect(simplify(ex.select(ex.gt(ex.sigmoid(x), 0), x, t)).expr).toBe(x);
    expect(simplify(ex.select(ex.ge(1, ex.sigmoid(x)), x, t)).expr).toBe(x);
    expect(simplify(ex.select(ex.ge(ex.sigmoid(x), 0.5), x, t)).expr).toBe(ex.select(ex.ge(x, 0), x, t));
  });

  it('reaches a fixed point: simplifying again rewrites nothing', () => {
    for (const [, input] of cases) expect(simplify(simplify(input).expr).rewrites).toEqual([]);
    for (const id of ['bce', 'focal', 'poly1', 'mse_prob', 'focal_logits', 'general_robust'])
      expect(simplify(modelTerm(getLoss(id)).value).rewrites).toEqual([]);
  });

  it('reports the rewrites the model forms needed', () => {
    const rules = (id: string) => modelTerm(getLoss(id)).rewrites.map((r) => r.rule);
    expect(rules('bce')).toEqual(expect.arrayContaining(['xlogy-sigmoid', 'xlog1py-sigmoid']));
    // focal's product is one expmul of α and log pt: log σ(m), not xlogy(α, σ(m)).
    expect(rules('focal')).toEqual(
      expect.arrayContaining(['sigmoid-range', 'log-one-minus-sigmoid', 'log-sigmoid']),
    );
    expect(rules('poly1')).toEqual(
      expect.arrayContaining(['sigmoid-half', 'one-minus-sigmoid', 'log-sigmoid']),
    );
    expect(rules('mse_prob')).toEqual(['sigmoid-minus-target']);
    expect(rules('logistic')).toEqual([]);
    expect(rules('huber')).toEqual([]);
  });

  it('keeps withGrad partials (they describe the same function)', () => {
    const e = ex.withGrad(ex.log(ex.add(1, x)), { x: 42 });
    const { expr } = simplify(e);
    expect(expr.kind).toBe('withGrad');
    expect(new Differentiator(['x']).diff(expr, 'x')).toBe(ex.c(42));
  });
});

describe('substitute', () => {
  it('rebuilds through the constructors, so constants fold', () => {
    const e = ex.add(ex.mul(x, t), ex.exp(t));
    expect(substitute(e, { t: ex.c(0) })).toBe(ex.c(1));
    expect(substitute(e, { t: ex.c(1) })).toBe(ex.add(x, ex.c(Math.E)));
    expect(substitute(ex.select(ex.gt(t, 0), x, a), { t: ex.c(-1) })).toBe(a);
  });

  it('is simultaneous: bindings may mention bound names', () => {
    expect(substitute(ex.sub(x, t), { x: t, t: x })).toBe(ex.sub(t, x));
  });

  it('carries withGrad partials by the chain rule', () => {
    const u = ex.v('u');
    const e = ex.withGrad(ex.mul(x, x), { x: ex.c(7), t: ex.c(3) });
    // x = 2u, t = u²: ∂/∂u = 7·2 + 3·2u.
    const moved = substitute(e, { x: ex.mul(2, u), t: ex.square(u) });
    const d = new Differentiator(['u']).diff(moved, 'u');
    expect(interpret(d, { u: 5 })).toBe(14 + 30);
  });

  it('drops terms whose binding does not move: an explicit ∞ partial never meets 0', () => {
    const u = ex.v('u');
    const e = ex.withGrad(ex.mul(x, ex.v('alpha')), { alpha: ex.POS_INF });
    const moved = substitute(e, { x: ex.mul(3, u) });
    const d = new Differentiator(['u', 'alpha']);
    expect(interpret(d.diff(moved, 'u'), { u: 1, alpha: 2 })).toBe(6);
    expect(interpret(d.diff(moved, 'alpha'), { u: 1, alpha: 2 })).toBe(Number.POSITIVE_INFINITY);
  });
});
