/**
 * The fit lab's state (part of AppState, so a link reproduces it) and its
 * transitions, as pure functions from one valid state to the next.
 */
import { inDomain, type LossDef } from '@losslab/core';
import { fitOutcome } from '../fit/compute';
import {
  addPoint,
  type FitPoint,
  MAX_POINTS,
  movePoint,
  presetDataset,
  removePoint,
  toDataset,
  validCoordinate,
} from '../fit/dataset';
import { frameRange, type LandscapeRange, validRange } from '../fit/frame';
import { DEFAULT_FIT_LOSSES, fitLossesFor, hyperparameters, MAX_FIT_LOSSES } from '../fit/losses';
import { type FitTask, PRESET_INFO, type PresetId, presetsOf } from '../fit/presets';
import { MAX_SEED } from '../practice/random';
import { DEFAULT_CAMERA } from '../render/camera';
import { startValue } from './loss-setup.js';
import type { CameraState, ColorScale, VariableValues } from './types.js';

export interface OptimizerSettings {
  /** Where the four optimizers start; null until the user clicks the landscape. */
  readonly start: { readonly w: number; readonly b: number } | null;
  /** Learning rate of GD, momentum and Nesterov. */
  readonly lr: number;
  /** Adam's learning rate (its steps are about lr long whatever the gradient, so it gets its own). */
  readonly adamLr: number;
  /** μ of momentum and Nesterov. */
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly steps: number;
}

export interface FitState {
  readonly task: FitTask;
  /** The preset the points were generated from (and the held-out data is drawn from); null for imported points. */
  readonly preset: PresetId | null;
  readonly seed: number;
  readonly points: readonly FitPoint[];
  /** The fitted losses, 1 to MAX_FIT_LOSSES, in legend (and colour) order. */
  readonly losses: readonly string[];
  /** Hyperparameters per fitted loss. */
  readonly params: Readonly<Record<string, VariableValues>>;
  /** Ridge strength: L gains ½·l2·w². */
  readonly l2: number;
  /** The loss whose landscape is drawn (one of `losses`). */
  readonly landscapeLoss: string;
  readonly range: LandscapeRange;
  readonly colorScale: ColorScale;
  /** Draw each data point's line in (w, b) space. */
  readonly dataLines: boolean;
  /** The landscape as a 3D surface instead of a heatmap. */
  readonly surface: boolean;
  readonly camera: CameraState;
  readonly optimizer: OptimizerSettings;
}

export const DEFAULT_PRESET: Readonly<Record<FitTask, PresetId>> = {
  regression: 'outliers',
  classification: 'overlapping',
};
export const DEFAULT_FIT_SEED = 1;
export const MAX_L2 = 1000;

export const DEFAULT_OPTIMIZER: OptimizerSettings = {
  start: null,
  lr: 0.05,
  adamLr: 0.1,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  steps: 200,
};

/** Limits of the optimizer settings (the sliders' ranges, and what a link may ask for). */
export const OPTIMIZER_LIMITS = {
  lr: { min: 1e-4, max: 10 },
  steps: { min: 1, max: 2000 },
  /** μ and the betas stay below 1 (core needs [0, 1)). */
  beta: { min: 0, max: 0.9999 },
} as const;

/** The hyperparameters of a loss at their start values. */
export function defaultParams(loss: LossDef): VariableValues {
  const values: Record<string, number> = {};
  for (const variable of hyperparameters(loss)) values[variable.name] = startValue(variable);
  return values;
}

/** Frames computed, by data and losses: a preset's frame is asked for on every URL parse. */
const frames = new Map<string, LandscapeRange>();

/**
 * A frame around the data and around the fits of its losses (the fits that
 * exist: separable data's logistic fit has none), so every minimizer starts
 * in view.
 */
export function frameWithFits(
  points: readonly FitPoint[],
  task: FitTask,
  fitted: readonly { readonly loss: LossDef; readonly params: VariableValues }[],
  l2: number,
): LandscapeRange {
  const key = JSON.stringify([points, task, fitted.map((f) => [f.loss.id, f.params]), l2]);
  const known = frames.get(key);
  if (known && fitted.every((f) => f.loss.source?.kind !== 'custom')) return known;
  const data = toDataset(points);
  const include = fitted.flatMap(({ loss, params }) => {
    const outcome = fitOutcome({ loss, params, data, l2 });
    return outcome.kind === 'fit' ? [outcome.result] : [];
  });
  const range = frameRange(points, task, include);
  frames.set(key, range);
  if (frames.size > 32) frames.delete(frames.keys().next().value!);
  return range;
}

/** The fit state for a task's preset and seed: its points, default losses and a frame around them. */
export function fitStateFor(
  task: FitTask,
  preset: PresetId,
  seed: number,
  all: readonly LossDef[],
  keep?: FitState,
): FitState {
  const points = presetDataset(preset, seed);
  const available = fitLossesFor(task, all);
  const sameTask = keep?.task === task;
  const losses = sameTask
    ? keep.losses
    : DEFAULT_FIT_LOSSES[task].filter((id) => available.some((l) => l.id === id));
  const params: Record<string, VariableValues> = {};
  for (const id of losses) {
    const loss = available.find((l) => l.id === id);
    if (loss) params[id] = sameTask ? (keep.params[id] ?? defaultParams(loss)) : defaultParams(loss);
  }
  const l2 = sameTask ? keep.l2 : 0;
  const fitted = losses.flatMap((id) => {
    const loss = available.find((l) => l.id === id);
    return loss ? [{ loss, params: params[id] ?? {} }] : [];
  });
  return {
    task,
    preset,
    seed,
    points,
    losses,
    params,
    l2,
    landscapeLoss: sameTask && losses.includes(keep.landscapeLoss) ? keep.landscapeLoss : losses[0]!,
    range: frameWithFits(points, task, fitted, l2),
    colorScale: keep?.colorScale ?? 'log',
    dataLines: keep?.dataLines ?? false,
    surface: keep?.surface ?? false,
    camera: keep?.camera ?? { ...DEFAULT_CAMERA },
    optimizer: { ...(keep?.optimizer ?? DEFAULT_OPTIMIZER), start: null },
  };
}

export function defaultFitState(all: readonly LossDef[]): FitState {
  return fitStateFor('regression', DEFAULT_PRESET.regression, DEFAULT_FIT_SEED, all);
}

// Transitions ------------------------------------------------------------------------------------

export function setFitTask(fit: FitState, task: FitTask, all: readonly LossDef[]): FitState {
  if (task === fit.task) return fit;
  return fitStateFor(task, DEFAULT_PRESET[task], fit.seed, all, fit);
}

/** Loads a preset (its task's losses kept when the task stays). */
export function loadPreset(fit: FitState, preset: PresetId, seed: number, all: readonly LossDef[]): FitState {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) return fit;
  return fitStateFor(PRESET_INFO[preset].task, preset, seed, all, fit);
}

/** Points from a CSV: no preset (and so no held-out generator); the frame follows the new data and its fits. */
export function importPoints(fit: FitState, points: readonly FitPoint[], all: readonly LossDef[]): FitState {
  if (points.length === 0 || points.length > MAX_POINTS) return fit;
  const fitted = fit.losses.flatMap((id) => {
    const loss = all.find((l) => l.id === id);
    return loss ? [{ loss, params: fit.params[id] ?? {} }] : [];
  });
  return {
    ...fit,
    preset: null,
    points: [...points],
    range: frameWithFits(points, fit.task, fitted, fit.l2),
    optimizer: { ...fit.optimizer, start: null },
  };
}

export function moveFitPoint(fit: FitState, index: number, to: { x: number; y: number }): FitState {
  const current = fit.points[index];
  if (!current) return fit;
  const points = movePoint(fit.points, index, to, fit.task);
  const moved = points[index]!;
  if (moved.x === current.x && moved.y === current.y) return fit;
  return { ...fit, points };
}

export function addFitPoint(fit: FitState, at: { x: number; y: number }): FitState {
  const points = addPoint(fit.points, at, fit.task);
  return points.length === fit.points.length ? fit : { ...fit, points };
}

export function removeFitPoint(fit: FitState, index: number): FitState {
  const points = removePoint(fit.points, index);
  return points.length === fit.points.length ? fit : { ...fit, points };
}

/** Adds or removes a fitted loss (at most four; the last one stays). */
export function toggleFitLoss(fit: FitState, id: string, all: readonly LossDef[]): FitState {
  if (fit.losses.includes(id)) {
    if (fit.losses.length === 1) return fit;
    const losses = fit.losses.filter((l) => l !== id);
    const { [id]: _dropped, ...params } = fit.params;
    return {
      ...fit,
      losses,
      params,
      landscapeLoss: fit.landscapeLoss === id ? losses[0]! : fit.landscapeLoss,
    };
  }
  if (fit.losses.length >= MAX_FIT_LOSSES) return fit;
  const loss = fitLossesFor(fit.task, all).find((l) => l.id === id);
  if (!loss) return fit;
  return { ...fit, losses: [...fit.losses, id], params: { ...fit.params, [id]: defaultParams(loss) } };
}

/** Replaces the loss in a slot, keeping its colour. */
export function replaceFitLoss(fit: FitState, slot: number, id: string, all: readonly LossDef[]): FitState {
  const old = fit.losses[slot];
  if (old === undefined || old === id || fit.losses.includes(id)) return fit;
  const loss = fitLossesFor(fit.task, all).find((l) => l.id === id);
  if (!loss) return fit;
  const losses = fit.losses.map((l, i) => (i === slot ? id : l));
  const { [old]: _dropped, ...rest } = fit.params;
  return {
    ...fit,
    losses,
    params: { ...rest, [id]: defaultParams(loss) },
    landscapeLoss: fit.landscapeLoss === old ? id : fit.landscapeLoss,
  };
}

export function setFitParam(
  fit: FitState,
  id: string,
  name: string,
  value: number,
  all: readonly LossDef[],
): FitState {
  const loss = all.find((l) => l.id === id);
  const variable = loss && hyperparameters(loss).find((v) => v.name === name);
  const values = fit.params[id];
  if (!variable || !values || !inDomain(variable.domain, value) || values[name] === value) return fit;
  return { ...fit, params: { ...fit.params, [id]: { ...values, [name]: value } } };
}

export function setL2(fit: FitState, l2: number): FitState {
  if (!(l2 >= 0 && l2 <= MAX_L2) || l2 === fit.l2) return fit;
  return { ...fit, l2 };
}

export function setLandscapeLoss(fit: FitState, id: string): FitState {
  if (!fit.losses.includes(id) || id === fit.landscapeLoss) return fit;
  return { ...fit, landscapeLoss: id };
}

export function setRange(fit: FitState, range: LandscapeRange): FitState {
  return validRange(range) ? { ...fit, range } : fit;
}

export function setStart(fit: FitState, start: { w: number; b: number } | null): FitState {
  if (start && (!validCoordinate(start.w) || !validCoordinate(start.b))) return fit;
  return { ...fit, optimizer: { ...fit.optimizer, start } };
}

type NumericSetting = Exclude<keyof OptimizerSettings, 'start'>;

/** Whether a value is allowed for an optimizer setting. */
export function validSetting(name: NumericSetting, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (name === 'lr' || name === 'adamLr')
    return value >= OPTIMIZER_LIMITS.lr.min && value <= OPTIMIZER_LIMITS.lr.max;
  if (name === 'steps')
    return (
      Number.isInteger(value) && value >= OPTIMIZER_LIMITS.steps.min && value <= OPTIMIZER_LIMITS.steps.max
    );
  return value >= OPTIMIZER_LIMITS.beta.min && value <= OPTIMIZER_LIMITS.beta.max;
}

export function setOptimizerSetting(fit: FitState, name: NumericSetting, value: number): FitState {
  if (!validSetting(name, value) || fit.optimizer[name] === value) return fit;
  return { ...fit, optimizer: { ...fit.optimizer, [name]: value } };
}

/** The presets a task offers (for the picker). */
export { presetsOf };
