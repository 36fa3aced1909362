/** Summaries of timing samples, for the engine's timing methods and the benchmark. */

export interface TimingSamples {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly samplesMs: readonly number[];
}

export interface TimeSweepResult extends TimingSamples {
  /** 'timestamp': GPU timestamps around each pass (Dawn may quantize them); 'wall': wall clock per submission. */
  readonly method: 'timestamp' | 'wall';
  /**
   * With the `batch` option: wall clock per run when `runs` runs go in one
   * submission (one wait), a sample per submission. Submission overhead and
   * timer resolution wash out: the cross-check on timestamps.
   */
  readonly batched?: TimingSamples & { readonly runs: number };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(samplesMs: readonly number[], method: TimeSweepResult['method']): TimeSweepResult {
  return {
    medianMs: median(samplesMs),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    samplesMs,
    method,
  };
}
