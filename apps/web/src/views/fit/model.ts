/** What the fit lab's panels share: the fitted lines, the landscape's model and the optimizer runs. */
import type { LossDef } from '@losslab/core';
import type { FitInputs, FitOutcome, OptimizerRun } from '../../fit/compute';

export interface ShownFit {
  readonly id: string;
  readonly loss: LossDef;
  readonly label: string;
  readonly color: string;
  readonly outcome: FitOutcome;
}

export interface LabModel {
  /** The landscape's loss with its hyperparameters, the data and the ridge; undefined without a loss. */
  readonly inputs: FitInputs | undefined;
  readonly fits: readonly ShownFit[];
  readonly runs: readonly OptimizerRun[];
  /** Steps of each run drawn so far (the animation); Infinity draws them whole. */
  readonly shownSteps: number;
}

/** The (w, b) of a fit that has one. */
export function fitPoint(fit: ShownFit): { w: number; b: number; value: number } | undefined {
  return fit.outcome.kind === 'fit' ? fit.outcome.result : undefined;
}
