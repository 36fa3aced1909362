/// <reference lib="webworker" />
/** A CPU sweep worker: fills a band of rows with core's compiled kernel. */
import { axisCoordinates, cpuSweepLimits, resolveSweep, sweepRows, sweepStats } from '@losslab/core';
import type { SweepJob, SweepReply } from './worker-protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<SweepJob>) => {
  const { job, spec, rowStart, rowEnd, buffer } = event.data;
  try {
    const resolved = resolveSweep(spec, cpuSweepLimits);
    const xs = axisCoordinates(resolved.x).coords;
    const ys = axisCoordinates(resolved.y).coords;
    const length = (rowEnd - rowStart) * resolved.x.size;
    const data =
      buffer && buffer.byteLength === length * 4 ? new Float32Array(buffer) : new Float32Array(length);
    sweepRows(resolved, xs, ys, data, rowStart, rowEnd);
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
