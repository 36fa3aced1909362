/** Defaults derived from a loss's catalog entry: axes, slider values, curve groups. */
import { inDomain, isContinuous, type LossDef, type LossFamily, type VariableDef } from '@losslab/core';
import { lerp } from '../lib/range';
import type { LossCatalog } from './catalog.js';
import type { AxisState, CurvesState, VariableValues } from './types.js';

/** A loss id the session knows (the catalog's or a custom loss), or undefined. */
export function findLoss(catalog: LossCatalog, id: string): LossDef | undefined {
  return catalog.find(id);
}

/**
 * The value a variable starts at: its default, or for data variables without
 * one the middle of its plotting range (geometric middle on a log range).
 */
export function startValue(variable: VariableDef): number {
  if (variable.default !== undefined) return variable.default;
  if (variable.domain.kind === 'set') return variable.domain.values[0] ?? 0;
  const { min, max, scale } = variable.plot;
  const middle = scale === 'log' ? Math.sqrt(min * max) : (min + max) / 2;
  return inDomain(variable.domain, middle) ? middle : min;
}

export function variableOf(loss: LossDef, name: string): VariableDef | undefined {
  return loss.variables.find((v) => v.name === name);
}

/** The axis a variable gets by default: its plotting range and scale. */
export function defaultAxis(variable: VariableDef): AxisState {
  return {
    variable: variable.name,
    min: variable.plot.min,
    max: variable.plot.max,
    scale: variable.plot.scale,
  };
}

/** The two heatmap axes of a loss, or undefined when it has a single continuous variable. */
export function heatmapAxes(loss: LossDef): readonly [AxisState, AxisState] | undefined {
  if (loss.defaultAxes.length !== 2) return undefined;
  const [xName, yName] = loss.defaultAxes;
  const x = variableOf(loss, xName);
  const y = variableOf(loss, yName);
  if (!x || !y) return undefined;
  return [defaultAxis(x), defaultAxis(y)];
}

/** Whether a loss has two continuous variables to sweep over. */
export function canSweep2d(loss: LossDef): boolean {
  return loss.variables.filter((v) => isContinuous(v.domain)).length >= 2;
}

/** Start values of every variable except the excluded (axis) ones. */
export function startValues(loss: LossDef, exclude: readonly string[]): VariableValues {
  const values: Record<string, number> = {};
  for (const variable of loss.variables) {
    if (!exclude.includes(variable.name)) values[variable.name] = startValue(variable);
  }
  return values;
}

/** The data variable a loss is drawn over in the Curves view. */
export function curveVariable(loss: LossDef): string {
  return loss.defaultAxes[0];
}

export interface CurveGroup {
  readonly family: LossFamily;
  readonly variable: string;
  readonly losses: readonly LossDef[];
}

const groupsOf = new WeakMap<LossCatalog, CurveGroup[]>();

/**
 * Losses that can share a Curves plot: same family, same x variable. A
 * custom loss joins every catalog group over a variable of its name (so a
 * re-typed Huber plots next to Huber), and the group of the user's own
 * losses over that variable.
 */
export function curveGroups(catalog: LossCatalog): readonly CurveGroup[] {
  const known = groupsOf.get(catalog);
  if (known) return known;
  const groups: CurveGroup[] = [];
  const add = (family: LossFamily, variable: string, loss: LossDef) => {
    const group = groups.find((g) => g.family === family && g.variable === variable);
    if (group) (group.losses as LossDef[]).push(loss);
    else groups.push({ family, variable, losses: [loss] });
  };
  const custom = catalog.all.filter((l) => l.family === 'custom');
  for (const loss of catalog.all) if (loss.family !== 'custom') add(loss.family, curveVariable(loss), loss);
  for (const group of [...groups]) {
    for (const loss of custom)
      if (curveVariable(loss) === group.variable) add(group.family, group.variable, loss);
  }
  for (const loss of custom) add('custom', curveVariable(loss), loss);
  groupsOf.set(catalog, groups);
  return groups;
}

export function findCurveGroup(
  catalog: LossCatalog,
  family: string,
  variable: string,
): CurveGroup | undefined {
  return curveGroups(catalog).find((g) => g.family === family && g.variable === variable);
}

/** How many losses a freshly chosen curve group shows. */
const DEFAULT_CURVE_COUNT = 3;

/** The x range that covers every loss's plotting range of the shared variable. */
export function curveRange(group: CurveGroup, shown: readonly string[]): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const loss of group.losses) {
    if (!shown.includes(loss.id)) continue;
    const variable = variableOf(loss, group.variable);
    if (!variable) continue;
    min = Math.min(min, variable.plot.min);
    max = Math.max(max, variable.plot.max);
  }
  if (!(min < max)) {
    const first = group.losses[0] && variableOf(group.losses[0], group.variable);
    return { min: first?.plot.min ?? -1, max: first?.plot.max ?? 1 };
  }
  return { min, max };
}

/** The Curves state for a group, showing `shown` (or its first few losses). */
export function curvesFor(group: CurveGroup, shown?: readonly string[]): CurvesState {
  const ids = shown?.length ? [...shown] : group.losses.slice(0, DEFAULT_CURVE_COUNT).map((l) => l.id);
  const params: Record<string, VariableValues> = {};
  for (const loss of group.losses) params[loss.id] = startValues(loss, [group.variable]);
  const { min, max } = curveRange(group, ids);
  // Three quarters along: on symmetric ranges that is off the kink at 0, where curves differ most.
  const probe = lerp(min, max, 0.75);
  return {
    family: group.family,
    variable: group.variable,
    losses: ids,
    hidden: [],
    params,
    min,
    max,
    probe,
    logY: false,
    halfMse: false,
  };
}
