/// <reference lib="webworker" />
/** A CPU worker: fills a band of rows of a sweep or a landscape with core's compiled kernels. */
import {
  axisCoordinates,
  cpuSweepLimits,
  landscapeRows,
  resolveLandscape,
  resolveSweep,
  sweepRows,
  sweepStats,
} from '@losslab/core';
import type { SweepReply, WorkerJob } from './worker-protocol';

declare const self: DedicatedWorkerGlobalScope;

/** The band's output array: the returned buffer when it has the right size. */
function bandArray(length: number, buffer: ArrayBuffer | undefined): Float32Array {
  return buffer && buffer.byteLength === length * 4 ? new Float32Array(buffer) : new Float32Array(length);
}

function fill(job: WorkerJob): Float32Array {
  const { rowStart, rowEnd, buffer } = job;
  if (job.kind === 'landscape') {
    const resolved = resolveLandscape(job.spec);
    const { x, y } = resolved.sweep;
    const data = bandArray((rowEnd - rowStart) * x.size, buffer);
    landscapeRows(resolved, axisCoordinates(x).coords, axisCoordinates(y).coords, data, rowStart, rowEnd);
    return data;
  }
  const resolved = resolveSweep(job.spec, cpuSweepLimits);
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

self.onmessage = (event: MessageEvent<WorkerJob>) => {
  const { job, rowStart } = event.data;
  try {
    const data = fill(event.data);
    const reply: SweepReply = { job, ok: true, rowStart, data, stats: sweepStats(data) };
    self.postMessage(reply, [data.buffer]);
  } catch (error) {
    const reply: SweepReply = {
      job,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    };
    self.postMessage(reply);
  }
};
