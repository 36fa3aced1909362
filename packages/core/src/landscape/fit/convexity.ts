/**
 * When is L(w, b) convex? s = w·x + b is affine in (w, b), so L is convex
 * wherever each term is convex in s (weights are ≥ 0 and the ridge is
 * convex). The rule per loss, for its hyperparameters:
 *
 * - Convex for every hyperparameter: mse, mae, huber, smooth_l1,
 *   pseudo_huber, log_cosh, quantile (τ ∈ [0, 1]), epsilon_insensitive,
 *   gaussian_nll (a quadratic in r), poisson_nll (eˢ − y·s), hinge,
 *   squared_hinge, logistic, exponential, modified_huber, bce_logits and bce
 *   (in s both are softplus(s) − y·s).
 * - Never: cauchy and tukey (ρ″ < 0 for |r| > c), zero_one (a step),
 *   mse_prob ((σ(s) − y)² bends down in the tails).
 * - general_robust: convex iff α ≥ 1. With u = r²/(c²|α − 2|), ρ″ is a positive
 *   factor times 1 + (α − 1)·u, which stays ≥ 0 for every r iff α ≥ 1 (for
 *   α < 0 the factor's sign flips and ρ″ < 0 far out).
 * - focal and focal_logits: convex at γ = 0, where they are α·softplus(−m)
 *   and αₜ·bce_logits; for γ > 0 not in general.
 * - poly1: convex iff ε ≤ 1. In the margin m, −log σ(m) + ε·σ(−m) has second
 *   derivative σ(m)σ(−m)·(1 − ε·(σ(−m) − σ(m))), and σ(−m) − σ(m) ranges over
 *   (−1, 1): ≥ 0 everywhere iff |ε| ≤ 1 (ε ≥ −1 is its domain).
 *
 * A user loss (with `form` and computed `properties.convex`) counts as convex
 * where its form feeds s to it affinely (residual, poisson, margin, logit);
 * through σ (probability, p_t) convexity in the data variable says nothing.
 */
import { isCatalogLoss } from '../forms.js';
import type { ResolvedModel } from '../model.js';

export interface Convexity {
  readonly convex: boolean;
  /** Why, in words. */
  readonly rule: string;
}

const param = (model: ResolvedModel, name: string): number =>
  model.params.find((p) => p.name === name)!.value;

const always = (): Convexity => ({ convex: true, rule: 'convex in s for every hyperparameter' });
const never = (why: string) => (): Convexity => ({ convex: false, rule: why });

const rules: Readonly<Record<string, (model: ResolvedModel) => Convexity>> = {
  mse: always,
  mae: always,
  huber: always,
  smooth_l1: always,
  pseudo_huber: always,
  log_cosh: always,
  quantile: always,
  epsilon_insensitive: always,
  gaussian_nll: always,
  poisson_nll: always,
  hinge: always,
  squared_hinge: always,
  logistic: always,
  exponential: always,
  modified_huber: always,
  bce_logits: always,
  bce: always,
  cauchy: never('cauchy is not convex: ρ″ < 0 for |r| > c'),
  tukey: never('tukey is not convex: ρ″ < 0 for |r| > c/√5, and flat beyond c'),
  zero_one: never('zero_one is a step, not convex'),
  mse_prob: never('mse_prob is not convex in s: (σ(s) − y)² bends down in the tails'),
  general_robust: (model) =>
    param(model, 'alpha') >= 1
      ? { convex: true, rule: 'general_robust is convex for α ≥ 1' }
      : { convex: false, rule: 'general_robust is not convex for α < 1' },
  focal: (model) =>
    param(model, 'gamma') === 0
      ? { convex: true, rule: 'focal at γ = 0 is α·softplus(−m): convex' }
      : { convex: false, rule: 'focal with γ > 0 is not convex in general' },
  focal_logits: (model) =>
    param(model, 'gamma') === 0
      ? { convex: true, rule: 'focal_logits at γ = 0 is αₜ·bce_logits: convex' }
      : { convex: false, rule: 'focal_logits with γ > 0 is not convex in general' },
  poly1: (model) =>
    param(model, 'epsilon') <= 1
      ? { convex: true, rule: 'poly1 is convex in s for ε ≤ 1' }
      : { convex: false, rule: 'poly1 is not convex in s for ε > 1' },
};

export function convexity(model: ResolvedModel): Convexity {
  const rule = isCatalogLoss(model.loss) ? rules[model.loss.id] : undefined;
  if (rule) return rule(model);
  const affine = ['residual', 'poisson', 'margin', 'logit'].includes(model.form.name);
  return affine && model.loss.properties.convex
    ? { convex: true, rule: `${model.loss.id} is convex in its data variable, which is affine in (w, b)` }
    : { convex: false, rule: `${model.loss.id}: convexity in (w, b) is not established` };
}
