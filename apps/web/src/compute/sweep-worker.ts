/// <reference lib="webworker" />
/** A CPU worker: fills a band of rows of a sweep or a landscape with core's compiled kernels. */
import { sweepStats } from '@losslab/core';
import { fillBand } from './fill-band';
import type { SweepReply, WorkerJob } from './worker-protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<WorkerJob>) => {
  const { job, rowStart } = event.data;
  try {
    const data = fillBand(event.data);
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
