/**
 * CPU on all cores: the grid's rows split into one band per worker, each
 * worker running core's `sweepRows` (or `evaluateBatch` on a slice of a
 * column) straight into a shared output. The environment supplies the
 * workers (worker_threads in Node, Web Workers in a browser); everything else
 * is here.
 */
import type { SweepSpec } from '@losslab/core';

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
    };

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
