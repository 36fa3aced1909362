/**
 * Catalog losses re-typed as formulas. `exact` ones spell the catalog's own
 * careful arrangement (regression-forms.ts, probability.ts, …) operation for
 * operation, so hash-consing gives the very same tree; `textbook` ones are
 * the formulas as printed in the papers, which the catalog rearranges for
 * exactness.
 */
import { type CustomLossSpec, customLoss, getLoss, type LossDef } from '../../src/index.js';

/** The catalog loss's variables as a custom spec declares them. */
export function variablesOf(id: string): CustomLossSpec['variables'] {
  return getLoss(id).variables.map((v) => ({
    name: v.name,
    role: v.role === 'data' ? ('data' as const) : ('hyperparameter' as const),
    ...(v.default !== undefined ? { default: v.default } : {}),
    domain: v.domain,
    range: [v.plot.min, v.plot.max] as const,
    scale: v.plot.scale,
  }));
}

export function retype(id: string, formula: string): LossDef {
  return customLoss({ id: `my_${id}`, formula, variables: variablesOf(id) });
}

/** Formulas that are the catalog's trees, spelled out. */
export const exactFormulas: Readonly<Record<string, string>> = {
  mse: 'r^2',
  mae: 'abs(r)',
  huber: 'if(abs(r) <= delta, r*(0.5*r), delta*(abs(r) - 0.5*delta))',
  smooth_l1: 'if(abs(r) < beta, 0.5*(r/sqrt(beta))^2, abs(r) - 0.5*beta)',
  log_cosh: 'logcosh(r)',
  quantile: 'if(r > 0, (1 - tau)*r, if(r < 0, -(tau*r), 0))',
  epsilon_insensitive: 'max(0, abs(r) - epsilon)',
  zero_one: 'if(m <= 0, 1, 0)',
  hinge: 'max(0, 1 - m)',
  squared_hinge: 'max(0, 1 - m)^2',
  logistic: 'softplus(-m)',
  exponential: 'exp(-m)',
  modified_huber: 'if(m >= -1, max(0, 1 - m)^2, -4*m)',
  bce: '-(xlogy(y, p) + xlog1py(1 - y, -p))',
  mse_prob: '(p - y)^2',
  poly1: 'if(pt >= 0.5, -log1pmx(pt - 1) + (1 + epsilon)*(1 - pt), -log(pt) + epsilon*(1 - pt))',
  kl_gaussian:
    '0.5*mu*mu + if(sigma >= 0.5 and sigma <= 2, 0.5*-log1pmx((sigma - 1)*(sigma + 1)), 0.5*sigma*sigma - 0.5 - log(sigma))',
  cosine_embedding: 'if(y == 1, 1 - cos, max(0, cos - margin))',
  gan_minimax: 'log1p(-d)',
  gan_nonsaturating: '-log(d)',
};

/**
 * The catalog's arrangement of these losses before issue 12, spelled out.
 * Their trees now also hold what no formula can spell: explicit partials at
 * the edges (withGrad), scale moves by powers of two for inputs near the ends
 * of f64's and f32's ranges, compensated three-term sums (sum3). Typed, they
 * are the same functions wherever those regimes are not reached: on the plot
 * ranges they agree with the catalog to within 1e-12 (agreement.test.ts).
 */
export const arrangedFormulas: Readonly<Record<string, string>> = {
  pseudo_huber: 'if(r == 0, 0, if(abs(r/delta) > 1e17, delta*abs(r), r*(r/(sqrt(1 + (r/delta)^2) + 1))))',
  cauchy:
    'if(r == 0, 0, if(abs(r/c) <= 1, r*((0.5*r)/exprel(log1p((r/c)^2))), ' +
    'c*(c*(if(abs(r/c) > 1e20, log(abs(r)) - log(c), log(abs(r/c))) + 0.5*log1p((c/r)^2)))))',
  tukey:
    'if(r == 0, 0, if(abs(r) > c, c*(c/6), if((r/c)^2 < 0.5, r*(r*((3 - (r/c)^2*(3 - (r/c)^2))/6)), ' +
    'c*((c/6)*(1 - (((c - abs(r))/c)*(1 + abs(r)/c))^2*(((c - abs(r))/c)*(1 + abs(r)/c)))))))',
  gaussian_nll: '0.5*log(var) + (r/sqrt(var))*(0.5*(r/sqrt(var)))',
  bce_logits: 'if(z >= 0, softplus(-z) + (1 - y)*z, softplus(z) - y*z)',
  softmax_ce:
    'max(z1, max(z2, z3)) - z1 + logsumexp(z1 - max(z1, max(z2, z3)), z2 - max(z1, max(z2, z3)), z3 - max(z1, max(z2, z3)))' +
    ' - smoothing/3*((z2 - z1) + (z3 - z1))',
  crammer_singer: 'max(0, 1 - (z1 - max(z2, z3)))',
  triplet: 'max(0, dap - dan + margin)',
};

/**
 * Focal's earlier tree. The catalog's pt = 1 branch gives its partials
 * explicitly (the one-sided limits, a withGrad node), and its product is one
 * expmul of the factors, which no formula can: typed, the branch is the
 * constant 0 and the product exp(…)·xlogy(…), within rounding of the
 * catalog's value everywhere and of its partials everywhere but pt = 1.
 */
export const focalFormula = 'if(pt == 1, 0, -(exp(gamma*log1p(-pt))*xlogy(alpha, pt)))';

/** The textbook formulas (contract's table), which the catalog arranges differently. */
export const textbookFormulas: Readonly<Record<string, string>> = {
  huber: 'if(abs(r) <= delta, 0.5*r^2, delta*(abs(r) - 0.5*delta))',
  pseudo_huber: 'delta^2*(sqrt(1 + (r/delta)^2) - 1)',
  cauchy: '0.5*c^2*log(1 + (r/c)^2)',
  logistic: 'log(1 + exp(-m))',
  bce_logits: 'softplus(z) - y*z',
  focal: '-alpha*(1 - pt)^gamma*log(pt)',
};
