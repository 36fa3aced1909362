/** What a CPU worker does with one band: the same in worker_threads and Web Workers. */
import { axisCoordinates, evaluateBatch, resolveSweep, sweepRows } from '@losslab/core';
import type { WorkerJob, WorkerReply } from './pool.js';

const resolved = new Map<string, ReturnType<typeof resolveSweep>>();
const coords = new Map<string, { xs: Float64Array; ys: Float64Array }>();

export function runJob(id: number, job: WorkerJob): { reply: WorkerReply; transfer: ArrayBuffer[] } {
  try {
    if (job.kind === 'sweep') {
      // Validation and coordinates once per spec: the timed part is the kernel.
      const key = JSON.stringify(job.spec);
      let r = resolved.get(key);
      if (!r) {
        r = resolveSweep(job.spec);
        resolved.set(key, r);
        coords.set(key, { xs: axisCoordinates(r.x).coords, ys: axisCoordinates(r.y).coords });
      }
      const { xs, ys } = coords.get(key)!;
      const nx = r.x.size;
      const count = (job.rowEnd - job.rowStart) * nx;
      const out = job.out ? new Float64Array(job.out, job.rowStart * nx * 8, count) : new Float64Array(count);
      sweepRows(r, xs, ys, out, job.rowStart, job.rowEnd);
      return job.out
        ? { reply: { id }, transfer: [] }
        : { reply: { id, band: out.buffer as ArrayBuffer }, transfer: [out.buffer as ArrayBuffer] };
    }
    const column = new Float64Array(job.column).subarray(job.start, job.end);
    const count = job.end - job.start;
    const out = job.out ? new Float64Array(job.out, job.start * 8, count) : new Float64Array(count);
    evaluateBatch(job.loss, { ...job.fixed, [job.variable]: column }, out);
    return job.out
      ? { reply: { id }, transfer: [] }
      : { reply: { id, band: out.buffer as ArrayBuffer }, transfer: [out.buffer as ArrayBuffer] };
  } catch (e) {
    return { reply: { id, error: e instanceof Error ? e.message : String(e) }, transfer: [] };
  }
}
