/** From app state to a sweep spec and a colour style, for the heatmap and surface views. */
import {
  evaluate,
  evaluateBatch,
  gradient,
  type LossDef,
  type LossRef,
  type SweepSpec,
  type SweepStats,
  UndefinedValueError,
} from '@losslab/core';
import { formatExact, formatNumber } from '../../lib/format';
import type { ColorStyle } from '../../render/types';
import { isCustom, lossesOf } from '../../state/catalog';
import type { AppState, OutputChoice } from '../../state/types';

/** A loss reference's id. */
export function lossIdOf(loss: LossRef): string {
  return typeof loss === 'string' ? loss : loss.id;
}

/**
 * The sweep of the current state at `size`² points. A catalog loss goes by
 * its id (a worker finds it in its own copy of the catalog); a custom loss
 * as its definition, which the CPU backend sends to its workers as the
 * specification to rebuild it from.
 */
export function sweepSpecOf(state: AppState, size: number): SweepSpec {
  const axis = (a: AppState['x']) => ({ variable: a.variable, min: a.min, max: a.max, size, scale: a.scale });
  const loss = lossesOf(state).get(state.loss);
  return {
    loss: isCustom(loss) ? loss : loss.id,
    x: axis(state.x),
    y: axis(state.y),
    fixed: { ...state.params },
    output: state.output === 'value' ? 'value' : { partial: state.output.partial },
  };
}

export function outputLabel(output: OutputChoice): string {
  return output === 'value' ? 'value' : `∂/∂${output.partial}`;
}

export interface ResolvedColor {
  readonly style: ColorStyle;
  /** Why the range or scale differs from what was asked, when it does. */
  readonly note: string | undefined;
}

/** How much of the top of the range a log colour scale shows when values reach 0. */
const LOG_DECADES_SHOWN = 6;

/**
 * The colour range for a sweep: its finite min and max; symmetric about 0
 * for the diverging map; clipped to a few decades below the max on a log
 * scale when values reach 0 or below.
 */
export function colorStyleFor(
  stats: SweepStats,
  choice: Pick<AppState, 'colormap' | 'colorScale' | 'contours'>,
): ResolvedColor {
  let note: string | undefined;
  let colorScale = choice.colorScale;
  if (stats.finiteCount === 0) {
    return {
      style: { colormap: choice.colormap, colorScale: 'linear', range: { min: 0, max: 1 }, contours: 0 },
      note: 'No finite values in this sweep: every cell is marked as infinite or undefined.',
    };
  }
  let { min, max } = stats;
  if (colorScale === 'log') {
    if (!(max > 0)) {
      colorScale = 'linear';
      note = 'A log colour scale needs positive values; this sweep has none, so the scale is linear.';
    } else if (!(min > 0)) {
      min = max * 10 ** -LOG_DECADES_SHOWN;
      note = `Log colour scale: values ≤ ${formatNumber(min, 3)} (the sweep reaches ${formatNumber(stats.min, 3)}) take the lowest colour.`;
    }
  }
  if (colorScale === 'linear' && choice.colormap === 'coolwarm') {
    // Diverging: white is 0, so the range is symmetric.
    const bound = Math.max(Math.abs(min), Math.abs(max));
    min = -bound;
    max = bound;
  }
  if (!(max > min)) {
    // A constant sweep: widen the range so the constant sits mid-map and the colorbar still has ticks.
    const constant = max;
    const pad = Math.abs(constant) * 0.01 || 1;
    min = colorScale === 'log' ? constant / 2 : constant - pad;
    max = colorScale === 'log' ? constant * 2 : constant + pad;
  }
  return {
    style: { colormap: choice.colormap, colorScale, range: { min, max }, contours: choice.contours },
    note,
  };
}

/**
 * The exact f64 value of the output at a point, from core; undefined if core
 * rejects the point, or the value is undefined there (a custom formula: its
 * partials are then undefined too, whatever the derivative's own formula gives).
 */
export function exactOutput(
  loss: LossRef,
  output: OutputChoice,
  vars: Readonly<Record<string, number>>,
): number | undefined {
  try {
    const value = evaluate(loss, vars);
    return output === 'value' ? value : gradient(loss, vars)[output.partial];
  } catch {
    return undefined;
  }
}

/** Why a custom formula's output is undefined at a point (core's words), or undefined when it is not. */
export function undefinedReason(
  loss: LossRef,
  output: OutputChoice,
  vars: Readonly<Record<string, number>>,
): string | undefined {
  try {
    // Batches of one point check the value, then exactly this output (gradient would stop at the
    // first undefined partial).
    evaluateBatch(loss, vars, new Float64Array(1));
    if (output !== 'value') evaluateBatch(loss, vars, new Float64Array(1), { output });
    return undefined;
  } catch (error) {
    return error instanceof UndefinedValueError ? error.reason : undefined;
  }
}

/** The value and every partial at a point, exactly (f64, from core); undefined if core rejects the point. */
export function exactOutputs(
  loss: LossRef,
  vars: Readonly<Record<string, number>>,
): { value: number; partials: Readonly<Record<string, number>> } | undefined {
  try {
    return { value: evaluate(loss, vars), partials: gradient(loss, vars) };
  } catch {
    return undefined;
  }
}

/** "Fixed: label · = value, …" for an export's header; undefined when every variable is on an axis. */
export function fixedValuesLine(loss: LossDef, params: Readonly<Record<string, number>>): string | undefined {
  const parts = Object.entries(params).map(([name, value]) => {
    const label = loss.variables.find((v) => v.name === name)?.label ?? name;
    return `${label} = ${formatExact(value)}`;
  });
  return parts.length > 0 ? `Fixed: ${parts.join('; ')}.` : undefined;
}

/** The colour mapping in words, for an export's header. */
export function colourLine(resolved: ResolvedColor, what: string): string {
  const { colormap, colorScale, range } = resolved.style;
  const line = `${what}: ${colormap}, ${colorScale} scale from ${formatNumber(range.min)} to ${formatNumber(range.max)}.`;
  return resolved.note ? `${line} ${resolved.note}` : line;
}
