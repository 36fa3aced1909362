/**
 * The app's own timing record: the badge shows the last entry, and the
 * frame-time measurement script reads the history from `window.__losslabPerf`.
 */
import { createSignal } from 'solid-js';

export interface FrameTiming {
  /** Which view drew the frame. */
  readonly view: string;
  readonly backend: string;
  readonly sweepMs: number;
  /** From the start of the frame's sweep to the drawn picture (GPU work finished). */
  readonly frameMs: number;
  readonly at: number;
}

const HISTORY = 600;
const history: FrameTiming[] = [];
const [last, setLast] = createSignal<FrameTiming | undefined>(undefined);

declare global {
  interface Window {
    __losslabPerf?: { frames: FrameTiming[] };
  }
}

export function recordFrame(timing: FrameTiming): void {
  history.push(timing);
  if (history.length > HISTORY) history.splice(0, history.length - HISTORY);
  setLast(timing);
  if (typeof window !== 'undefined') window.__losslabPerf = { frames: history };
}

export const lastFrame = last;
