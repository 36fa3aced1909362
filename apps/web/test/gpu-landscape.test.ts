/**
 * The GPU path's landscapes (src/compute/gpu-landscape.ts) against a stand-in
 * engine: what is asked of the engine (a resident dataset updated in place,
 * grids released), and the fallback to the CPU with its reason. The GPU
 * kernel itself is tested in @losslab/gpu (SwiftShader) and, in the app, by
 * the WebGPU project's e2e (fit-lab.spec.ts).
 */
import { type Dataset, type LandscapeSpec, landscape, sweepStats } from '@losslab/core';
import { F32RangeError, type GpuDataset, GpuError, type GpuLandscape } from '@losslab/gpu';
import { describe, expect, it } from 'vitest';
import {
  createGpuLandscapes,
  describeLandscapeRefusal,
  type LandscapeEngine,
} from '../src/compute/gpu-landscape';
import type { LandscapeGrid } from '../src/compute/types';

const F32_MIN_NORMAL = 2 ** -126;

/** An engine that "computes" with core, keeps a dataset like the real one, and records what happens. */
function standIn(options: { fail?: () => unknown } = {}) {
  const log: string[] = [];
  let bytesWritten = 0;
  let releasedGrids = 0;
  const check = (data: Dataset) => {
    for (const [name, column] of [
      ['x', data.x],
      ['y', data.y],
    ] as const) {
      for (let i = 0; i < column.length; i++) {
        const v = Math.abs(column[i]!);
        if (v !== 0 && v < F32_MIN_NORMAL)
          throw new F32RangeError(
            `landscape dataset: column ${name}, index ${i}: outside the GPU's f32 range`,
          );
      }
    }
  };
  const createDataset = (initial: Dataset): GpuDataset => {
    check(initial);
    const x = Float64Array.from(initial.x);
    const y = Float64Array.from(initial.y);
    const weight = new Float64Array(x.length).fill(1);
    bytesWritten += x.length * 16;
    log.push(`create ${x.length}`);
    const dataset: GpuDataset = {
      n: x.length,
      buffer: {} as GPUBuffer,
      version: 0,
      data: { x, y, weight },
      set: () => {
        throw new Error('not used');
      },
      update(data) {
        check(data);
        if (data.x.length !== x.length) throw new RangeError('update() needs the same size');
        let changed = 0;
        for (let i = 0; i < x.length; i++) {
          if (data.x[i] !== x[i] || data.y[i] !== y[i]) {
            x[i] = data.x[i]!;
            y[i] = data.y[i]!;
            changed++;
          }
        }
        bytesWritten += changed * 16;
        if (changed > 0) (dataset as { version: number }).version++;
        log.push(`update ${changed}`);
        return changed;
      },
      release: () => log.push('release dataset'),
    };
    return dataset;
  };
  const engine: LandscapeEngine = {
    createDataset,
    landscapeToBuffer(spec) {
      const failure = options.fail?.();
      if (failure) throw failure;
      const dataset = spec.data as GpuDataset;
      const result = landscape({ ...spec, data: { x: dataset.data.x, y: dataset.data.y } });
      const data = Float32Array.from(result.data);
      log.push(`landscape ${result.x.coords.length}×${result.y.coords.length}`);
      let released = false;
      return {
        buffer: { label: 'grid' } as GPUBuffer,
        tiles: [
          { buffer: {} as GPUBuffer, row0: 0, rows: result.y.coords.length, byteLength: data.byteLength },
        ],
        nx: result.x.coords.length,
        ny: result.y.coords.length,
        x: result.x,
        y: result.y,
        spec: result.spec,
        model: result.model,
        dataset,
        datasetVersion: dataset.version,
        ready: Promise.resolve(),
        stats: async () => {
          log.push('stats');
          return sweepStats(data);
        },
        read: async () => {
          if (released) throw new Error('read after release');
          log.push('read');
          return data;
        },
        release: () => {
          released = true;
          releasedGrids++;
        },
      } satisfies GpuLandscape;
    },
    landscape: async () => {
      throw new Error('not used');
    },
    memory: () => ({
      liveBytes: 0,
      idleBytes: 0,
      liveBuffers: 0,
      pipelines: 0,
      cachedDatasets: 0,
      datasetBytesWritten: bytesWritten,
    }),
  };
  const cpuCalls: LandscapeSpec[] = [];
  const cpu = async (spec: LandscapeSpec): Promise<LandscapeGrid> => {
    cpuCalls.push(spec);
    const result = landscape(spec);
    const data = Float32Array.from(result.data);
    return {
      source: { kind: 'cpu', data, nx: result.x.coords.length, ny: result.y.coords.length },
      stats: sweepStats(data),
      x: result.x,
      y: result.y,
      spec,
      sweepMs: 1,
      computedOn: 'cpu',
      values: async () => data,
      release: () => {},
    };
  };
  return { engine, cpu, log, cpuCalls, releasedGrids: () => releasedGrids };
}

const points: Dataset = { x: [0, 1, 2, 3, 4], y: [1, 2.9, 5.2, 7.1, 8.8] };
const specOf = (data: Dataset): LandscapeSpec => ({
  loss: 'huber',
  params: { delta: 1 },
  data,
  w: { min: 0, max: 4, size: 17 },
  b: { min: -2, max: 3, size: 11 },
});

describe('GPU landscapes', () => {
  it('draw from the GPU buffer, with the GPU’s stats and core’s values', async () => {
    const { engine, cpu, log, cpuCalls } = standIn();
    const grid = await createGpuLandscapes(engine, cpu).landscape(specOf(points));
    expect(grid.computedOn).toBe('webgpu');
    expect(grid.fallback).toBeUndefined();
    expect(grid.source).toMatchObject({ kind: 'gpu', nx: 17, ny: 11 });
    expect(grid.source.kind === 'gpu' && grid.source.buffer.label).toBe('grid');
    const exact = Float32Array.from(landscape(specOf(points)).data);
    expect(grid.stats).toEqual(sweepStats(exact));
    // Nothing read back to draw it.
    expect(log).toEqual(['create 5', 'landscape 17×11', 'stats']);
    expect(Array.from(await grid.values())).toEqual(Array.from(exact));
    expect(cpuCalls).toHaveLength(0);
  });

  it('keep the dataset resident: a moved point rewrites that point only; a new size uploads anew', async () => {
    const { engine, cpu, log } = standIn();
    const gpu = createGpuLandscapes(engine, cpu);
    const first = await gpu.landscape(specOf(points));
    const moved = { x: [0, 1, 2, 3, 4], y: [1, 2.9, 9, 7.1, 8.8] };
    const second = await gpu.landscape(specOf(moved));
    expect(second.resident!.bytesWritten - first.resident!.bytesWritten).toBe(16);
    expect(second.resident!.version).toBe(first.resident!.version + 1);
    expect(Array.from(await second.values())).toEqual(
      Array.from(Float32Array.from(landscape(specOf(moved)).data)),
    );
    await gpu.landscape(specOf({ x: [...moved.x, 5], y: [...moved.y, 11] }));
    expect(log.filter((line) => !/^(landscape|stats|read)/.test(line))).toEqual([
      'create 5',
      'update 1',
      'create 6',
      'release dataset',
    ]);
    gpu.destroy();
    expect(log.at(-1)).toBe('release dataset');
  });

  it('release their grid once, after a readback in flight', async () => {
    const { engine, cpu, releasedGrids } = standIn();
    const grid = await createGpuLandscapes(engine, cpu).landscape(specOf(points));
    const reading = grid.values();
    grid.release();
    grid.release();
    await reading;
    await Promise.resolve();
    expect(releasedGrids()).toBe(1);
  });

  it('fall back to the CPU where the f32 policy refuses the data, and say why', async () => {
    const { engine, cpu, cpuCalls } = standIn();
    const gpu = createGpuLandscapes(engine, cpu);
    const tiny = { x: [1e-40, 1, 2, 3, 4], y: points.y };
    const grid = await gpu.landscape(specOf(tiny));
    expect(grid.computedOn).toBe('cpu');
    expect(grid.fallback).toMatch(/f32 and refused this input \(.*column x, index 0/);
    expect(cpuCalls).toHaveLength(1);
    expect(Array.from(await grid.values())).toEqual(
      Array.from(Float32Array.from(landscape(specOf(tiny)).data)),
    );
    // The same resident dataset is then updated, once the data is back in range.
    expect((await gpu.landscape(specOf(points))).computedOn).toBe('webgpu');
  });

  it('fall back on a lost device or no memory, and say so', async () => {
    let failure: unknown = new GpuError('device-lost', 'destroyed by the test');
    const { engine, cpu } = standIn({ fail: () => failure });
    const gpu = createGpuLandscapes(engine, cpu);
    const lost = await gpu.landscape(specOf(points));
    expect(lost.computedOn).toBe('cpu');
    expect(lost.fallback).toBe('the GPU device was lost (destroyed by the test)');
    failure = new GpuError('out-of-memory', 'no room');
    expect((await gpu.landscape(specOf(points))).fallback).toBe('the GPU ran out of memory (no room)');
    failure = new Error('cannot compile this loss');
    expect((await gpu.landscape(specOf(points))).fallback).toBe(
      'the GPU engine could not compute it (cannot compile this loss)',
    );
  });

  it('refuse what core refuses with core’s message, on either path', async () => {
    const { engine, cpu } = standIn();
    const bad = { ...specOf(points), w: { min: 1, max: 0, size: 4 } };
    let expected = '';
    try {
      landscape(bad);
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).not.toBe('');
    await expect(createGpuLandscapes(engine, cpu).landscape(bad)).rejects.toThrow(expected);
  });

  it('describe refusals as clauses', () => {
    expect(describeLandscapeRefusal(new F32RangeError('x = 1e-40 is outside'))).toBe(
      'the GPU computes in f32 and refused this input (x = 1e-40 is outside)',
    );
    expect(describeLandscapeRefusal('odd')).toBe('the GPU engine could not compute it (odd)');
  });
});
