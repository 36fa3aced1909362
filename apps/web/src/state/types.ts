/** The app's whole state: everything a shared link reproduces. */
import type { AxisScale, CustomLossSpec, LossFamily } from '@losslab/core';

export const VIEWS = [
  'curves',
  'heatmap',
  'surface',
  'compare',
  'info',
  'custom',
  'fit',
  'practice',
] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_LABELS: Readonly<Record<ViewId, string>> = {
  curves: 'Curves',
  heatmap: 'Heatmap',
  surface: 'Surface',
  compare: 'Compare',
  info: 'Info',
  custom: 'Your loss',
  fit: 'Fit lab',
  practice: 'Practice',
};

import type { ColormapName } from '../render/colormaps';
import type { FitState } from './fit.js';

export const COLORMAPS = ['viridis', 'magma', 'coolwarm'] as const satisfies readonly ColormapName[];
export type Colormap = ColormapName;

export const COLOR_SCALES = ['linear', 'log'] as const;
export type ColorScale = (typeof COLOR_SCALES)[number];

export const THEMES = ['auto', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEMES)[number];

/** Grid sizes per axis offered for heatmaps and surfaces. */
export const RESOLUTIONS = [128, 256, 512, 1024, 2048, 4096] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Most iso-lines a heatmap draws. */
export const MAX_CONTOURS = 40;

/** 'value' or the name of the variable whose partial derivative is shown. */
export type OutputChoice = 'value' | { readonly partial: string };

export interface AxisState {
  readonly variable: string;
  readonly min: number;
  readonly max: number;
  readonly scale: AxisScale;
}

export interface CameraState {
  readonly yaw: number;
  readonly pitch: number;
  readonly distance: number;
  readonly targetX: number;
  readonly targetY: number;
}

/** Values of variables, keyed by variable name. */
export type VariableValues = Readonly<Record<string, number>>;

export interface CurvesState {
  readonly family: LossFamily;
  /** The data variable on the x axis, shared by every shown loss. */
  readonly variable: string;
  /** Losses drawn, in legend order. */
  readonly losses: readonly string[];
  /** Losses whose curve the legend has switched off. */
  readonly hidden: readonly string[];
  /** Per loss, the values of its variables other than the x variable. */
  readonly params: Readonly<Record<string, VariableValues>>;
  readonly min: number;
  readonly max: number;
  /** Where the probe reads every curve. */
  readonly probe: number;
  readonly logY: boolean;
  /**
   * Draw MSE as ½r², the scale of Huber's quadratic part (MSE itself is r²),
   * so Huber visibly meets it as δ grows. A display scale: core's MSE is unchanged.
   */
  readonly halfMse: boolean;
}

/** The Practice view: which question, and the seed its numbers come from (0: the textbook numbers). */
export interface PracticeState {
  readonly question: string;
  readonly seed: number;
}

export interface AppState {
  readonly view: ViewId;
  /**
   * The user's own losses (at most MAX_CUSTOM_LOSSES), as core's normalised,
   * JSON-safe specifications: `customLoss(spec)` builds each (state/catalog.ts).
   * Every spec here has been built once, so every one is valid.
   */
  readonly custom: readonly CustomLossSpec[];
  /** The loss of the heatmap, surface and info views (a catalog id or a custom loss's id). */
  readonly loss: string;
  readonly x: AxisState;
  readonly y: AxisState;
  /** Values of the loss's variables that are not axes. */
  readonly params: VariableValues;
  readonly output: OutputChoice;
  readonly colormap: Colormap;
  readonly colorScale: ColorScale;
  readonly resolution: Resolution;
  /** Iso-lines on the heatmap; 0 turns them off. */
  readonly contours: number;
  readonly camera: CameraState;
  readonly wireframe: boolean;
  readonly forceCpu: boolean;
  readonly theme: ThemeChoice;
  readonly curves: CurvesState;
  readonly practice: PracticeState;
  /** The fit lab: data, fitted losses, landscape and optimizers. */
  readonly fit: FitState;
}
