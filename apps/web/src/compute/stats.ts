/** Combining the statistics of grid bands into those of the whole grid. */
import type { SweepStats } from '@losslab/core';

export function mergeStats(parts: readonly SweepStats[]): SweepStats {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let finiteCount = 0;
  let posInfCount = 0;
  let negInfCount = 0;
  let nanCount = 0;
  for (const part of parts) {
    // A band without finite values reports NaN for min and max; skip those.
    if (part.finiteCount > 0) {
      min = Math.min(min, part.min);
      max = Math.max(max, part.max);
    }
    finiteCount += part.finiteCount;
    posInfCount += part.posInfCount;
    negInfCount += part.negInfCount;
    nanCount += part.nanCount;
  }
  if (finiteCount === 0) {
    min = Number.NaN;
    max = Number.NaN;
  }
  return { min, max, finiteCount, posInfCount, negInfCount, nanCount };
}

/** Splits rows [0, rows) into at most `parts` contiguous bands of nearly equal size. */
export function splitRows(rows: number, parts: number): { rowStart: number; rowEnd: number }[] {
  const count = Math.max(1, Math.min(rows, parts));
  const bands: { rowStart: number; rowEnd: number }[] = [];
  for (let k = 0; k < count; k++) {
    const rowStart = Math.floor((rows * k) / count);
    const rowEnd = Math.floor((rows * (k + 1)) / count);
    if (rowEnd > rowStart) bands.push({ rowStart, rowEnd });
  }
  return bands;
}
