/**
 * What the fit lab shows, computed by core from the state: each loss's exact
 * fit (or why there is none), each fit's error on held-out data, and the
 * four optimizers' paths. Nothing about a loss is computed here: fits,
 * totals, gradients and steps all come from @losslab/core.
 */
import {
  type Dataset,
  type FitResult,
  fitModel,
  type LossDef,
  type ModelSpec,
  type OptimizerMethod,
  optimize,
  type Trajectory,
} from '@losslab/core';
import type { OptimizerSettings } from '../state/fit';
import type { FitTask, XY } from './presets';

export type FitOutcome =
  | { readonly kind: 'fit'; readonly loss: string; readonly result: FitResult }
  /** core says L has no finite minimizer (it falls forever along some direction). */
  | { readonly kind: 'no-minimizer'; readonly loss: string; readonly message: string }
  /** Anything else core refused (a label outside the loss's set, say). */
  | { readonly kind: 'error'; readonly loss: string; readonly message: string };

export interface FitInputs {
  readonly loss: LossDef;
  readonly params: Readonly<Record<string, number>>;
  readonly data: Dataset;
  readonly l2: number;
}

export function modelSpec(inputs: FitInputs): ModelSpec {
  return { loss: inputs.loss, params: { ...inputs.params }, data: inputs.data, l2: inputs.l2 };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** core's fitModel, with its refusals turned into outcomes the legend can say. */
export function fitOutcome(inputs: FitInputs): FitOutcome {
  const loss = inputs.loss.id;
  try {
    return { kind: 'fit', loss, result: fitModel(modelSpec(inputs)) };
  } catch (error) {
    const message = messageOf(error);
    if (/no finite minimi[sz]er/i.test(message)) return { kind: 'no-minimizer', loss, message };
    return { kind: 'error', loss, message };
  }
}

/** The model's prediction: the line for regression, σ(w·x + b) for classification. */
export function predict(task: FitTask, fit: { w: number; b: number }, x: number): number {
  const s = fit.w * x + fit.b;
  return task === 'regression' ? s : 1 / (1 + Math.exp(-s));
}

export interface TestError {
  /** Regression: root mean squared error; classification: the fraction misclassified. */
  readonly value: number;
  readonly metric: 'rmse' | 'error-rate';
}

/** A fit's error on held-out data. */
export function testError(task: FitTask, fit: { w: number; b: number }, data: readonly XY[]): TestError {
  if (task === 'regression') {
    let sum = 0;
    for (const p of data) sum += (fit.w * p.x + fit.b - p.y) ** 2;
    return { value: Math.sqrt(sum / data.length), metric: 'rmse' };
  }
  let wrong = 0;
  for (const p of data) {
    const s = fit.w * p.x + fit.b;
    // s = 0 decides nothing: counted as wrong, so a degenerate fit gets no credit.
    if (s === 0 || s > 0 !== (p.y === 1)) wrong++;
  }
  return { value: wrong / data.length, metric: 'error-rate' };
}

/** The change relative to a reference, e.g. −0.23 for 23% lower. */
export function relativeChange(value: number, reference: number): number | undefined {
  return reference > 0 && Number.isFinite(value) ? value / reference - 1 : undefined;
}

export const OPTIMIZERS: readonly {
  readonly method: OptimizerMethod;
  readonly label: string;
  readonly color: string;
}[] = [
  { method: 'gd', label: 'GD', color: '#f5f5f5' },
  { method: 'momentum', label: 'Momentum', color: '#ff5252' },
  { method: 'nesterov', label: 'Nesterov', color: '#ffab40' },
  { method: 'adam', label: 'Adam', color: '#e040fb' },
];

export type OptimizerRun =
  | { readonly method: OptimizerMethod; readonly kind: 'run'; readonly trajectory: Trajectory }
  | { readonly method: OptimizerMethod; readonly kind: 'error'; readonly message: string };

/** The four optimizers from the same start on the same L, with core's PyTorch update rules. */
export function runOptimizers(inputs: FitInputs, settings: OptimizerSettings): OptimizerRun[] {
  const start = settings.start;
  if (!start) return [];
  const model = modelSpec(inputs);
  return OPTIMIZERS.map(({ method }) => {
    try {
      const trajectory = optimize(model, {
        method,
        lr: method === 'adam' ? settings.adamLr : settings.lr,
        steps: settings.steps,
        start,
        momentum: settings.momentum,
        beta1: settings.beta1,
        beta2: settings.beta2,
      });
      return { method, kind: 'run', trajectory };
    } catch (error) {
      return { method, kind: 'error', message: messageOf(error) };
    }
  });
}
