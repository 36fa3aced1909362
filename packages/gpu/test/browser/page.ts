/**
 * Runs in headless Chromium (test/chromium.test.ts bundles it): the engine on
 * navigator.gpu, every loss's value and partials at a few points against core
 * evaluated in the page, a sweep against core, and the stats reduction.
 */
import { continuousVariables, evaluateBatch, losses, type Output, sweep } from '@losslab/core';
import { createSweepEngine, GpuError, toDeviceF32 } from '../../src/index.js';

interface PageResult {
  readonly status: 'ok' | 'no-adapter' | 'failed';
  readonly adapter?: string;
  readonly outputs?: number;
  readonly worst?: {
    readonly what: string;
    readonly gpu: number;
    readonly core: number;
    readonly rel: number;
  };
  readonly sweepMaxRel?: number;
  readonly statsMatch?: boolean;
  readonly error?: string;
}

/** Error relative to the larger of the result and `scale` (a partial that cancels is judged against the value). */
const relErr = (g: number, r: number, scale = 0): number => {
  if (Object.is(g, r) || (Number.isNaN(g) && Number.isNaN(r))) return 0;
  if (!Number.isFinite(g) || !Number.isFinite(r)) return g === r ? 0 : Number.POSITIVE_INFINITY;
  return Math.abs(g - r) / Math.max(Math.abs(r), Math.abs(scale), 1e-30);
};

async function run(): Promise<PageResult> {
  let engine: Awaited<ReturnType<typeof createSweepEngine>>;
  try {
    engine = await createSweepEngine();
  } catch (error) {
    if (error instanceof GpuError && (error.kind === 'no-adapter' || error.kind === 'no-webgpu')) {
      return { status: 'no-adapter', error: error.message };
    }
    throw error;
  }
  let outputs = 0;
  let worst = { what: '', gpu: 0, core: 0, rel: 0 };
  for (const loss of losses) {
    // Each variable at its plot range's 30% and 70% points (defaults elsewhere), crossed with the first.
    const columns: Record<string, number[]> = {};
    for (const v of loss.variables) {
      if (v.domain.kind === 'set') columns[v.name] = [v.domain.values[0]!, v.domain.values[0]!];
      else columns[v.name] = [0.3, 0.7].map((t) => toDeviceF32(v.plot.min + t * (v.plot.max - v.plot.min)));
    }
    const list: Output[] = ['value', ...continuousVariables(loss).map((partial) => ({ partial }))];
    const values = evaluateBatch(loss.id, columns);
    for (const output of list) {
      const gpu = await engine.evaluateBatch(loss.id, columns, { output });
      const core = evaluateBatch(loss.id, columns, undefined, { output });
      outputs++;
      gpu.forEach((g, k) => {
        const rel = relErr(g, core[k]!, values[k]!);
        if (rel > worst.rel)
          worst = { what: `${loss.id} ${JSON.stringify(output)} #${k}`, gpu: g, core: core[k]!, rel };
      });
    }
  }
  const spec = {
    loss: 'bce_logits',
    x: { variable: 'z', min: -40, max: 40, size: 96 },
    y: { variable: 'y', min: 0, max: 1, size: 33 },
  };
  const s = engine.sweepToBuffer(spec);
  const stats = await s.stats();
  const data = await s.read();
  s.release();
  const cpu = sweep({ ...spec, x: { ...spec.x }, y: { ...spec.y } });
  const z = Array.from(cpu.x.coords, toDeviceF32);
  const y = Array.from(cpu.y.coords, toDeviceF32);
  const ref = evaluateBatch('bce_logits', {
    z: y.flatMap(() => z),
    y: y.flatMap((yj) => z.map(() => yj)),
  });
  let sweepMaxRel = 0;
  data.forEach((g, k) => {
    sweepMaxRel = Math.max(sweepMaxRel, relErr(g, ref[k]!));
  });
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const statsMatch = stats.min === lo && stats.max === hi && stats.finiteCount === data.length;
  const adapter = engine.adapter.description || `${engine.adapter.vendor} ${engine.adapter.architecture}`;
  engine.destroy();
  return { status: 'ok', adapter, outputs, worst, sweepMaxRel, statsMatch };
}

const target = window as unknown as { __losslab?: PageResult };
run().then(
  (result) => {
    target.__losslab = result;
  },
  (error: unknown) => {
    target.__losslab = {
      status: 'failed',
      error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error),
    };
  },
);
