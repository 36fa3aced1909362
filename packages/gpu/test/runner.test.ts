/**
 * The generic runner of declared programs, and the engine's timing methods
 * built on it: programs run with their packed uniforms, read-backs come back
 * in order, failed work gives its buffers back and forgets its pipeline, and
 * timing reuses one recording without leaking.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceLifecycle } from '../src/engine/lifecycle.js';
import { PipelineCache } from '../src/engine/pipelines.js';
import { BufferPool } from '../src/engine/pool.js';
import { Runner, USAGE } from '../src/engine/runner.js';
import { GpuError } from '../src/errors.js';
import { createSweepEngine, type SweepEngine } from '../src/index.js';
import { fillCount, fillProgram } from '../src/programs/fill.js';
import { dispatch2d, type Program } from '../src/programs/program.js';
import { doc, type FieldsOf, struct, u32 } from '../src/wgsl/struct.js';
import { gpu, hasAdapter, testDevice } from './helpers/gpu.js';

const brokenParams = struct('Params', { n: doc('Values.', u32) });

/** A program whose WGSL does not compile: what a generator bug would look like. */
const broken: Program<FieldsOf<typeof brokenParams>, { n: number }> = {
  key: 'broken',
  label: 'broken',
  entryPoint: 'main',
  params: brokenParams,
  storage: ['read_write'],
  source: () => `${brokenParams.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  out[g.x] = not_a_function(params.n);
}`,
  workgroups: ({ n }, perDimension) => dispatch2d(Math.ceil(n / 64), perDimension),
};

describe.skipIf(!hasAdapter)('the runner (WebGPU)', async () => {
  const device = hasAdapter ? await testDevice() : (undefined as never);
  const pool = hasAdapter
    ? new BufferPool(device, 2 ** 24, device.limits.maxBufferSize)
    : (undefined as never);
  const pipelines = hasAdapter ? new PipelineCache(device) : (undefined as never);
  const lifecycle = hasAdapter ? new DeviceLifecycle(device, () => {}) : (undefined as never);
  const runner = hasAdapter
    ? new Runner(device, pool, pipelines, lifecycle, device.limits.maxComputeWorkgroupsPerDimension, 4096)
    : (undefined as never);
  afterAll(() => {
    pool?.destroy();
    device?.destroy();
  });

  it('runs a declared program with its packed uniforms, per tile, and reads back in order', async () => {
    // 13 rows of 100 f32 in 4096-byte bindings: 10 rows fit, cut to a multiple of 4.
    const tiles = runner.tiles(fillProgram, 100, 13);
    expect(tiles.map((t) => t.rows)).toEqual([8, 5]);
    const read = await runner.fetch('fill', (r) => {
      for (const { rows } of tiles) {
        const extent = { nx: 100, rows };
        const count = fillCount(extent);
        const buffer = r.scratch(16 * count, USAGE.grid, 'fill');
        r.dispatch(fillProgram, { count }, [buffer], extent);
        r.readBack(buffer, 0, 16 * count);
      }
    });
    expect(read.map((b) => b.byteLength)).toEqual([3200, 2000]);
    for (const bytes of read) {
      const values = new Float32Array(bytes);
      values.forEach((v, k) => {
        expect(v).toBe((k >> 2) & 1023);
      });
    }
    // Uniforms, grids and staging buffers are all back in the pool.
    expect(pool.idleBytes).toBe(pool.liveBytes);
  });

  it('turns a program that fails validation into a GpuError, forgets its pipeline and destroys its buffers', async () => {
    const before = pool.liveBuffers;
    const compiled = pipelines.size;
    const work = runner.run('broken', (r) => {
      const out = r.output(256, USAGE.grid, 'broken out');
      r.dispatch(broken, { n: 64 }, [out], { n: 64 });
      return out;
    });
    const error = await work.ready.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GpuError);
    expect((error as GpuError).kind).toBe('validation');
    expect(pipelines.size).toBe(compiled);
    // Its uniforms and its output were destroyed, not pooled (the failed one may be any of them).
    expect(pool.liveBuffers).toBeLessThanOrEqual(before);
    expect(pool.idleBytes).toBe(pool.liveBytes);
    work.release();
    await expect(
      runner.run('broken again', (r) =>
        r.dispatch(broken, { n: 1 }, [r.scratch(256, USAGE.grid, 'o')], { n: 1 }),
      ).ready,
    ).rejects.toThrow(GpuError);
  });

  it('keeps a resident buffer across submissions and rewrites one value of it in place', async () => {
    const data = Float32Array.from({ length: 1000 }, (_, i) => i);
    const resident = runner.resident(data, USAGE.input | USAGE.grid, 'dataset');
    await resident.ready;
    const readAll = async (): Promise<Float32Array> => {
      const [bytes] = await runner.fetch('read', (r) => r.readBack(resident.buffer, 0, resident.byteLength));
      return new Float32Array(bytes!);
    };
    expect([...(await readAll())]).toEqual([...data]);
    resident.write(4 * 321, new Float32Array([-7.5]));
    const changed = await readAll();
    expect(changed[321]).toBe(-7.5);
    expect(changed[320]).toBe(320);
    expect(changed[322]).toBe(322);
    expect(() => resident.write(4 * 1000, new Float32Array([1]))).toThrow(RangeError);
    resident.release();
    expect(() => resident.write(0, new Float32Array([1]))).toThrow(/after release/);
    expect(pool.idleBytes).toBe(pool.liveBytes);
  });

  it('returns buffers when building the work throws, and rejects bad uniforms before any GPU work', () => {
    const before = pool.liveBytes;
    expect(() =>
      runner.run('bad uniforms', (r) => {
        const out = r.output(256, USAGE.grid, 'o');
        r.dispatch(fillProgram, { count: -1 }, [out], { nx: 1, rows: 1 });
      }),
    ).toThrow(/Params\.count: -1 is not a u32/);
    expect(pool.liveBytes).toBeLessThanOrEqual(before);
    expect(pool.idleBytes).toBe(pool.liveBytes);
  });
});

describe.skipIf(!hasAdapter)('timing (WebGPU)', async () => {
  const engine: SweepEngine = hasAdapter ? await createSweepEngine({ gpu }) : (undefined as never);
  afterAll(() => engine?.destroy());
  const spec = {
    loss: 'huber',
    x: { variable: 'r', min: -3, max: 3, size: 64 },
    y: { variable: 'delta', min: 0.1, max: 3, size: 32 },
  } as const;

  it('times a sweep by timestamps or wall clock, with batched wall clock on request', async () => {
    const t = await engine.timeSweep(spec, { repetitions: 4, batch: 3 });
    expect(t.samplesMs).toHaveLength(4);
    expect(['timestamp', 'wall']).toContain(t.method);
    expect(t.minMs).toBeLessThanOrEqual(t.medianMs);
    expect(t.batched?.runs).toBe(3);
    expect(t.batched?.samplesMs).toHaveLength(4);
    expect(t.batched!.medianMs).toBeGreaterThan(0);
    expect((await engine.timeSweep(spec, { repetitions: 2 })).batched).toBeUndefined();
  });

  it('times the write-bandwidth baselines on the same grid shape, and gives every buffer back', async () => {
    const fill = await engine.timeFill({ nx: 64, ny: 32 }, { repetitions: 3, batch: 2 });
    expect(fill.samplesMs).toHaveLength(3);
    expect(fill.batched!.medianMs).toBeGreaterThan(0);
    const clear = await engine.timeClear({ nx: 64, ny: 32 }, { repetitions: 3 });
    // clearBuffer is not a pass: timestamps cannot bracket it.
    expect(clear.method).toBe('wall');
    expect(clear.medianMs).toBeGreaterThan(0);
    const live = engine.memory().liveBuffers;
    for (let i = 0; i < 5; i++) {
      await engine.timeFill({ nx: 64, ny: 32 }, { repetitions: 1 });
      await engine.timeSweep(spec, { repetitions: 1 });
    }
    expect(engine.memory().liveBuffers).toBe(live);
  });

  it('rejects bad timing options with RangeErrors', async () => {
    await expect(engine.timeSweep(spec, { repetitions: 0 })).rejects.toThrow(RangeError);
    await expect(engine.timeSweep(spec, { batch: 1.5 })).rejects.toThrow(/batch/);
    await expect(engine.timeFill({ nx: 0, ny: 4 })).rejects.toThrow(/nx must be an integer/);
    await expect(engine.timeClear({ nx: 4, ny: Number.NaN })).rejects.toThrow(/ny/);
  });
});
