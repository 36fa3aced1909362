/**
 * CPU on all cores: the grid's rows split into one band per worker, each
 * worker running core's `sweepRows` (or `evaluateBatch` on a slice of a
 * column) straight into a shared output. The environment supplies the
 * workers (worker_threads in Node, Web Workers in a browser); everything else
 * is here.
 */
import type { LandscapeSpec, SweepSpec } from '@losslab/core';

/** One band of work, as posted to a worker. */
export type WorkerJob =
  | {
      readonly kind: 'sweep';
      readonly spec: SweepSpec;
      readonly rowStart: number;
      readonly rowEnd: number;
      /** The whole output (shared), or null: then the worker posts its band back. */
      readonly out: SharedArrayBuffer | null;
    }
  | {
      readonly kind: 'column';
      readonly loss: string;
      readonly variable: string;
      readonly fixed: Readonly<Record<string, number>>;
      /** The whole column of points (f64), shared or copied. */
      readonly column: SharedArrayBuffer | ArrayBuffer;
      readonly start: number;
      readonly end: number;
      readonly out: SharedArrayBuffer | null;
    }
  | LandscapeJob;

/** A piece of a landscape: columns [c0, c1) of grid row `row`, written at row `slot` of the output. */
export interface LandscapeUnit {
  readonly row: number;
  readonly slot: number;
  readonly c0: number;
  readonly c1: number;
}

/** Landscape pieces for one worker: core's landscapeRows on each (the spec resolved once per key). */
export interface LandscapeJob {
  readonly kind: 'landscape';
  /** Identifies the spec: a worker resolves it (and compiles its kernel) once per key. */
  readonly key: string;
  readonly spec: LandscapeSpec;
  readonly units: readonly LandscapeUnit[];
  /** Columns of the output (the grid's). */
  readonly nw: number;
  /** The whole output (shared), or null: then the worker posts its units' values back, in order. */
  readonly out: SharedArrayBuffer | null;
}

export interface WorkerReply {
  readonly id: number;
  readonly error?: string;
  /** The band's values when the output is not shared. */
  readonly band?: ArrayBuffer;
}

/** The environment's side of a worker: post a job, get a reply. */
export interface WorkerPort {
  post(id: number, job: WorkerJob): void;
  onReply(handler: (reply: WorkerReply) => void): void;
  terminate(): void;
}

/** [start, end) bands of `total` items over `parts` workers, as even as possible. */
export function splitBands(total: number, parts: number): [number, number][] {
  const n = Math.max(1, Math.min(parts, total));
  const bands: [number, number][] = [];
  for (let p = 0; p < n; p++) bands.push([Math.floor((p * total) / n), Math.floor(((p + 1) * total) / n)]);
  return bands;
}

export class WorkerPool {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: WorkerReply) => void }>();

  constructor(private readonly ports: readonly WorkerPort[]) {
    for (const port of ports) {
      port.onReply((reply) => {
        const p = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        p?.resolve(reply);
      });
    }
  }

  get size(): number {
    return this.ports.length;
  }

  private call(port: WorkerPort, job: WorkerJob): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      port.post(id, job);
    });
  }

  /**
   * Runs a sweep over all workers into `out` (its buffer shared when
   * `shared`), or a column workload. Resolves when every band is written.
   */
  async run(
    job:
      | { kind: 'sweep'; spec: SweepSpec; rows: number; cols: number }
      | {
          kind: 'column';
          loss: string;
          variable: string;
          fixed: Readonly<Record<string, number>>;
          column: Float64Array;
        },
    out: Float64Array,
  ): Promise<void> {
    const shared = out.buffer instanceof SharedArrayBufferCtor() ? (out.buffer as SharedArrayBuffer) : null;
    const total = job.kind === 'sweep' ? job.rows : job.column.length;
    const perItem = job.kind === 'sweep' ? job.cols : 1;
    const bands = splitBands(total, this.ports.length);
    const column =
      job.kind === 'column'
        ? job.column.buffer instanceof SharedArrayBufferCtor()
          ? (job.column.buffer as SharedArrayBuffer)
          : job.column.slice().buffer
        : null;
    const replies = await Promise.all(
      bands.map(([a, b], w) =>
        this.call(
          this.ports[w]!,
          job.kind === 'sweep'
            ? { kind: 'sweep', spec: job.spec, rowStart: a, rowEnd: b, out: shared }
            : {
                kind: 'column',
                loss: job.loss,
                variable: job.variable,
                fixed: job.fixed,
                column: column!,
                start: a,
                end: b,
                out: shared,
              },
        ),
      ),
    );
    replies.forEach((reply, w) => {
      if (reply.error) throw new Error(`worker ${w}: ${reply.error}`);
      if (!shared && reply.band) out.set(new Float64Array(reply.band), bands[w]![0] * perItem);
    });
  }

  /**
   * Rows of a landscape over all workers: each row is cut into column
   * pieces, enough of them that every worker has work even for one row.
   * `out` holds rows.length × nw values, row `slot` for rows[slot].
   */
  async runLandscape(
    key: string,
    spec: LandscapeSpec,
    rows: readonly number[],
    nw: number,
    out: Float64Array,
  ): Promise<void> {
    const shared = out.buffer instanceof SharedArrayBufferCtor() ? (out.buffer as SharedArrayBuffer) : null;
    const pieces = Math.max(1, Math.ceil(this.ports.length / rows.length));
    const units: LandscapeUnit[] = [];
    rows.forEach((row, slot) => {
      for (const [c0, c1] of splitBands(nw, pieces)) units.push({ row, slot, c0, c1 });
    });
    const groups = this.ports.map((_, w) => units.filter((_, k) => k % this.ports.length === w));
    const replies = await Promise.all(
      groups.map((group, w) =>
        group.length === 0
          ? Promise.resolve<WorkerReply>({ id: 0 })
          : this.call(this.ports[w]!, { kind: 'landscape', key, spec, units: group, nw, out: shared }),
      ),
    );
    replies.forEach((reply, w) => {
      if (reply.error) throw new Error(`worker ${w}: ${reply.error}`);
      if (shared || !reply.band) return;
      const values = new Float64Array(reply.band);
      let at = 0;
      for (const u of groups[w]!) {
        out.set(values.subarray(at, at + u.c1 - u.c0), u.slot * nw + u.c0);
        at += u.c1 - u.c0;
      }
    });
  }

  close(): void {
    for (const port of this.ports) port.terminate();
  }
}

/** SharedArrayBuffer when this context may use it (browsers need cross-origin isolation), else a class nothing is an instance of. */
function SharedArrayBufferCtor(): abstract new (...args: never[]) => object {
  return typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : class Never {};
}

/** An output of `points` f64 values, shared with workers when this context allows it. */
export function sharedFloat64(points: number): Float64Array {
  const canShare =
    typeof SharedArrayBuffer === 'function' &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  return canShare ? new Float64Array(new SharedArrayBuffer(points * 8)) : new Float64Array(points);
}
