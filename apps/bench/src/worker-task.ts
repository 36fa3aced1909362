/** What a CPU worker does with one band: the same in worker_threads and Web Workers. */
import {
  axisCoordinates,
  evaluateBatch,
  landscapeRows,
  type ResolvedLandscape,
  resolveLandscape,
  resolveSweep,
  sweepRows,
} from '@losslab/core';
import type { LandscapeJob, WorkerJob, WorkerReply } from './pool.js';

const resolved = new Map<string, ReturnType<typeof resolveSweep>>();
const coords = new Map<string, { xs: Float64Array; ys: Float64Array }>();

const landscapes = new Map<string, { resolved: ResolvedLandscape; ws: Float64Array; bs: Float64Array }>();

/** Landscape pieces: core's landscapeRows on columns [c0, c1) of each row (the spec resolved once per key). */
function runLandscape(id: number, job: LandscapeJob): { reply: WorkerReply; transfer: ArrayBuffer[] } {
  let entry = landscapes.get(job.key);
  if (!entry) {
    // The bench computes rows of grids beyond core's CPU work limit (and scales their times).
    const resolved = resolveLandscape(job.spec, {
      maxAxisSize: 1 << 16,
      maxPoints: 2 ** 30,
      maxWork: Number.POSITIVE_INFINITY,
    });
    entry = {
      resolved,
      ws: axisCoordinates(resolved.sweep.x).coords,
      bs: axisCoordinates(resolved.sweep.y).coords,
    };
    landscapes.clear();
    landscapes.set(job.key, entry);
  }
  const { resolved, ws, bs } = entry;
  const total = job.units.reduce((n, u) => n + u.c1 - u.c0, 0);
  const own = job.out ? null : new Float64Array(total);
  let at = 0;
  for (const u of job.units) {
    const width = u.c1 - u.c0;
    const out = job.out
      ? new Float64Array(job.out, (u.slot * job.nw + u.c0) * 8, width)
      : own!.subarray(at, at + width);
    landscapeRows(resolved, ws.subarray(u.c0, u.c1), bs, out, u.row, u.row + 1);
    at += width;
  }
  return own
    ? { reply: { id, band: own.buffer as ArrayBuffer }, transfer: [own.buffer as ArrayBuffer] }
    : { reply: { id }, transfer: [] };
}

export function runJob(id: number, job: WorkerJob): { reply: WorkerReply; transfer: ArrayBuffer[] } {
  try {
    if (job.kind === 'landscape') return runLandscape(id, job);
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
