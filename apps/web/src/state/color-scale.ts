/**
 * The colour scale a loss opens with. Linear unless it hides the picture:
 * when over half the sweep's values fall in the bottom twentieth of a linear
 * colour range (focal over p_t × γ is one dark field with a bright edge), a
 * log scale is chosen, provided the values are ≥ 0 and it spreads them over
 * more colours. Decided from core's f64 sweep of the state's own axes and
 * sliders at a small size, so it is cheap, deterministic and exact.
 */
import { sweep } from '@losslab/core';
import type { LossCatalog } from './catalog.js';
import type { AppState, ColorScale } from './types.js';

/** Points per axis of the sweep that decides: enough to see the shape, ~2000 evaluations. */
const PROBE_SIZE = 48;
/** Log when the median value sits below this fraction of the linear range. */
const DARK_MEDIAN = 0.05;
/** How far below the maximum a log scale reaches when values touch 0 (as the renderer's log scale does). */
const LOG_DECADES = 6;
const BINS = 16;

type ScaleInputs = Pick<AppState, 'loss' | 'x' | 'y' | 'params' | 'output'>;

/** The colour scale `state`'s loss (found in `catalog`) opens with. */
export function defaultColorScale(state: ScaleInputs, catalog: LossCatalog): ColorScale {
  if (state.output !== 'value' || state.x.variable === state.y.variable) return 'linear';
  const loss = catalog.find(state.loss);
  if (!loss) return 'linear';
  let values: Float64Array;
  try {
    const axis = (a: AppState['x']) => ({ ...a, size: PROBE_SIZE });
    values = sweep({ loss, x: axis(state.x), y: axis(state.y), fixed: { ...state.params } }).data;
  } catch {
    return 'linear';
  }
  const finite = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const min = finite[0];
  const max = finite[finite.length - 1];
  if (min === undefined || max === undefined || !(max > min) || min < 0) return 'linear';
  const median = finite[Math.floor((finite.length - 1) / 2)]!;
  if ((median - min) / (max - min) >= DARK_MEDIAN) return 'linear';
  const low = min > 0 ? min : max * 10 ** -LOG_DECADES;
  const linear = spread(finite.map((v) => (v - min) / (max - min)));
  const log = spread(finite.map((v) => Math.log(Math.max(v, low) / low) / Math.log(max / low)));
  return log > linear ? 'log' : 'linear';
}

/** Entropy (bits) of positions in [0, 1] over equal colour bins: how many colours the values use. */
function spread(positions: readonly number[]): number {
  const counts = new Array<number>(BINS).fill(0);
  for (const t of positions) counts[Math.min(BINS - 1, Math.max(0, Math.floor(t * BINS)))]!++;
  let bits = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / positions.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
