/** State transitions, as pure functions from one valid state to the next. */
import { type CustomLossSpec, inDomain, isContinuous, type LossDef } from '@losslab/core';
import { findQuestion, MAX_SEED } from '../practice';
import { buildCustomLoss, lossesOf, MAX_CUSTOM_LOSSES } from './catalog.js';
import { defaultColorScale } from './color-scale.js';
import { colormapFor, lossState } from './defaults.js';
import {
  curveGroups,
  curveRange,
  curvesFor,
  curveVariable,
  defaultAxis,
  findCurveGroup,
  findLoss,
  startValue,
  variableOf,
} from './loss-setup.js';
import type { AppState, AxisState, CurvesState, OutputChoice, VariableValues, ViewId } from './types.js';
import { parseState, serializeState } from './url.js';

export function setView(state: AppState, view: ViewId): AppState {
  return { ...state, view };
}

/** Shows a loss in the heatmap, surface and info views, from its default axes and colour scale. */
export function selectLoss(state: AppState, id: string): AppState {
  const catalog = lossesOf(state);
  const loss = findLoss(catalog, id);
  if (!loss || loss.id === state.loss) return state;
  const next = lossState(loss);
  return {
    ...state,
    ...next,
    colormap: colormapFor(next.output),
    colorScale: defaultColorScale(next, catalog),
  };
}

/** The values of the non-axis variables after the axes changed: kept where possible. */
function regroupParams(loss: LossDef, x: string, y: string, old: AppState): VariableValues {
  const values: Record<string, number> = {};
  for (const variable of loss.variables) {
    if (variable.name === x || variable.name === y) continue;
    const previous = old.params[variable.name];
    const fromAxis =
      old.x.variable === variable.name ? old.x : old.y.variable === variable.name ? old.y : undefined;
    // A variable leaving an axis keeps a value inside its old range: the default if that fits, else the middle.
    const fallback = startValue(variable);
    const fromAxisValue =
      fromAxis && !(fallback >= fromAxis.min && fallback <= fromAxis.max)
        ? fromAxis.scale === 'log'
          ? Math.sqrt(fromAxis.min * fromAxis.max)
          : (fromAxis.min + fromAxis.max) / 2
        : fallback;
    values[variable.name] = previous ?? fromAxisValue;
  }
  return values;
}

/** Puts a variable on an axis; choosing the other axis's variable swaps the two. */
export function setAxisVariable(state: AppState, which: 'x' | 'y', name: string): AppState {
  const loss = lossesOf(state).get(state.loss);
  const variable = variableOf(loss, name);
  if (!variable || !isContinuous(variable.domain)) return state;
  const current = state[which];
  const other = which === 'x' ? state.y : state.x;
  if (current.variable === name) return state;
  let x: AxisState;
  let y: AxisState;
  if (other.variable === name) {
    x = state.y;
    y = state.x;
  } else {
    const axis = defaultAxis(variable);
    x = which === 'x' ? axis : state.x;
    y = which === 'y' ? axis : state.y;
  }
  return { ...state, x, y, params: regroupParams(loss, x.variable, y.variable, state) };
}

/** Sets an axis range and scale, if the result is valid for the variable; otherwise nothing changes. */
export function setAxisRange(
  state: AppState,
  which: 'x' | 'y',
  range: { min: number; max: number; scale: AxisState['scale'] },
): AppState {
  const axis = state[which];
  const variable = variableOf(lossesOf(state).get(state.loss), axis.variable);
  if (!variable) return state;
  const { min, max, scale } = range;
  if (!(min < max) || !inDomain(variable.domain, min) || !inDomain(variable.domain, max)) return state;
  if (scale === 'log' && !(min > 0)) return state;
  return { ...state, [which]: { ...axis, min, max, scale } };
}

/** Switches an axis between linear and log, moving a non-positive minimum just above zero. */
export function toggleAxisScale(state: AppState, which: 'x' | 'y'): AppState {
  const axis = state[which];
  if (axis.scale === 'log') return { ...state, [which]: { ...axis, scale: 'linear' } };
  if (!(axis.max > 0)) return state;
  const min = axis.min > 0 ? axis.min : axis.max / 1000;
  return setAxisRange(state, which, { min, max: axis.max, scale: 'log' });
}

export function resetAxes(state: AppState): AppState {
  const loss = lossesOf(state).get(state.loss);
  const { x, y, params } = lossState(loss);
  return { ...state, x, y, params };
}

/** Sets a slider variable, if the value is in its domain. */
export function setParam(state: AppState, name: string, value: number): AppState {
  const variable = variableOf(lossesOf(state).get(state.loss), name);
  if (!variable || !(name in state.params) || !inDomain(variable.domain, value)) return state;
  if (state.params[name] === value) return state;
  return { ...state, params: { ...state.params, [name]: value } };
}

/** Changes the output; the colormap and colour scale follow where they were the previous output's defaults. */
export function setOutput(state: AppState, output: OutputChoice): AppState {
  const colormap = state.colormap === colormapFor(state.output) ? colormapFor(output) : state.colormap;
  const catalog = lossesOf(state);
  const colorScale =
    state.colorScale === defaultColorScale(state, catalog)
      ? defaultColorScale({ ...state, output }, catalog)
      : state.colorScale;
  return { ...state, output, colormap, colorScale };
}

/** Shows a curve group (family and x variable), keeping the losses already shown that belong to it. */
export function setCurveGroup(state: AppState, family: string, variable: string): AppState {
  const group = findCurveGroup(lossesOf(state), family, variable);
  if (!group) return state;
  if (group.family === state.curves.family && group.variable === state.curves.variable) return state;
  return { ...state, curves: curvesFor(group) };
}

function withCurves(state: AppState, curves: Partial<CurvesState>): AppState {
  return { ...state, curves: { ...state.curves, ...curves } };
}

/** Adds or removes a loss from the Curves plot (the last one stays). */
export function toggleCurveLoss(state: AppState, id: string): AppState {
  const group = findCurveGroup(lossesOf(state), state.curves.family, state.curves.variable);
  const added = group?.losses.find((l) => l.id === id);
  if (!group || !added) return state;
  const shown = state.curves.losses;
  if (shown.includes(id)) {
    if (shown.length === 1) return state;
    return withCurves(state, {
      losses: shown.filter((l) => l !== id),
      hidden: state.curves.hidden.filter((l) => l !== id),
    });
  }
  const losses = group.losses.map((l) => l.id).filter((l) => l === id || shown.includes(l));
  const next = withCurves(state, { losses });
  // A loss whose domain leaves out the plotted range (a custom r > 0 next to MSE) gets a range all
  // share: the shown losses' plotting ranges together, else its own plotting range.
  const x = variableOf(added, state.curves.variable);
  const fits = (v: number) => !x || inDomain(x.domain, v);
  if (!x || (fits(state.curves.min) && fits(state.curves.max))) return next;
  const reset = resetCurveRange(next);
  return reset !== next ? reset : setCurveRange(next, x.plot.min, x.plot.max);
}

/** Shows or hides a curve without removing its sliders (the legend's toggle). */
export function toggleCurveHidden(state: AppState, id: string): AppState {
  if (!state.curves.losses.includes(id)) return state;
  const hidden = state.curves.hidden.includes(id)
    ? state.curves.hidden.filter((l) => l !== id)
    : [...state.curves.hidden, id];
  return withCurves(state, { hidden });
}

export function setCurveParam(state: AppState, id: string, name: string, value: number): AppState {
  const loss = findLoss(lossesOf(state), id);
  const variable = loss && variableOf(loss, name);
  const values = state.curves.params[id];
  if (!variable || !values || !(name in values) || !inDomain(variable.domain, value)) return state;
  if (values[name] === value) return state;
  return withCurves(state, { params: { ...state.curves.params, [id]: { ...values, [name]: value } } });
}

/** Sets the x range of the Curves plot when every shown loss accepts it; the probe stays inside. */
export function setCurveRange(state: AppState, min: number, max: number): AppState {
  if (!(min < max)) return state;
  const catalog = lossesOf(state);
  for (const id of state.curves.losses) {
    const loss = catalog.find(id);
    const variable = loss && variableOf(loss, state.curves.variable);
    if (!variable || !inDomain(variable.domain, min) || !inDomain(variable.domain, max)) return state;
  }
  const probe = Math.min(max, Math.max(min, state.curves.probe));
  return withCurves(state, { min, max, probe });
}

export function resetCurveRange(state: AppState): AppState {
  const group = findCurveGroup(lossesOf(state), state.curves.family, state.curves.variable);
  if (!group) return state;
  const { min, max } = curveRange(group, state.curves.losses);
  return setCurveRange(state, min, max);
}

export function setProbe(state: AppState, probe: number): AppState {
  if (!Number.isFinite(probe)) return state;
  return withCurves(state, { probe: Math.min(state.curves.max, Math.max(state.curves.min, probe)) });
}

export function setLogY(state: AppState, logY: boolean): AppState {
  return withCurves(state, { logY });
}

export function setHalfMse(state: AppState, halfMse: boolean): AppState {
  return withCurves(state, { halfMse });
}

/** Shows a Practice question, with its textbook numbers (seed 0). */
export function setPracticeQuestion(state: AppState, question: string): AppState {
  if (question === state.practice.question || !findQuestion(question)) return state;
  return { ...state, practice: { question, seed: 0 } };
}

/** New numbers for the Practice question. */
export function setPracticeSeed(state: AppState, seed: number): AppState {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED || seed === state.practice.seed) return state;
  return { ...state, practice: { ...state.practice, seed } };
}

/** Opens a loss everywhere: current loss of the 2D views, and shown in its Curves group. */
export function openLoss(state: AppState, id: string, view: ViewId): AppState {
  const catalog = lossesOf(state);
  const loss = findLoss(catalog, id);
  if (!loss) return state;
  let next = selectLoss(state, id);
  const variable = curveVariable(loss);
  // A custom loss opens next to the catalog's losses over its variable (to compare), if there are any.
  const groups = curveGroups(catalog).filter((g) => g.variable === variable && g.losses.includes(loss));
  const group =
    groups.find((g) => g.family === next.curves.family) ??
    groups.find((g) => g.family !== 'custom') ??
    groups[0];
  if (group) {
    const sameGroup = next.curves.family === group.family && next.curves.variable === group.variable;
    const curves = sameGroup ? next.curves : curvesFor(group, [id]);
    next = { ...next, curves };
    if (!next.curves.losses.includes(id)) next = toggleCurveLoss(next, id);
    if (next.curves.hidden.includes(id)) next = toggleCurveHidden(next, id);
  }
  return { ...next, view };
}

/**
 * The state checked against its own custom losses, part by part, as a link
 * is: what still fits is kept (a removed loss's axes, sliders and curves
 * fall back to the defaults). The URL parser is the one place that knows
 * every rule, so this is a round trip through it.
 */
function recheck(state: AppState): AppState {
  return parseState(serializeState(state)).state;
}

/**
 * Adds a custom loss (a specification the editor built: it is built again
 * here, from the cache), or replaces the one with the id `replacing`, and
 * opens it. Unchanged when the specification does not build, or when
 * MAX_CUSTOM_LOSSES are there already and none is replaced.
 */
export function saveCustomLoss(state: AppState, spec: CustomLossSpec, replacing?: string): AppState {
  let def: LossDef;
  try {
    def = buildCustomLoss(spec);
  } catch {
    return state;
  }
  const normalized = def.source!.spec;
  const old = replacing !== undefined ? state.custom.findIndex((c) => c.id === replacing) : -1;
  // Another custom loss of the same id (not the one edited) is replaced too: ids are unique.
  const others = state.custom.filter((c, i) => i !== old && c.id !== normalized.id);
  if (old < 0 && others.length >= MAX_CUSTOM_LOSSES) return state;
  const custom = [...others];
  custom.splice(old < 0 ? custom.length : Math.min(old, custom.length), 0, normalized);
  let next: AppState = { ...state, custom };
  if (old >= 0 && replacing !== normalized.id) next = renameLoss(next, replacing!, normalized.id);
  // A loss shown with its old variables would keep stale sliders: shown afresh.
  if (next.loss === normalized.id) next = { ...next, loss: '' };
  next = recheck(next);
  return openLoss(next, normalized.id, state.view);
}

/** Points the state's references to a renamed custom loss at its new id. */
function renameLoss(state: AppState, from: string, to: string): AppState {
  const rename = (id: string) => (id === from ? to : id);
  const { [from]: moved, ...params } = state.curves.params;
  return {
    ...state,
    loss: rename(state.loss),
    curves: {
      ...state.curves,
      losses: state.curves.losses.map(rename),
      hidden: state.curves.hidden.map(rename),
      params: moved ? { ...params, [to]: moved } : params,
    },
  };
}

/** Removes a custom loss; views that showed it fall back to their defaults. */
export function removeCustomLoss(state: AppState, id: string): AppState {
  if (!state.custom.some((c) => c.id === id)) return state;
  return recheck({ ...state, custom: state.custom.filter((c) => c.id !== id) });
}
