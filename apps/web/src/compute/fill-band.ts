/** What a CPU worker computes for a job: a band of rows of a sweep or a landscape, with core's kernels. */
import {
  axisCoordinates,
  cpuSweepLimits,
  landscapeRows,
  resolveLandscape,
  resolveSweep,
  sweepRows,
} from '@losslab/core';
import { buildCustomLoss } from '../state/catalog';
import type { WorkerJob } from './worker-protocol';

/** The band's output array: the returned buffer when it has the right size. */
function bandArray(length: number, buffer: ArrayBuffer | undefined): Float32Array {
  return buffer && buffer.byteLength === length * 4 ? new Float32Array(buffer) : new Float32Array(length);
}

export function fillBand(job: WorkerJob): Float32Array {
  const { rowStart, rowEnd, buffer, custom } = job;
  // A custom loss is rebuilt from its specification (once: buildCustomLoss keeps it, and its kernels).
  const loss = custom ? buildCustomLoss(custom) : job.spec.loss;
  if (job.kind === 'landscape') {
    const resolved = resolveLandscape({ ...job.spec, loss });
    const { x, y } = resolved.sweep;
    const data = bandArray((rowEnd - rowStart) * x.size, buffer);
    landscapeRows(resolved, axisCoordinates(x).coords, axisCoordinates(y).coords, data, rowStart, rowEnd);
    return data;
  }
  const resolved = resolveSweep({ ...job.spec, loss }, cpuSweepLimits);
  const data = bandArray((rowEnd - rowStart) * resolved.x.size, buffer);
  sweepRows(
    resolved,
    axisCoordinates(resolved.x).coords,
    axisCoordinates(resolved.y).coords,
    data,
    rowStart,
    rowEnd,
  );
  return data;
}
