/**
 * Model forms: how the output s = w·x + b of a one-feature linear model
 * enters a loss (landscape-contract.md, "The model form of a loss").
 *
 * The per-sample term is the loss's own tree with the model substituted for
 * its data variables, then simplified so that compositions stay exact
 * (bce of σ(s) becomes −[y·logσ(s) + (1 − y)·logσ(−s)]: finite at s = ±800).
 * Its partials with respect to w and b come from the same differentiator as
 * every catalog gradient. Nothing about a particular loss is written here.
 */

import { getLoss, isLossId } from '../api/registry.js';
import { domains, formatDomain } from '../catalog/domain.js';
import type { Domain, LossDef, VariableDef } from '../catalog/types.js';
import { customModelForm } from '../custom/form.js';
import { add, eq, mul, select, sigmoid, sub, v, ZERO } from '../expr/build.js';
import { Differentiator } from '../expr/diff.js';
import type { Expr } from '../expr/nodes.js';
import { type AppliedRewrite, simplify } from '../expr/simplify.js';
import { substitute } from '../expr/substitute.js';

export type ModelFormName = 'residual' | 'poisson' | 'margin' | 'logit' | 'probability' | 'p_t';

/**
 * Names of the model's variables inside the term trees. A leading underscore
 * keeps them apart from every loss variable: catalog variables and user
 * variables alike start with a letter.
 */
export const modelVariables = { w: '_w', b: '_b', x: '_x', y: '_y' } as const;

export interface ModelForm {
  readonly name: ModelFormName;
  /** The loss variables the data and the model supply; the loss's other variables are hyperparameters. */
  readonly dataVariables: readonly string[];
  /** The per-sample term, in words. */
  readonly term: string;
  /** Labels yᵢ this form accepts, given the loss (its own domain of y, where it has one). */
  labels(loss: LossDef): Domain;
  /** The loss's data variables as expressions of the model output s and the label y. */
  bind(s: Expr, y: Expr): Record<string, Expr>;
}

const binary = domains.set(0, 1);
const labelOfLoss = (loss: LossDef): Domain =>
  loss.variables.find((x) => x.name === 'y')?.domain ?? domains.real;
/** The margin (2y − 1)·s: y ∈ {0, 1} becomes a sign, exactly. */
const signed = (s: Expr, y: Expr): Expr => mul(sub(mul(2, y), 1), s);

export const modelForms: Readonly<Record<ModelFormName, ModelForm>> = {
  residual: {
    name: 'residual',
    dataVariables: ['r'],
    term: 'loss(r = sᵢ − yᵢ)',
    labels: () => domains.real,
    bind: (s, y) => ({ r: sub(s, y) }),
  },
  poisson: {
    name: 'poisson',
    dataVariables: ['z', 'y'],
    term: 'loss(z = sᵢ, y = yᵢ)',
    labels: labelOfLoss,
    bind: (s, y) => ({ z: s, y }),
  },
  margin: {
    name: 'margin',
    dataVariables: ['m'],
    term: 'loss(m = (2yᵢ − 1)·sᵢ)',
    labels: () => binary,
    bind: (s, y) => ({ m: signed(s, y) }),
  },
  logit: {
    name: 'logit',
    dataVariables: ['z', 'y'],
    term: 'loss(z = sᵢ, y = yᵢ)',
    labels: labelOfLoss,
    bind: (s, y) => ({ z: s, y }),
  },
  probability: {
    name: 'probability',
    dataVariables: ['p', 'y'],
    term: 'loss(p = σ(sᵢ), y = yᵢ)',
    labels: labelOfLoss,
    bind: (s, y) => ({ p: sigmoid(s), y }),
  },
  p_t: {
    name: 'p_t',
    dataVariables: ['pt'],
    term: 'loss(pt = σ((2yᵢ − 1)·sᵢ))',
    labels: () => binary,
    bind: (s, y) => ({ pt: sigmoid(signed(s, y)) }),
  },
};

/** The model form of each catalog loss that has one (the contract's table). */
export const catalogModelForms: Readonly<Record<string, ModelFormName>> = {
  mse: 'residual',
  mae: 'residual',
  huber: 'residual',
  smooth_l1: 'residual',
  pseudo_huber: 'residual',
  log_cosh: 'residual',
  quantile: 'residual',
  epsilon_insensitive: 'residual',
  cauchy: 'residual',
  tukey: 'residual',
  general_robust: 'residual',
  gaussian_nll: 'residual',
  poisson_nll: 'poisson',
  zero_one: 'margin',
  hinge: 'margin',
  squared_hinge: 'margin',
  logistic: 'margin',
  exponential: 'margin',
  modified_huber: 'margin',
  bce_logits: 'logit',
  focal_logits: 'logit',
  bce: 'probability',
  mse_prob: 'probability',
  focal: 'p_t',
  poly1: 'p_t',
};

/** Ids of the catalog losses with a model form, in catalog order. */
export const modelLossIds: readonly string[] = Object.keys(catalogModelForms);

/**
 * The form of a loss: the catalog's table for the catalog's own definitions;
 * for a user loss (customLoss with `form`), that form with its slots renamed
 * to the loss's own data variables, in declaration order; otherwise none.
 */
export function modelFormOf(loss: LossDef): ModelForm | undefined {
  if (isCatalogLoss(loss)) {
    const name = catalogModelForms[loss.id];
    return name ? modelForms[name] : undefined;
  }
  const custom = customModelForm(loss);
  if (!custom) return undefined;
  let form = customForms.get(loss);
  if (!form) {
    form = renamedForm(modelForms[custom.form], custom.variables, loss);
    customForms.set(loss, form);
  }
  return form;
}

const customForms = new WeakMap<LossDef, ModelForm>();

/** A form whose data variables are called `names` (a user loss's, slot by slot). */
function renamedForm(form: ModelForm, names: readonly string[], loss: LossDef): ModelForm {
  const rename = new Map(form.dataVariables.map((from, i) => [from, names[i]!]));
  // The label slot (the second, where a form has one) takes the user's domain for it.
  const label = names.length > 1 ? loss.variables.find((x) => x.name === names[1]) : undefined;
  return {
    ...form,
    dataVariables: names,
    labels: label ? () => label.domain : form.labels,
    bind: (s, y) => {
      const bound: Record<string, Expr> = {};
      for (const [from, e] of Object.entries(form.bind(s, y))) bound[rename.get(from) ?? from] = e;
      return bound;
    },
  };
}

/** Is this the catalog's own definition (not a user loss that shares an id)? */
export function isCatalogLoss(loss: LossDef): boolean {
  return isLossId(loss.id) && getLoss(loss.id) === loss;
}

export function noFormError(loss: LossDef): RangeError {
  const forms = Object.values(modelForms)
    .map((f) => `${f.name} (${f.dataVariables.join(', ')})`)
    .join(', ');
  return new RangeError(
    `${loss.id}: has no model form, so it cannot fit a model; the forms are ${forms}; losses with one: ${modelLossIds.join(', ')}`,
  );
}

/** A loss's per-sample term in the model, and its partials in w and b. */
export interface ModelTerm {
  readonly loss: LossDef;
  readonly form: ModelForm;
  /** The loss's hyperparameters (every variable the form does not bind), in declaration order. */
  readonly hyper: readonly VariableDef[];
  /** ℓ(w, b; x, y, hyperparameters), simplified. */
  readonly value: Expr;
  /** ∂ℓ/∂w, exactly 0 where x = 0. */
  readonly dw: Expr;
  readonly db: Expr;
  /** The term as a function of s = `_s` and y alone (for analyses along s). */
  readonly ofS: Expr;
  /** The rewrites the simplifier made to the substituted tree. */
  readonly rewrites: readonly AppliedRewrite[];
  /** Second partials (ww, wb, bb), or null where the tree has none (exprel's derivative). */
  hessian(): readonly [Expr, Expr, Expr] | null;
}

/** The model output s as a variable, for analyses of a term along s. */
export const outputVariable = '_s';

const terms = new WeakMap<LossDef, ModelTerm>();

/** The model term of a loss with a form (cached per definition object). */
export function modelTerm(loss: LossDef): ModelTerm {
  const cached = terms.get(loss);
  if (cached) return cached;
  const form = modelFormOf(loss);
  if (!form) throw noFormError(loss);
  for (const name of form.dataVariables) {
    if (!loss.variables.some((x) => x.name === name)) {
      throw new RangeError(`${loss.id}: the ${form.name} form needs a variable ${name}`);
    }
  }
  const hyper = loss.variables.filter((x) => !form.dataVariables.includes(x.name));
  for (const h of hyper) {
    if (h.domain.kind !== 'interval') {
      throw new RangeError(
        `${loss.id}: ${h.name} (${formatDomain(h.domain)}) is neither data nor a hyperparameter`,
      );
    }
  }
  const w = v(modelVariables.w);
  const b = v(modelVariables.b);
  const x = v(modelVariables.x);
  const y = v(modelVariables.y);
  const built = simplify(substitute(loss.expr, form.bind(add(mul(w, x), b), y)));
  const ofS = simplify(substitute(loss.expr, form.bind(v(outputVariable), y))).expr;
  const value = built.expr;
  const d = new Differentiator([modelVariables.w, modelVariables.b]);
  // s = w·x + b: where x = 0 a term does not depend on w, and its w-partial is exactly 0
  // even where ∂ℓ/∂s overflows (∞·0 would make it NaN).
  const dw = select(eq(x, 0), ZERO, d.diff(value, modelVariables.w));
  const db = d.diff(value, modelVariables.b);
  let hessian: readonly [Expr, Expr, Expr] | null | undefined;
  const term: ModelTerm = {
    loss,
    form,
    hyper,
    value,
    dw,
    db,
    ofS,
    rewrites: built.rewrites,
    hessian: () => {
      if (hessian === undefined) {
        try {
          hessian = [
            d.diff(dw, modelVariables.w),
            d.diff(db, modelVariables.w),
            d.diff(db, modelVariables.b),
          ];
        } catch {
          hessian = null;
        }
      }
      return hessian;
    },
  };
  terms.set(loss, term);
  return term;
}
