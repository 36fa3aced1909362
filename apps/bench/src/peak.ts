/**
 * The GPU's f32 arithmetic peak, which each landscape row's flops per second
 * are a fraction of. Two estimates, both reported:
 * - the vendor's figure, for GPUs in the table below (non-tensor FP32, boost
 *   clock, from the vendors' datasheets) — the basis where the adapter's
 *   name matches one;
 * - a measurement: the engine's FMA-only kernel (engine.timeArithmetic,
 *   @losslab/gpu programs/peak.ts), flops over its median time — the basis
 *   for any other GPU. It reaches 90–100% of the datasheet on GPUs whose
 *   compiler keeps the chains as FMAs; on a software adapter it measures the
 *   emulation, and the fractions mean nothing (the report says so).
 */
import type { SweepEngine } from '@losslab/gpu';
import { timeOnGpu } from './gpu.js';
import type { PeakEstimate } from './types.js';

/** Non-tensor FP32 TFLOPS, from NVIDIA's datasheets; matched against the adapter's name, first match wins. */
export const f32PeakTable: readonly {
  readonly match: RegExp;
  readonly name: string;
  readonly tflops: number;
}[] = [
  { match: /H200/i, name: 'NVIDIA H200 (SXM)', tflops: 67 },
  { match: /H100.*PCIe/i, name: 'NVIDIA H100 PCIe', tflops: 51 },
  { match: /H100.*NVL/i, name: 'NVIDIA H100 NVL', tflops: 60 },
  { match: /H100/i, name: 'NVIDIA H100 SXM', tflops: 67 },
  { match: /A100/i, name: 'NVIDIA A100', tflops: 19.5 },
  { match: /L40S/i, name: 'NVIDIA L40S', tflops: 91.6 },
  { match: /\bL4\b/i, name: 'NVIDIA L4', tflops: 30.3 },
  { match: /RTX 4090/i, name: 'NVIDIA GeForce RTX 4090', tflops: 82.6 },
  { match: /A10\b/i, name: 'NVIDIA A10', tflops: 31.2 },
  { match: /\bT4\b/i, name: 'NVIDIA T4', tflops: 8.1 },
];

export function tablePeak(description: string): { name: string; flopsPerSec: number } | undefined {
  const hit = f32PeakTable.find((e) => e.match.test(description));
  return hit ? { name: hit.name, flopsPerSec: hit.tflops * 1e12 } : undefined;
}

/** A run of the FMA kernel sized to take about 20 ms (probed first with a small one). */
export async function measurePeak(
  engine: SweepEngine,
  reps: number,
): Promise<{ flopsPerSec: number; method: string }> {
  const probe = await engine.timeArithmetic(
    { invocations: 256 * 64, iterations: 64 },
    { repetitions: 1, batch: 1 },
  );
  const rate = probe.flops / Math.max(probe.batched?.medianMs ?? probe.medianMs, 1e-3);
  // About 20 ms of flops: aiming at 256 iterations per invocation, with 2^14 to 2^22 invocations
  // (enough to fill a large GPU many times over).
  const target = rate * 20;
  const invocations = 2 ** Math.min(22, Math.max(14, Math.round(Math.log2(target / (64 * 256)))));
  const iterations = Math.max(16, Math.min(2 ** 16, Math.round(target / (invocations * 64))));
  let flops = 0;
  const times = await timeOnGpu(async (o) => {
    const t = await engine.timeArithmetic({ invocations, iterations }, o);
    flops = t.flops;
    return t;
  }, reps);
  return {
    flopsPerSec: flops / (times.time.medianMs / 1000),
    method: `FMA chains, ${invocations} invocations × ${iterations} iterations × 64 flops, ${times.method}`,
  };
}

export async function estimatePeak(
  engine: SweepEngine,
  description: string,
  reps: number,
): Promise<PeakEstimate> {
  const table = tablePeak(description);
  let measured: { flopsPerSec: number; method: string } | undefined;
  let reason: string | undefined;
  try {
    measured = await measurePeak(engine, reps);
  } catch (e) {
    reason = `the FMA kernel failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  const flopsPerSec = table?.flopsPerSec ?? measured?.flopsPerSec ?? Number.NaN;
  return {
    flopsPerSec,
    basis: table ? 'table' : 'measured',
    ...(table ? { tableName: table.name, tableFlopsPerSec: table.flopsPerSec } : {}),
    ...(measured ? { measuredFlopsPerSec: measured.flopsPerSec, measuredMethod: measured.method } : {}),
    ...(reason ? { reason } : {}),
  };
}
