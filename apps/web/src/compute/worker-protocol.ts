/** Messages between the CPU pool and its sweep workers. */
import type { SweepSpec, SweepStats } from '@losslab/core';

export interface SweepJob {
  readonly job: number;
  readonly spec: SweepSpec;
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
