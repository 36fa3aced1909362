/**
 * Smoke test of the bench in quick mode, run programmatically: every
 * requested backend is measured or skipped with a reason, times are positive,
 * and every measured grid agrees with core. It asserts structure, never speed.
 */
import { lossIds } from '@losslab/core';
import { describe, expect, it } from 'vitest';
import { nodeEnv } from '../src/env-node.js';
import { defaultLosses, quickOptions, runBench } from '../src/measure.js';
import { chartSvg, htmlReport, markdownReport } from '../src/report.js';
import { type BackendId, type BenchOptions, backendIds } from '../src/types.js';

const backends = backendIds.filter((b) => b !== 'torch-cuda');
// The default set as far as the catalog has it (it grows while losses are added).
const losses = defaultLosses.filter((id) => (lossIds as readonly string[]).includes(id));

describe('bench --quick', () => {
  it('measures or skips every backend, with positive times and checksums that match core', async () => {
    const options: BenchOptions = {
      ...quickOptions,
      sizes: [32, 64],
      losses,
      backends,
      maxSize: { 'tfjs-cpu': 64 },
      quick: true,
    };
    const env = await nodeEnv({ workers: 2, quiet: true });
    const result = await runBench(options, env);

    expect(result.measurements).toHaveLength(losses.length * options.sizes.length * backends.length);
    for (const loss of losses) {
      for (const size of options.sizes) {
        for (const backend of backends as BackendId[]) {
          const m = result.measurements.find(
            (x) => x.loss === loss && x.size === size && x.backend === backend,
          );
          expect(m, `${backend} ${loss} ${size}`).toBeDefined();
          if (m!.status === 'skipped') {
            expect(m!.reason, `${backend} ${loss} ${size} skipped without a reason`).toBeTruthy();
            continue;
          }
          expect(m!.status, `${backend} ${loss} ${size}: ${m!.reason ?? ''}`).toBe('ok');
          const t = m!.time!;
          expect(t.medianMs).toBeGreaterThan(0);
          expect(t.minMs).toBeLessThanOrEqual(t.medianMs);
          expect(t.maxMs).toBeGreaterThanOrEqual(t.medianMs);
          expect(t.reps).toBeGreaterThanOrEqual(3);
          expect(m!.evalsPerSec).toBeGreaterThan(0);
          if (backend !== 'gpu') {
            expect(m!.checksum, `${backend} ${loss} ${size} has no checksum`).toBeDefined();
            expect(m!.checksum!.ok, `${backend} ${loss} ${size}: ${JSON.stringify(m!.checksum)}`).toBe(true);
          }
        }
      }
    }
    // The CPU backends never skip: they are the baseline every machine has.
    for (const backend of ['cpu1', 'cpuN', 'js'] as const) {
      expect(result.measurements.filter((m) => m.backend === backend).every((m) => m.status === 'ok')).toBe(
        true,
      );
    }
    if (result.adapter) {
      expect(result.adapter.description).toBeTruthy();
      expect(result.fills).toHaveLength(options.sizes.length);
      for (const f of result.fills) expect(f.bestMs ?? 0, f.reason).toBeGreaterThan(0);
    } else {
      expect(result.adapterReason).toBeTruthy();
    }
    const md = markdownReport(result);
    for (const loss of losses) expect(md).toContain(loss);
    if (result.adapter?.isSoftware) expect(md).toContain('SOFTWARE ADAPTER');
    expect(chartSvg(result)).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(htmlReport(result)).toContain('<table>');
  });
});
