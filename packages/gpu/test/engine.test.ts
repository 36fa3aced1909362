/** The sweep engine against core: same results (to f32), same errors, tiling, stats. */
import { evaluateBatch, resolveSweep, sweep, sweepStats } from '@losslab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { benchmarkLayouts, createSweepEngine, gpuSweepLimits, type SweepEngine } from '../src/index.js';
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
    out.forEach((v, k) => {
      expect(Math.abs(v - ref[k]!)).toBeLessThanOrEqual(2 ** -20 * Math.abs(ref[k]!));
    });
    expect([...(await engine.evaluateBatch('mse', { r: [] }))]).toEqual([]);
    expect([...(await engine.evaluateBatch('huber', { r: 3 }))]).toEqual([2.5]);
  });
});

describe('planning', () => {
  it('tiles whole rows within the binding limit, 16384² included', async () => {
    const { planTiles } = await import('../src/engine/plan.js');
    expect(planTiles(16384, 16384, 2 ** 30, 65535)).toEqual([{ row0: 0, rows: 16384 }]);
    const quarter = planTiles(16384, 16384, 2 ** 28, 65535);
    expect(quarter).toHaveLength(4);
    expect(quarter.every((t) => t.rows * 16384 * 4 <= 2 ** 28)).toBe(true);
    const odd = planTiles(100, 37, 4096, 65535);
    expect(odd.map((t) => t.rows)).toEqual([8, 8, 8, 8, 5]);
    expect(() => planTiles(2000, 4, 4096, 65535)).toThrow(/exceeds the GPU's binding limit/);
  });

  it('splits dispatches beyond 65535 workgroups per dimension', async () => {
    const { dispatch2d } = await import('../src/programs/program.js');
    expect(dispatch2d(10, 65535)).toEqual([10, 1]);
    const [x, y] = dispatch2d(1_048_576, 65535);
    expect(x).toBeLessThanOrEqual(65535);
    expect(x * y).toBeGreaterThanOrEqual(1_048_576);
  });
});

describe.skipIf(!hasAdapter)('tiling, layouts and validation (WebGPU)', async () => {
  const engines: SweepEngine[] = [];
  const make = async (options: Parameters<typeof createSweepEngine>[0] = {}) => {
    const e = await createSweepEngine({ gpu, ...options });
    engines.push(e);
    return e;
  };
  const reference = hasAdapter ? await make() : (undefined as never);
  afterAll(() => {
    for (const e of engines) e.destroy();
  });
  const spec = {
    loss: 'bce',
    x: { variable: 'p', min: 0, max: 1, size: 100 },
    y: { variable: 'y', min: 0, max: 1, size: 37 },
    output: { partial: 'p' },
  } as const;

  it('gives the same grid, stats and readback when a sweep is cut into tiles', async () => {
    const whole = await reference.sweep(spec);
    const tiled = await make({ maxBindingBytes: 4096 });
    const parts = tiled.sweepToBuffer(spec);
    expect(parts.tiles.length).toBe(5);
    expect(parts.tiles.map((t) => t.row0)).toEqual([0, 8, 16, 24, 32]);
    expect(parts.tiles.reduce((n, t) => n + t.byteLength, 0)).toBe(100 * 37 * 4);
    const stats = await parts.stats();
    expect([...(await parts.read())]).toEqual([...whole.data]);
    parts.release();
    const again = await tiled.sweep(spec);
    expect([...again.data]).toEqual([...whole.data]);
    expect(stats).toEqual(sweepStats(whole.data));
    expect({ ...again, data: null, spec: null }).toEqual({ ...whole, data: null, spec: null });
  });

  it('evaluates batches in chunks within the binding limit', async () => {
    const r = Float64Array.from({ length: 5000 }, (_, i) => (i - 2500) / 7);
    const delta = Float64Array.from({ length: 5000 }, (_, i) => 0.1 + (i % 17));
    const whole = await reference.evaluateBatch('huber', { r, delta });
    const chunked = await (await make({ maxBindingBytes: 4096 })).evaluateBatch('huber', { r, delta });
    expect([...chunked]).toEqual([...whole]);
  });

  it('writes the same values under every layout, vector stores or not', async () => {
    for (const nx of [64, 50]) {
      const s = { ...spec, x: { ...spec.x, size: nx } };
      const want = await reference.sweep(s);
      for (const layout of benchmarkLayouts) {
        const got = await (await make({ layout })).sweep(s);
        expect([...got.data], JSON.stringify(layout)).toEqual([...want.data]);
      }
    }
  });

  it('throws core’s RangeErrors, before any GPU work', async () => {
    const bad = [
      { ...spec, loss: 'nope' },
      { ...spec, x: { ...spec.x, min: -1 } },
      { ...spec, x: { ...spec.x, variable: 'y' } },
      { ...spec, output: { partial: 'q' } },
      { ...spec, fixed: { gamma: 1 } },
      { ...spec, x: { ...spec.x, size: 0 } },
    ];
    for (const s of bad) {
      let coreMessage = '';
      try {
        resolveSweep(s as never, gpuSweepLimits);
      } catch (error) {
        coreMessage = (error as Error).message;
      }
      expect(coreMessage).not.toBe('');
      expect(() => reference.sweepToBuffer(s as never)).toThrow(RangeError);
      expect(() => reference.sweepToBuffer(s as never)).toThrow(coreMessage);
      await expect(reference.sweep(s as never)).rejects.toThrow(coreMessage);
    }
    const badBatches: [string, Record<string, unknown>, { output?: unknown }][] = [
      ['nope', { r: [1] }, {}],
      ['huber', { r: [1], gamma: 2 }, {}],
      ['huber', {}, {}],
      ['huber', { r: [1, Number.NaN] }, {}],
      ['huber', { r: [1, 2], delta: [1] }, {}],
      ['huber', { r: 1, delta: 0 }, {}],
      ['bce', { p: [0.5, 1.5] }, {}],
      ['cosine_embedding', { cos: [0.5] }, { output: { partial: 'y' } }],
    ];
    for (const [id, columns, options] of badBatches) {
      let coreMessage = '';
      try {
        evaluateBatch(id, columns as never, undefined, options as never);
      } catch (error) {
        coreMessage = (error as Error).message;
      }
      expect(coreMessage, `${id} ${JSON.stringify(columns)}`).not.toBe('');
      await expect(reference.evaluateBatch(id, columns as never, options as never)).rejects.toThrow(
        coreMessage,
      );
    }
  });

  it('evaluates 17 million points: a 2D dispatch beyond 65535 workgroups', async () => {
    const n = 65535 * 256 + 1000;
    const r = new Float32Array(n);
    for (let i = 0; i < n; i++) r[i] = (i % 1000) - 500;
    const out = await reference.evaluateBatch('mae', { r });
    expect(out.length).toBe(n);
    expect(out[0]).toBe(500);
    expect(out[n - 1]).toBe(Math.abs(((n - 1) % 1000) - 500));
    expect(out[65535 * 256 + 7]).toBe(Math.abs(((65535 * 256 + 7) % 1000) - 500));
  });
});
