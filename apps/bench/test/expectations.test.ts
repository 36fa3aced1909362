/**
 * The smoke test's judge: a skipped backend that this machine should run,
 * a failure, a missing case or a wrong value each make a run incomplete
 * (what the smoke test fails on); size-limit skips do not.
 */
import { describe, expect, it } from 'vitest';
import { coverageProblems, requiredBackends } from '../src/expectations.js';
import type { BackendId, BenchResult, LandscapeMeasurement, Measurement } from '../src/types.js';

const ok = (backend: BackendId, loss: string, size: number): Measurement => ({
  backend,
  loss,
  size,
  points: size * size,
  status: 'ok',
  time: { medianMs: 1, minMs: 1, maxMs: 1, reps: 3, warmup: 1 },
  evalsPerSec: size * size * 1000,
  ...(backend === 'gpu'
    ? {}
    : {
        checksum: {
          sum: 1,
          reference: 1,
          maxRelErr: 0,
          nonFiniteMismatches: 0,
          sampled: 4,
          tolerance: 1e-9,
          ok: true,
        },
      }),
});

/** A complete quick run on a machine with a GPU: every backend ok at every case. */
function run(backends: readonly BackendId[], edit: (m: Measurement) => Measurement = (m) => m): BenchResult {
  const losses = ['mse', 'huber'];
  const sizes = [32, 64];
  return {
    version: 1,
    date: '2026-01-01T00:00:00.000Z',
    environment: { runtime: 'test', platform: 'test', cpu: 'test', cpuCount: 2, workers: 2 },
    adapter: {
      description: 'SwiftShader',
      vendor: 'google',
      architecture: '',
      isSoftware: true,
      timestamps: false,
    },
    options: { losses, sizes, reps: 3, warmup: 1, backends, maxSize: {}, budgetS: 2, quick: true },
    fills: sizes.map((size) => ({ size, bytes: size * size * 4, bestMs: 0.1 })),
    measurements: sizes.flatMap((size) =>
      losses.flatMap((loss) => backends.map((b) => edit(ok(b, loss, size)))),
    ),
    totalSeconds: 1,
  };
}

const all: BackendId[] = [
  'gpu',
  'gpu-readback',
  'cpu1',
  'cpuN',
  'js',
  'tfjs-cpu',
  'tfjs-wasm',
  'tfjs-webgpu',
];
const withGpu = { required: requiredBackends({ webgpuAdapter: true }) };

describe('coverage expectations', () => {
  it('require the GPU backends wherever an adapter exists, the CPU ones everywhere, PyTorch never here', () => {
    expect(requiredBackends({ webgpuAdapter: true })).toEqual(expect.arrayContaining(all));
    const cpuOnly = requiredBackends({ webgpuAdapter: false });
    expect(cpuOnly).toEqual(expect.arrayContaining(['cpu1', 'cpuN', 'js', 'tfjs-cpu', 'tfjs-wasm']));
    for (const b of ['gpu', 'gpu-readback', 'tfjs-webgpu', 'torch-cuda'] as const)
      expect(cpuOnly).not.toContain(b);
    expect(requiredBackends({ webgpuAdapter: true })).not.toContain('torch-cuda');
  });

  it('accept a complete run', () => {
    expect(coverageProblems(run(all), withGpu)).toEqual([]);
  });

  it('fail a run whose GPU rows were skipped on a machine with an adapter (the @losslab/gpu-unbuilt defect)', () => {
    const skippedGpu = run(all, (m) =>
      m.backend === 'gpu' || m.backend === 'gpu-readback'
        ? {
            ...m,
            status: 'skipped',
            skip: 'no-gpu',
            reason: 'losslab GPU engine unavailable: @losslab/gpu has no createSweepEngine yet',
          }
        : m,
    );
    const problems = coverageProblems(skippedGpu, withGpu);
    expect(problems).toHaveLength(8);
    expect(problems[0]).toMatch(/^gpu mse 32²: skipped \(no-gpu\) but this machine should run it/);
    // The same run on a machine without any adapter is complete: nothing there could run the GPU rows.
    expect(coverageProblems(skippedGpu, { required: requiredBackends({ webgpuAdapter: false }) })).toEqual(
      [],
    );
  });

  it('fail skips without a kind (results of old benches), failures, missing cases and wrong values', () => {
    const untyped = run(all, (m) => (m.backend === 'js' ? { ...m, status: 'skipped', reason: 'why' } : m));
    expect(coverageProblems(untyped, withGpu)).toHaveLength(4);
    const failed = run(all, (m) =>
      m.backend === 'cpuN' && m.size === 64 ? { ...m, status: 'failed', reason: 'worker died' } : m,
    );
    expect(coverageProblems(failed, withGpu)).toEqual([
      'cpuN mse 64²: failed: worker died',
      'cpuN huber 64²: failed: worker died',
    ]);
    const missing = run(all);
    const dropped = {
      ...missing,
      measurements: missing.measurements.filter((m) => m.backend !== 'tfjs-wasm'),
    };
    expect(coverageProblems(dropped, withGpu)).toHaveLength(4);
    const wrong = run(all, (m) =>
      m.backend === 'tfjs-cpu' && m.loss === 'huber' && m.size === 32
        ? { ...m, checksum: { ...m.checksum!, maxRelErr: 0.5, ok: false } }
        : m,
    );
    expect(coverageProblems(wrong, withGpu)).toEqual([
      expect.stringMatching(/^tfjs-cpu huber 32²: values disagree/),
    ]);
  });

  it('allow size-limit skips, and only the skips a run says it allows', () => {
    const limited = run(all, (m) =>
      m.backend === 'tfjs-cpu' && m.size === 64
        ? { ...m, status: 'skipped', skip: 'size-limit', reason: '>' }
        : m,
    );
    expect(coverageProblems(limited, withGpu)).toEqual([]);
    const noFormula = run(all, (m) =>
      m.backend === 'js' && m.loss === 'huber'
        ? { ...m, status: 'skipped', skip: 'no-formula', reason: '-' }
        : m,
    );
    expect(coverageProblems(noFormula, withGpu)).toHaveLength(2);
    expect(coverageProblems(noFormula, { ...withGpu, allowedSkips: ['size-limit', 'no-formula'] })).toEqual(
      [],
    );
  });

  it('hold the landscape rows to the same rules, and want the f32 peak and each GPU row’s fraction of it', () => {
    const land = { losses: ['mse', 'focal'], sizes: [16], ns: [100, 1000] };
    const landRun = (edit: (m: LandscapeMeasurement) => LandscapeMeasurement = (m) => m): BenchResult => {
      const base = run(all);
      const rows = land.ns.flatMap((n) =>
        land.losses.flatMap((loss) =>
          all.map((b) => {
            const m = ok(b, loss, 16);
            return edit({
              ...m,
              n,
              evaluations: 256 * n,
              ...(b === 'gpu' ? { flopsPerEval: 12, peakFraction: 0.3 } : {}),
            });
          }),
        ),
      );
      return {
        ...base,
        options: { ...base.options, landscape: land },
        landscapes: rows,
        peak: { flopsPerSec: 6.7e13, basis: 'table', tableName: 'NVIDIA H100 SXM', tableFlopsPerSec: 6.7e13 },
      };
    };
    expect(coverageProblems(landRun(), withGpu)).toEqual([]);
    // The GPU landscape rows skipped where an adapter exists: a failure, one per case.
    const skipped = landRun((m) =>
      m.backend === 'gpu' ? { ...m, status: 'skipped', skip: 'no-gpu', reason: 'engine missing' } : m,
    );
    const problems = coverageProblems(skipped, withGpu);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(
      /^gpu landscape mse 16² n=100: skipped \(no-gpu\) but this machine should run it/,
    );
    expect(coverageProblems(skipped, { required: requiredBackends({ webgpuAdapter: false }) })).toEqual([]);
    // A case not measured, a wrong value, no peak, a GPU row without its fraction.
    const dropped = landRun();
    expect(
      coverageProblems(
        {
          ...dropped,
          landscapes: dropped.landscapes!.filter((m) => !(m.backend === 'cpuN' && m.n === 1000)),
        },
        withGpu,
      ),
    ).toEqual([
      'cpuN landscape mse 16² n=1000: not measured at all',
      'cpuN landscape focal 16² n=1000: not measured at all',
    ]);
    const wrong = landRun((m) =>
      m.backend === 'js' && m.loss === 'focal' && m.n === 100
        ? { ...m, checksum: { ...m.checksum!, maxRelErr: 0.1, ok: false } }
        : m,
    );
    expect(coverageProblems(wrong, withGpu)).toEqual([
      expect.stringMatching(/^js landscape focal 16² n=100: values disagree/),
    ]);
    const { peak: _, ...noPeak } = landRun();
    expect(coverageProblems(noPeak, withGpu)).toEqual(['no f32 peak for the landscape rows: not estimated']);
    const noFraction = landRun((m) =>
      m.backend === 'gpu' && m.n === 100 ? { ...m, peakFraction: undefined } : m,
    );
    expect(coverageProblems(noFraction, withGpu)).toHaveLength(2);
  });

  it('fail a required GPU without an adapter or without fill baselines', () => {
    const noFill = { ...run(all), fills: [] };
    expect(coverageProblems(noFill, withGpu)).toEqual([
      'fill baseline at 32²: not measured',
      'fill baseline at 64²: not measured',
    ]);
    const noAdapter = { ...run(all), adapter: null, adapterReason: 'gone' };
    expect(coverageProblems(noAdapter, withGpu)).toEqual(['no GPU adapter in the result: gone']);
    // Backends the run did not request are not required of it.
    expect(coverageProblems(run(['cpu1', 'js']), withGpu)).toEqual([]);
  });
});
