/// <reference types="node" />
/**
 * A worker of the scaling benchmark: resolves the landscape spec it is sent
 * (kernels compile once per thread) and fills its rows of a shared grid,
 * the way the app's worker pool splits a landscape.
 */
import { parentPort } from 'node:worker_threads';
import { axisCoordinates, type LandscapeSpec, landscapeRows, resolveLandscape } from '@losslab/core';

interface Job {
  readonly spec: LandscapeSpec;
  readonly buffer: SharedArrayBuffer;
  readonly rowStart: number;
  readonly rowEnd: number;
}

parentPort!.on('message', (job: Job) => {
  const t = performance.now();
  const resolved = resolveLandscape(job.spec);
  const ws = axisCoordinates(resolved.sweep.x).coords;
  const bs = axisCoordinates(resolved.sweep.y).coords;
  const nw = ws.length;
  const out = new Float64Array(job.buffer, job.rowStart * nw * 8, (job.rowEnd - job.rowStart) * nw);
  landscapeRows(resolved, ws, bs, out, job.rowStart, job.rowEnd);
  parentPort!.postMessage(performance.now() - t);
});
