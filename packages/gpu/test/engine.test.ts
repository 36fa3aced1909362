/** The sweep engine against core: same results (to f32), same errors, tiling, stats. */
import { evaluateBatch, sweep, sweepStats } from '@losslab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweepEngine, type SweepEngine } from '../src/index.js';
import { toDeviceF32 } from '../src/wgsl/literals.js';
import { gpu, hasAdapter } from './helpers/gpu.js';

describe.skipIf(!hasAdapter)('sweep engine (WebGPU)', async () => {
  const engine: SweepEngine = hasAdapter ? await createSweepEngine({ gpu }) : (undefined as never);
  afterAll(() => engine?.destroy());

  it('describes its adapter', () => {
    expect(typeof engine.adapter.description).toBe('string');
    expect(engine.adapter.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 2 ** 20);
    expect(Array.isArray(engine.adapter.features)).toBe(true);
  });

  it('sweeps like core, at the f32-rounded coordinates', async () => {
    const spec = {
      loss: 'huber',
      x: { variable: 'r', min: -3, max: 3, size: 37 },
      y: { variable: 'delta', min: 0.1, max: 3, size: 11, scale: 'log' as const },
    };
    const gpuResult = await engine.sweep(spec);
    const cpu = sweep(spec);
    expect(gpuResult.data).toBeInstanceOf(Float32Array);
    expect(gpuResult.data.length).toBe(37 * 11);
    expect(gpuResult.x.coords).toEqual(cpu.x.coords);
    expect(gpuResult.spec.loss.id).toBe('huber');
    // Reference: core in f64 at the same f32 inputs.
    const r: number[] = [];
    const delta: number[] = [];
    for (let j = 0; j < 11; j++) {
      for (let i = 0; i < 37; i++) {
        r.push(toDeviceF32(cpu.x.coords[i]!));
        delta.push(toDeviceF32(cpu.y.coords[j]!));
      }
    }
    const ref = evaluateBatch('huber', { r, delta });
    gpuResult.data.forEach((v, k) => {
      expect(Math.abs(v - ref[k]!)).toBeLessThanOrEqual(4 * 2 ** -23 * Math.abs(ref[k]!));
    });
    expect(gpuResult.min).toBe(Math.min(...gpuResult.data));
    expect(gpuResult.finiteCount).toBe(37 * 11);
  });

  it('computes stats on the GPU, ±∞ and NaN counted apart', async () => {
    const spec = {
      loss: 'bce',
      x: { variable: 'p', min: 0, max: 1, size: 64 },
      y: { variable: 'y', min: 0, max: 1, size: 9 },
      output: { partial: 'p' },
    } as const;
    const s = engine.sweepToBuffer(spec);
    const stats = await s.stats();
    const data = await s.read();
    s.release();
    expect(stats).toEqual(sweepStats(data));
    expect(stats.nanCount).toBeGreaterThan(0);
  });

  it('evaluates batches with scalar broadcast and partials', async () => {
    const r = Float64Array.from({ length: 1000 }, (_, i) => -5 + i / 100);
    const out = await engine.evaluateBatch('huber', { r, delta: 1.5 }, { output: { partial: 'delta' } });
    const ref = evaluateBatch('huber', { r: Array.from(r, toDeviceF32), delta: 1.5 }, undefined, {
      output: { partial: 'delta' },
    });
    expect(out.length).toBe(1000);
    out.forEach((v, k) => expect(Math.abs(v - ref[k]!)).toBeLessThanOrEqual(2 ** -20 * Math.abs(ref[k]!)));
    expect([...(await engine.evaluateBatch('mse', { r: [] }))]).toEqual([]);
    expect([...(await engine.evaluateBatch('huber', { r: 3 }))]).toEqual([2.5]);
  });
});
