/**
 * Which losses the fit lab offers for a task, their hyperparameters, and the
 * colours the legend, the lines and the landscape's markers share. A loss
 * fits a line when core gives it a model form; the form decides the task
 * (residual and Poisson forms take any y; margin, logit, probability and p_t
 * forms take 0/1 labels).
 */
import { type LossDef, type ModelFormName, modelFormOf, type VariableDef } from '@losslab/core';
import type { FitTask } from './presets';

/** At most this many losses are fitted at once (four colours, four legend rows). */
export const MAX_FIT_LOSSES = 4;

export const DEFAULT_FIT_LOSSES: Readonly<Record<FitTask, readonly string[]>> = {
  regression: ['mse', 'huber', 'mae', 'tukey'],
  classification: ['logistic', 'hinge', 'bce', 'focal'],
};

const REGRESSION_FORMS: readonly ModelFormName[] = ['residual', 'poisson'];

/** The task a loss fits, or undefined when it has no model form. */
export function taskOfLoss(loss: LossDef): FitTask | undefined {
  const form = modelFormOf(loss);
  if (!form) return undefined;
  return REGRESSION_FORMS.includes(form.name) ? 'regression' : 'classification';
}

/** The losses among `all` that fit a line for this task, in their order. */
export function fitLossesFor(task: FitTask, all: readonly LossDef[]): LossDef[] {
  return all.filter((loss) => taskOfLoss(loss) === task);
}

/** A loss's hyperparameters: every variable its model form does not bind to the data. */
export function hyperparameters(loss: LossDef): VariableDef[] {
  const form = modelFormOf(loss);
  if (!form) return [];
  return loss.variables.filter((v) => !form.dataVariables.includes(v.name));
}

/**
 * Colours of the four loss slots: the first four of the Okabe–Ito palette
 * (the Curves view's), readable on light and dark panels and told apart
 * with the common colour-vision deficiencies.
 */
export const FIT_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7'] as const;

export function fitColor(slot: number): string {
  return FIT_COLORS[slot % FIT_COLORS.length]!;
}
