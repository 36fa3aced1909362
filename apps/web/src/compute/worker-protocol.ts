/** Messages between the CPU pool and its workers: sweeps of a loss, and landscapes of a model. */
import type { LandscapeSpec, SweepSpec, SweepStats } from '@losslab/core';

interface Band {
  readonly job: number;
  readonly rowStart: number;
  readonly rowEnd: number;
  /** A buffer to reuse for the rows, when one of the right size came back earlier. */
  readonly buffer?: ArrayBuffer;
}

export interface SweepJob extends Band {
  readonly kind: 'sweep';
  readonly spec: SweepSpec;
}

/**
 * A band of a landscape. The loss travels by id (a definition cannot be
 * copied to a worker) and the data as typed arrays (copied, not shared: a
 * drag changes the data between jobs).
 */
export interface LandscapeJob extends Band {
  readonly kind: 'landscape';
  readonly spec: LandscapeSpec & { readonly loss: string };
}

export type WorkerJob = SweepJob | LandscapeJob;

export type SweepReply =
  | {
      readonly job: number;
      readonly ok: true;
      readonly rowStart: number;
      /** Rows [rowStart, rowEnd) as f32, row-major. */
      readonly data: Float32Array;
      readonly stats: SweepStats;
    }
  | { readonly job: number; readonly ok: false; readonly message: string };
