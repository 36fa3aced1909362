/**
 * A question's "show me": the Curves or Heatmap state that illustrates it,
 * built with the app's own transitions (so it is a valid state by the same
 * rules as any other) and linked as a URL.
 */

import {
  setAxisRange,
  setAxisVariable,
  setCurveParam,
  setCurveRange,
  setHalfMse,
  setOutput,
  setParam,
  setProbe,
} from '../state/actions';
import { lossesOf } from '../state/catalog';
import { defaultColorScale } from '../state/color-scale';
import { colormapFor, lossState } from '../state/defaults';
import { curvesFor, findCurveGroup, findLoss } from '../state/loss-setup';
import type { AppState } from '../state/types';
import type { ShowMe } from './types';

export function applyShowMe(state: AppState, show: ShowMe): AppState {
  const catalog = lossesOf(state);
  if (show.view === 'curves') {
    const group = findCurveGroup(catalog, show.family, show.variable);
    if (!group) return state;
    let next: AppState = { ...state, curves: curvesFor(group, show.losses) };
    for (const [id, values] of Object.entries(show.params ?? {}))
      for (const [name, value] of Object.entries(values)) next = setCurveParam(next, id, name, value);
    if (show.range) next = setCurveRange(next, show.range[0], show.range[1]);
    next = setProbe(next, show.probe);
    next = setHalfMse(next, show.halfMse ?? false);
    return { ...next, view: 'curves' };
  }
  const loss = findLoss(catalog, show.loss);
  if (!loss) return state;
  let next: AppState = { ...state, ...lossState(loss), colormap: colormapFor('value') };
  next = setAxisVariable(next, 'x', show.x.variable);
  next = setAxisVariable(next, 'y', show.y.variable);
  next = setAxisRange(next, 'x', show.x);
  next = setAxisRange(next, 'y', show.y);
  for (const [name, value] of Object.entries(show.params ?? {})) next = setParam(next, name, value);
  next = { ...next, colorScale: show.colorScale ?? defaultColorScale(next, catalog) };
  if (show.output) next = setOutput(next, show.output);
  return { ...next, view: 'heatmap' };
}
