/**
 * Where a new loss can start: a few examples of losses the catalog does not
 * have (each typed in its textbook form), or any catalog loss, spelled as a
 * formula by core's printer (which parses back to the catalog's very tree,
 * so the copy computes exactly what the catalog does until it is edited).
 */
import {
  type CustomLossSpec,
  type CustomVariableSpec,
  domainText,
  type LossDef,
  losses,
  parseFormula,
  printFormula,
} from '@losslab/core';

export interface Example {
  /** A short title for the picker. */
  readonly title: string;
  /** What it is, in a sentence. */
  readonly about: string;
  readonly spec: CustomLossSpec;
}

const residual: CustomVariableSpec = { name: 'r', role: 'data', domain: 'real', range: [-5, 5] };

export const EXAMPLES: readonly Example[] = [
  {
    title: 'Cauchy, textbook form',
    about:
      'The Cauchy (Lorentzian) loss as papers print it, ½c²·log(1 + (r/c)²): quadratic near 0, logarithmic in the tails.',
    spec: {
      id: 'my_cauchy',
      name: 'My Cauchy',
      formula: '0.5 * c^2 * log(1 + (r/c)^2)',
      variables: [
        residual,
        { name: 'c', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.1, 10], scale: 'log' },
      ],
      form: 'residual',
    },
  },
  {
    title: 'Barron’s loss at α = ½',
    about:
      'Barron’s general robust loss ρ(r, α, c) = |α−2|/α · (((r/c)²/|α−2| + 1)^(α/2) − 1) with its shape fixed at α = ½: between pseudo-Huber (α = 1) and Cauchy (α = 0).',
    spec: {
      id: 'my_barron_half',
      name: 'Barron, α = ½',
      formula: '(1.5 / 0.5) * (((r/c)^2 / 1.5 + 1)^(0.5 / 2) - 1)',
      variables: [
        residual,
        { name: 'c', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.1, 10], scale: 'log' },
      ],
      form: 'residual',
    },
  },
  {
    title: 'Asymmetric squared (expectile)',
    about:
      'Squared error weighted τ above the target and 1 − τ below: minimising it gives the τ-expectile, as the pinball loss gives a quantile.',
    spec: {
      id: 'my_expectile',
      name: 'Asymmetric squared',
      formula: 'if(r < 0, 1 - tau, tau) * r^2',
      variables: [
        residual,
        { name: 'tau', role: 'hyperparameter', default: 0.8, domain: '(0, 1)', range: [0.01, 0.99] },
      ],
      form: 'residual',
    },
  },
  {
    title: 'Smoothed hinge',
    about:
      'The hinge with its kink at m = 1 rounded into a parabola of width γ (Rennie & Srebro): linear for m ≤ 1 − γ, (1 − m)²/(2γ) up to 1, then 0.',
    spec: {
      id: 'my_smooth_hinge',
      name: 'Smoothed hinge',
      formula: 'if(m >= 1, 0, m <= 1 - gamma, 1 - gamma/2 - m, (1 - m)^2 / (2*gamma))',
      variables: [
        { name: 'm', role: 'data', domain: 'real', range: [-3, 3], label: 'margin m = y·f(x)' },
        { name: 'gamma', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.05, 4], scale: 'log' },
      ],
      form: 'margin',
    },
  },
];

/** A catalog loss's variables as a custom specification declares them. */
function variablesOf(loss: LossDef): CustomVariableSpec[] {
  return loss.variables.map((v) => ({
    name: v.name,
    role: v.role === 'data' ? 'data' : 'hyperparameter',
    ...(v.default !== undefined ? { default: v.default } : {}),
    domain: domainText(v.domain),
    ...(v.domain.kind === 'interval' ? { range: [v.plot.min, v.plot.max] as const } : {}),
    scale: v.plot.scale,
    label: v.label,
  }));
}

let copies: readonly LossDef[] | undefined;

/**
 * Catalog losses whose printed formula fits the formula language's limits
 * and parses back to the catalog's own tree (all but the few whose trees
 * are too large, or carry hand-written partials).
 */
export function copyableLosses(): readonly LossDef[] {
  copies ??= losses.filter((loss) => {
    try {
      return (
        parseFormula(
          printFormula(loss.expr),
          loss.variables.map((v) => v.name),
        ).expr === loss.expr
      );
    } catch {
      return false;
    }
  });
  return copies;
}

/** A specification that re-types a catalog loss: its formula, printed from its tree, and its variables. */
export function copyOf(loss: LossDef, id: string): CustomLossSpec {
  return {
    id,
    name: `My ${loss.name}`.slice(0, 64),
    formula: printFormula(loss.expr),
    variables: variablesOf(loss),
  };
}
