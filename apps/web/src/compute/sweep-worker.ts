/// <reference lib="webworker" />
/** A CPU sweep worker: fills a band of rows with core's compiled kernel. */
import { axisCoordinates, cpuSweepLimits, resolveSweep, sweepRows, sweepStats } from '@losslab/core';
import { buildCustomLoss } from '../state/catalog';
import type { SweepJob, SweepReply } from './worker-protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<SweepJob>) => {
  const { job, spec, custom, rowStart, rowEnd, buffer } = event.data;
  try {
    // A custom loss is rebuilt from its specification (once: buildCustomLoss keeps it, and its kernels).
    const loss = custom ? buildCustomLoss(custom) : spec.loss;
    const resolved = resolveSweep({ ...spec, loss }, cpuSweepLimits);
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
