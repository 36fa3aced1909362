/** Messages between the CPU pool and its workers: sweeps of a loss, and landscapes of a model. */
import type { CustomLossSpec, LandscapeSpec, SweepSpec, SweepStats } from '@losslab/core';

interface Band {
  readonly job: number;
  /** For a custom loss: its specification, which the worker builds the loss from (`customLoss`). */
  readonly custom?: CustomLossSpec;
  readonly rowStart: number;
  readonly rowEnd: number;
  /** A buffer to reuse for the rows, when one of the right size came back earlier. */
  readonly buffer?: ArrayBuffer;
}

export interface SweepJob extends Band {
  readonly kind: 'sweep';
  /** The sweep, its loss by id: a definition cannot cross to a worker (core refuses copies of one). */
  readonly spec: SweepSpec & { readonly loss: string };
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
