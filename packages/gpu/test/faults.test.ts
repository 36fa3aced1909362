/** Faults become typed GpuErrors; the engine recovers by being re-created; memory stays bounded. */
import { afterAll, describe, expect, it } from 'vitest';
import { createSweepEngine, GpuError, isWebGpuAvailable, type SweepEngine } from '../src/index.js';
import { gpu, hasAdapter } from './helpers/gpu.js';

const spec = (n: number, m = n) => ({
  loss: 'huber',
  x: { variable: 'r', min: -3, max: 3, size: n },
  y: { variable: 'delta', min: 0.1, max: 3, size: m },
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('no WebGPU, no adapter, failed device request', () => {
  it('says there is no WebGPU when there is no entry point', async () => {
    expect(isWebGpuAvailable()).toBe(typeof navigator !== 'undefined' && 'gpu' in navigator);
    expect(isWebGpuAvailable(gpu)).toBe(true);
    const error = await rejection(createSweepEngine({}));
    expect(error).toBeInstanceOf(GpuError);
    expect((error as GpuError).kind).toBe('no-webgpu');
    expect((error as GpuError).reason).toMatch(/navigator\.gpu/);
  });

  it('says there is no adapter', async () => {
    const none = { requestAdapter: async () => null } as unknown as GPU;
    const error = (await rejection(createSweepEngine({ gpu: none }))) as GpuError;
    expect(error.kind).toBe('no-adapter');
    const throwing = {
      requestAdapter: async () => {
        throw new Error('blocked by policy');
      },
    } as unknown as GPU;
    const error2 = (await rejection(createSweepEngine({ gpu: throwing }))) as GpuError;
    expect(error2.kind).toBe('no-adapter');
    expect(error2.reason).toMatch(/blocked by policy/);
  });

  it('says the device request failed, with the reason', async () => {
    const adapter = {
      features: new Set<string>(),
      limits: { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28 },
      info: { vendor: 'test', architecture: '', description: '' },
      requestDevice: async () => {
        throw new Error('too many devices');
      },
    };
    const fake = { requestAdapter: async () => adapter } as unknown as GPU;
    const error = (await rejection(createSweepEngine({ gpu: fake }))) as GpuError;
    expect(error.kind).toBe('device-request-failed');
    expect(error.reason).toMatch(/too many devices/);
    expect(error.message).toMatch(/device request failed: too many devices/);
  });
});

describe.skipIf(!hasAdapter)('device loss, out of memory, memory use (WebGPU)', () => {
  const engines: SweepEngine[] = [];
  afterAll(() => {
    for (const e of engines) e.destroy();
  });

  it('reports a device lost mid-sweep as a GpuError, and a re-created engine works', async () => {
    const lost: GpuError[] = [];
    const engine = await createSweepEngine({ gpu, onDeviceLost: (e) => lost.push(e) });
    engines.push(engine);
    await engine.sweep(spec(16));
    const pending = engine.sweep(spec(512));
    engine.device.destroy();
    const error = (await rejection(pending)) as GpuError;
    expect(error).toBeInstanceOf(GpuError);
    expect(error.kind).toBe('device-lost');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lost).toHaveLength(1);
    expect(lost[0]!.kind).toBe('device-lost');
    expect(engine.lost?.kind).toBe('device-lost');
    // Every later call fails the same way, before any work.
    expect(((await rejection(engine.sweep(spec(8)))) as GpuError).kind).toBe('device-lost');
    expect(((await rejection(engine.evaluateBatch('mse', { r: [1] }))) as GpuError).kind).toBe('device-lost');
    expect(() => engine.sweepToBuffer(spec(8))).toThrow(GpuError);
    expect(engine.memory().liveBytes).toBe(0);

    const again = await createSweepEngine({ gpu });
    engines.push(again);
    const result = await again.sweep(spec(8));
    expect(result.data[0]).toBeCloseTo(0.1 * (3 - 0.05), 6); // huber(r = −3, δ = 0.1)
    expect(result.finiteCount).toBe(64);
  });

  it('turns an out-of-memory error into GpuError("out-of-memory") and keeps working', async () => {
    const real = await createSweepEngine({ gpu });
    engines.push(real);
    // The same device seen through a proxy whose next out-of-memory scope reports an allocation failure.
    const device = real.device;
    const scopes: GPUErrorFilter[] = [];
    let failNext = false;
    const proxy = new Proxy(device, {
      get(target, prop) {
        if (prop === 'pushErrorScope') {
          return (filter: GPUErrorFilter) => {
            scopes.push(filter);
            target.pushErrorScope(filter);
          };
        }
        if (prop === 'popErrorScope') {
          return async () => {
            const filter = scopes.pop();
            const error = await target.popErrorScope();
            if (filter === 'out-of-memory' && failNext) {
              failNext = false;
              return { message: 'simulated: not enough memory for a 1 GiB buffer' };
            }
            return error;
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const engine = await createSweepEngine({ device: proxy, gpu });
    engines.push(engine);
    failNext = true;
    const error = (await rejection(engine.sweep(spec(32)))) as GpuError;
    expect(error.kind).toBe('out-of-memory');
    expect(error.reason).toMatch(/not enough memory/);
    const ok = await engine.sweep(spec(32));
    expect(ok.finiteCount).toBe(32 * 32);
    failNext = true;
    expect(((await rejection(engine.evaluateBatch('mse', { r: [1, 2] }))) as GpuError).kind).toBe(
      'out-of-memory',
    );
    expect([...(await engine.evaluateBatch('mse', { r: [1, 2] }))]).toEqual([1, 4]);
  });

  it('keeps GPU memory bounded over thousands of sweeps', async () => {
    const engine = await createSweepEngine({ gpu, maxIdleBytes: 2 ** 20 });
    engines.push(engine);
    let peak = 0;
    for (let k = 0; k < 3000; k++) {
      const n = 1 + ((k * 37) % 64);
      const m = 1 + ((k * 11) % 48);
      if (k % 3 === 0) {
        await engine.sweep(spec(n, m));
      } else {
        const s = engine.sweepToBuffer(spec(n, m));
        if (k % 3 === 1) await s.stats();
        s.release();
      }
      if (k % 500 === 499) await engine.evaluateBatch('mse', { r: [k, -k] });
      peak = Math.max(peak, engine.memory().liveBytes);
    }
    await engine.device.queue.onSubmittedWorkDone();
    const memory = engine.memory();
    // Nothing is in use once every sweep is released: all live bytes are idle, within the budget.
    expect(memory.liveBytes).toBe(memory.idleBytes);
    expect(memory.idleBytes).toBeLessThanOrEqual(2 ** 20);
    expect(peak).toBeLessThan(2 ** 20 + 2 ** 18);
    expect(memory.liveBuffers).toBeLessThan(200);
    // huber with vector and with scalar stores, the stats kernel, mse's batch kernel.
    expect(memory.pipelines).toBeLessThanOrEqual(4);
  });
});
