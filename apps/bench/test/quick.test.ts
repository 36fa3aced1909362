/**
 * Smoke test of the bench in quick mode, run programmatically: every backend
 * this machine can run is measured (a skip is a failure unless
 * expectations.ts allows it here: see requiredBackends), times are positive,
 * and every measured grid agrees with core. It asserts structure, never speed.
 *
 * The machine's WebGPU adapter is probed here, apart from the bench: where
 * one exists (SwiftShader counts, and CI must have it) the GPU backends are
 * required, so a bench that fails to load @losslab/gpu fails this test.
 */
import { existsSync } from 'node:fs';
import { lossIds } from '@losslab/core';
import { describe, expect, it } from 'vitest';
import { nodeEnv } from '../src/env-node.js';
import { coverageProblems, requiredBackends } from '../src/expectations.js';
import { quickLandscape } from '../src/landscape-measure.js';
import { defaultLosses, quickOptions, runBench } from '../src/measure.js';
import { chartSvg, htmlReport, markdownReport } from '../src/report.js';
import { type BenchOptions, backendIds } from '../src/types.js';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Whether this machine has a WebGPU adapter for Node (Dawn), found without the bench's code. */
async function probeAdapter(): Promise<boolean> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD))
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  try {
    const { create } = (await import('webgpu')) as { create: (flags: string[]) => GPU };
    return (await create([]).requestAdapter()) !== null;
  } catch {
    return false;
  }
}

const webgpuAdapter = await probeAdapter();
// CI installs SwiftShader, and so does any machine with Chromium's ICD: there, no adapter is itself a failure.
const adapterExpected = Boolean(process.env.CI) || existsSync(SWIFTSHADER_ICD);

// The default set as far as the catalog has it (it grows while losses are added).
const losses = defaultLosses.filter((id) => (lossIds as readonly string[]).includes(id));

describe('bench --quick', () => {
  it('finds the WebGPU adapter this machine should have', () => {
    if (!webgpuAdapter && !adapterExpected)
      console.warn('\n!! NO WEBGPU ADAPTER here: the bench smoke test does not require the GPU backends.\n');
    expect(
      webgpuAdapter || !adapterExpected,
      'no WebGPU adapter, though CI / SwiftShader should give one',
    ).toBe(true);
  });

  it('measures every backend this machine can run, with positive times and checksums that match core', async () => {
    const backends = backendIds.filter((b) => b !== 'torch-cuda');
    const options: BenchOptions = {
      ...quickOptions,
      sizes: [32, 64],
      losses,
      backends,
      maxSize: { 'tfjs-cpu': 64 },
      quick: true,
      // The quick landscape suite: the five losses on a 16² grid of 100 points, every backend.
      landscape: quickLandscape,
    };
    const env = await nodeEnv({ workers: 2, quiet: true });
    const result = await runBench(options, env);

    expect(result.measurements).toHaveLength(losses.length * options.sizes.length * backends.length);
    const land = quickLandscape;
    expect(result.landscapes).toHaveLength(
      land.losses.length * land.sizes.length * land.ns.length * backends.length,
    );
    const required = requiredBackends({ webgpuAdapter });
    expect(coverageProblems(result, { required })).toEqual([]);
    // Whatever may skip here says why.
    for (const m of result.measurements.filter((x) => x.status === 'skipped'))
      expect(m.reason && m.skip, `${m.backend} ${m.loss} ${m.size}`).toBeTruthy();
    for (const m of result.measurements.filter((x) => x.status === 'ok')) {
      const t = m.time!;
      expect(t.minMs).toBeLessThanOrEqual(t.medianMs);
      expect(t.maxMs).toBeGreaterThanOrEqual(t.medianMs);
      expect(t.reps).toBeGreaterThanOrEqual(3);
      expect(m.evalsPerSec).toBeGreaterThan(0);
    }
    for (const m of (result.landscapes ?? []).filter((x) => x.status === 'ok')) {
      expect(m.time!.reps).toBeGreaterThanOrEqual(3);
      expect(m.evalsPerSec).toBeCloseTo(m.evaluations / (m.time!.medianMs / 1000), 0);
    }
    if (webgpuAdapter) {
      expect(result.adapter?.description).toBeTruthy();
      for (const m of result.measurements.filter((x) => x.backend === 'gpu'))
        expect(m.bandwidthFraction, `${m.loss} ${m.size}`).toBeGreaterThan(0);
      expect(result.peak?.measuredFlopsPerSec).toBeGreaterThan(0);
      for (const m of (result.landscapes ?? []).filter((x) => x.backend === 'gpu')) {
        expect(m.flopsPerEval, m.loss).toBeGreaterThan(5);
        expect(m.peakFraction, m.loss).toBeGreaterThan(0);
      }
    }
    const md = markdownReport(result);
    for (const loss of losses) expect(md).toContain(loss);
    expect(md).toContain('## Landscapes');
    if (result.adapter?.isSoftware) expect(md).toContain('SOFTWARE ADAPTER');
    expect(chartSvg(result)).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(htmlReport(result)).toContain('<table>');
  });
});
