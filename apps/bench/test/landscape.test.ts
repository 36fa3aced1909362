/**
 * The landscape suite's parts that a quick run does not reach: the rows a
 * peer computes, the sample it is checked on, and PyTorch's peer (its cases
 * out, its results in, checked against core like every other backend's).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatherLandscape, landscapeCase, rowsFor } from '../src/landscape-measure.js';
import { mergeTorch, torchSpecs } from '../src/torch.js';
import type { BenchOptions, BenchResult } from '../src/types.js';

const options: BenchOptions = {
  losses: [],
  sizes: [],
  reps: 3,
  warmup: 1,
  backends: ['torch-cuda'],
  maxSize: {},
  budgetS: 2,
  quick: true,
  landscape: { losses: ['huber', 'focal'], sizes: [16], ns: [100] },
};

const empty: BenchResult = {
  version: 1,
  date: '2026-01-01T00:00:00.000Z',
  environment: { runtime: 'test', platform: 'test', cpu: 'test', cpuCount: 2, workers: 2 },
  adapter: null,
  options,
  fills: [],
  measurements: [],
  landscapes: [],
  totalSeconds: 0,
};

describe('landscape cases', () => {
  it('compute evenly spread rows, the checked ones included once there are 4, and check those present', () => {
    const c = landscapeCase('huber', 64, 100);
    expect(c.sampleRows).toEqual([0, 21, 42, 63]);
    expect(rowsFor(c, 1)).toEqual([0]);
    expect(rowsFor(c, 2)).toEqual([0, 63]);
    expect(rowsFor(c, 5)).toEqual([0, 16, 21, 32, 42, 47, 63]);
    expect(rowsFor(c, 1e9)).toHaveLength(64);
    // Row 0 alone: its 16 sampled cells, against core's.
    const row0 = Float64Array.from({ length: 64 }, (_, i) => i);
    const sample = gatherLandscape(c, row0, [0]);
    expect(sample.got).toEqual(Float64Array.from(c.sampleCols));
    expect(sample.reference).toEqual(c.reference.subarray(0, 16));
    expect(() => landscapeCase('softmax_ce', 16, 10)).toThrow(/no model form/);
  });
});

describe("PyTorch's landscape peer", () => {
  it('gets each case’s data, axes, parameters and sample cells, and its results are checked against core', () => {
    const specs = torchSpecs(options);
    expect(specs.cases).toEqual([]);
    expect(specs.landscapes).toHaveLength(2);
    const focal = specs.landscapes!.find((l) => l.loss === 'focal')!;
    expect(focal.x).toHaveLength(100);
    expect(focal.w).toEqual({ min: -3, max: 3, size: 16 });
    expect(focal.params).toEqual({ gamma: 2, alpha: 0.25 });
    const right = (loss: string) => landscapeCase(loss, 16, 100).reference;
    const result = (sample: (loss: string) => readonly number[]) =>
      mergeTorch(empty, {
        device: 'test',
        results: [],
        landscapes: ['huber', 'focal'].map((loss) => ({
          loss,
          size: 16,
          n: 100,
          status: 'ok' as const,
          time: { medianMs: 2, minMs: 2, maxMs: 3, reps: 3, warmup: 1 },
          sample: sample(loss),
        })),
      });
    const good = result((loss) => Array.from(right(loss)));
    expect(good.landscapes!.map((m) => [m.backend, m.status, m.checksum?.ok, m.evalsPerSec])).toEqual([
      ['torch-cuda', 'ok', true, (256 * 100) / 0.002],
      ['torch-cuda', 'ok', true, (256 * 100) / 0.002],
    ]);
    const bad = result((loss) => Array.from(right(loss), (v, k) => (k === 5 ? v * 1.01 : v)));
    expect(bad.landscapes!.map((m) => m.checksum?.ok)).toEqual([false, false]);
  });

  it('runs, or says why it cannot (no PyTorch, no CUDA) for every case', () => {
    const dir = mkdtempSync(join(tmpdir(), 'losslab-torch-test-'));
    writeFileSync(join(dir, 'specs.json'), JSON.stringify(torchSpecs(options)));
    const script = join(import.meta.dirname, '..', 'scripts', 'torch_peer.py');
    const r = spawnSync(
      'python3',
      [script, '--specs', join(dir, 'specs.json'), '--out', join(dir, 'out.json')],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    if (r.error) {
      console.warn(`python3 not runnable here (${r.error.message}): PyTorch's peer not exercised`);
      return;
    }
    expect(r.status, r.stderr).toBe(0);
    const merged = mergeTorch(empty, JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')));
    expect(merged.landscapes).toHaveLength(2);
    for (const m of merged.landscapes!) {
      if (m.status === 'ok') expect(m.checksum?.ok, m.loss).toBe(true);
      else expect(m.reason, m.loss).toMatch(/PyTorch not installed|no CUDA device/);
    }
  });
});
