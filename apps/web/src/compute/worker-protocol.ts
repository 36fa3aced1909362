/** Messages between the CPU pool and its sweep workers. */
import type { CustomLossSpec, SweepSpec, SweepStats } from '@losslab/core';

export interface SweepJob {
  readonly job: number;
  /** The sweep, its loss by id: a definition cannot cross to a worker (core refuses copies of one). */
  readonly spec: SweepSpec & { readonly loss: string };
  /** For a custom loss: its specification, which the worker builds the loss from (`customLoss`). */
  readonly custom?: CustomLossSpec;
  readonly rowStart: number;
  readonly rowEnd: number;
  /** A buffer to reuse for the rows, when one of the right size came back earlier. */
  readonly buffer?: ArrayBuffer;
}

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
