/** The landscape tests' verdict on a GPU landscape against core's, cell by cell (rule: landscape-tolerances.ts). */
import type { LossRef } from '@losslab/core';
import {
  CONTRACT_RELATIVE,
  FLUSH_FLOOR,
  landscapeTolerance,
  SUM_FACTOR,
  WELL_CONDITIONED,
} from '../landscape-tolerances.js';
import {
  type CellOutput,
  type CheckedLandscape,
  cellSensitivity,
  termEvaluator,
} from './landscape-reference.js';

const FLT_MAX = 3.4028234663852886e38;
const U = 2 ** -24;

export interface CellVerdict {
  readonly failures: string[];
  /** Cells within the contract's 1e-5 relative. */
  readonly strict: number;
  /** Cells beyond it but within their conditioning's allowance. */
  readonly illConditioned: number;
  readonly finite: number;
  readonly maxRelative: number;
}

/** Judges every cell of a GPU landscape against core's (see landscape-tolerances.ts). */
export function judgeLandscape(
  loss: LossRef,
  output: CellOutput,
  gpuData: ArrayLike<number>,
  ref: CheckedLandscape,
): CellVerdict {
  const tol = landscapeTolerance(typeof loss === 'string' ? loss : loss.id);
  const evaluate = termEvaluator(loss, output);
  const weightSum = ref.data.weight.reduce((a, b) => a + b, 0);
  const floor = (FLUSH_FLOOR * weightSum) / ref.divisor;
  const failures: string[] = [];
  let strict = 0;
  let illConditioned = 0;
  let finite = 0;
  let maxRelative = 0;
  const nw = ref.ws.length;
  for (let k = 0; k < ref.values.length; k++) {
    const i = k % nw;
    const j = Math.floor(k / nw);
    const r = ref.values[k]!;
    const g = gpuData[k]!;
    const rf = Math.fround(r);
    const at = `cell (w = ${ref.ws[i]}, b = ${ref.bs[j]}): gpu ${g}, core ${r}`;
    if (!Number.isFinite(rf)) {
      // core's total is ±∞ or NaN, or beyond f32: the GPU's is the same; at the edge of the range either is right.
      const edge = Number.isFinite(r) && Math.abs(r) <= FLT_MAX * (1 + CONTRACT_RELATIVE);
      const ok =
        Object.is(g, rf) ||
        (Number.isNaN(g) && Number.isNaN(rf)) ||
        (edge && Math.abs(g) >= FLT_MAX * (1 - CONTRACT_RELATIVE));
      if (!ok) failures.push(`${at} (core's total is not finite in f32)`);
      continue;
    }
    finite++;
    if (!Number.isFinite(g)) {
      failures.push(`${at} (not finite)`);
      continue;
    }
    const err = Math.abs(g - r);
    maxRelative = Math.max(maxRelative, err / Math.max(Math.abs(r), floor));
    const contract = CONTRACT_RELATIVE * Math.abs(r) + floor;
    if (err <= contract) {
      strict++;
      continue;
    }
    // Beyond the contract's 1e-5: only where the cell is ill-conditioned, within what its conditioning allows.
    const ridge =
      output === 'value'
        ? 0.5 * ref.l2 * ref.ws[i]! ** 2
        : output === 'w'
          ? Math.abs(ref.l2 * ref.ws[i]!)
          : 0;
    const allowance =
      SUM_FACTOR * (cellSensitivity(evaluate, ref, i, j, tol.termUlps, tol.inputUlps) + 4 * U * ridge);
    if (allowance <= WELL_CONDITIONED * Math.abs(r)) {
      failures.push(`${at}: ${(err / Math.abs(r)).toExponential(2)} relative on a well-conditioned cell`);
    } else if (err > contract + allowance) {
      failures.push(
        `${at}: error ${err.toExponential(2)} > bound ${(contract + allowance).toExponential(2)}`,
      );
    } else {
      illConditioned++;
    }
  }
  return { failures, strict, illConditioned, finite, maxRelative };
}
