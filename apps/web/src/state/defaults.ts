/** The state a bare URL opens with, and the state of a freshly chosen loss. */
import { type LossDef, losses } from '@losslab/core';
import { QUESTIONS } from '../practice';
import { DEFAULT_CAMERA as RENDER_DEFAULT_CAMERA } from '../render/camera';
import { BUILTIN } from './catalog.js';
import { defaultColorScale } from './color-scale.js';
import { defaultFitState } from './fit.js';
import { canSweep2d, curveGroups, curvesFor, defaultAxis, heatmapAxes, startValues } from './loss-setup.js';
import type { AppState, AxisState, CameraState, OutputChoice } from './types.js';

export const DEFAULT_LOSS = 'huber';

export const DEFAULT_CAMERA: CameraState = { ...RENDER_DEFAULT_CAMERA };

/** The first loss with a 2D sweep, when the preferred default is missing from the catalog. */
function fallbackLoss(): LossDef {
  const preferred = losses.find((l) => l.id === DEFAULT_LOSS);
  return preferred ?? losses.find(canSweep2d) ?? losses[0]!;
}

/** Heatmap axes for a loss; single-variable losses get their one variable twice over (never swept). */
export function axesFor(loss: LossDef): readonly [AxisState, AxisState] {
  const axes = heatmapAxes(loss);
  if (axes) return axes;
  const only = defaultAxis(loss.variables[0]!);
  return [only, only];
}

/** The loss-dependent part of the state: axes, slider values and output. */
export function lossState(loss: LossDef): Pick<AppState, 'loss' | 'x' | 'y' | 'params' | 'output'> {
  const [x, y] = axesFor(loss);
  return { loss: loss.id, x, y, params: startValues(loss, [x.variable, y.variable]), output: 'value' };
}

/** The colormap that suits an output: a diverging one for signed partials. */
export function colormapFor(output: OutputChoice): AppState['colormap'] {
  return output === 'value' ? 'viridis' : 'coolwarm';
}

export function defaultCurves(): AppState['curves'] {
  const preferred = fallbackLoss();
  const groups = curveGroups(BUILTIN);
  const group = groups.find((g) => g.losses.includes(preferred)) ?? groups[0]!;
  return curvesFor(group);
}

export function defaultState(): AppState {
  const loss = lossState(fallbackLoss());
  return {
    view: 'curves',
    custom: [],
    ...loss,
    colormap: 'viridis',
    colorScale: defaultColorScale(loss, BUILTIN),
    resolution: 512,
    contours: 0,
    camera: DEFAULT_CAMERA,
    wireframe: false,
    forceCpu: false,
    theme: 'auto',
    curves: defaultCurves(),
    practice: { question: QUESTIONS[0]!.id, seed: 0 },
    fit: defaultFitState(losses),
  };
}
