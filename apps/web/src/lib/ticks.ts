/** Axis and colorbar tick positions for linear and logarithmic scales. */
import type { AxisScale } from '@losslab/core';
import { formatNumber, formatTick } from './format.js';
import { fractionOf } from './range';

export interface Tick {
  readonly value: number;
  /** Position along the axis in [0, 1], min at 0. */
  readonly at: number;
  readonly label: string;
}

/** The "nice" step (1, 2 or 5 × 10^k) closest to span / count. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10;
  return nice * power;
}

/** Ticks at round values inside [min, max], about `count` of them. */
export function linearTicks(min: number, max: number, count = 5): Tick[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (!(max > min)) return [{ value: min, at: 0.5, label: formatNumber(min) }];
  // From −1e308 to 1e308, max − min overflows: then the step is measured in halves (exact).
  const halved = !Number.isFinite(max - min);
  const step = halved ? 2 * niceStep(max / 2 - min / 2, count) : niceStep(max - min, count);
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: Tick[] = [];
  for (let k = first; k <= last && ticks.length < 1000; k++) {
    // k·step rather than accumulating steps, so 0.1·3 stays 0.30000000000000004 at worst, never drifts.
    const value = k * step;
    if (!Number.isFinite(value)) continue;
    ticks.push({ value, at: fractionOf(value, min, max), label: formatTick(value, step) });
  }
  return ticks;
}

/**
 * Ticks for a log axis: powers of ten, thinned when there are many decades,
 * with 2 and 5 added when there are few; within less than a decade, round
 * values placed on the log scale.
 */
export function logTicks(min: number, max: number, count = 5): Tick[] {
  if (!(min > 0) || !Number.isFinite(max) || !(max > min)) return linearTicks(min, max, count);
  const lo = Math.log10(min);
  const hi = Math.log10(max);
  const at = (value: number) => (Math.log10(value) - lo) / (hi - lo);
  const decades = Math.floor(hi + 1e-9) - Math.ceil(lo - 1e-9) + 1;
  if (decades < 1) {
    return linearTicks(min, max, count)
      .filter((t) => t.value > 0)
      .map((t) => ({ ...t, at: at(t.value) }));
  }
  const stride = Math.max(1, Math.ceil(decades / count));
  const multipliers = hi - lo <= 2 + 1e-9 ? [1, 2, 5] : [1];
  const ticks: Tick[] = [];
  for (let e = Math.floor(lo) - 1; e <= Math.ceil(hi); e++) {
    if (e % stride !== 0) continue;
    for (const m of multipliers) {
      const value = m * 10 ** e;
      if (value < min * (1 - 1e-12) || value > max * (1 + 1e-12)) continue;
      ticks.push({ value, at: at(value), label: formatNumber(value, 3) });
    }
  }
  return ticks;
}

export function axisTicks(min: number, max: number, scale: AxisScale, count = 5): Tick[] {
  return scale === 'log' ? logTicks(min, max, count) : linearTicks(min, max, count);
}
