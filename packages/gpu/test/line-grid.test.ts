/** Line grids: one variable's line on every row, checked against core's evaluateBatch on that line. */
import { axisCoordinates, evaluateBatch } from '@losslab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveLineGrid } from '../src/engine/plan.js';
import { createSweepEngine, type LineGridSpec, type SweepEngine } from '../src/index.js';
import { toDeviceF32 } from '../src/wgsl/literals.js';
import { gpu, hasAdapter } from './helpers/gpu.js';

/** Core's f64 values on the grid's line, at the f32 coordinates the GPU evaluates at. */
function lineReference(spec: LineGridSpec): ArrayLike<number> {
  const line = resolveLineGrid(spec);
  const xs = Array.from(axisCoordinates(line.x).coords, toDeviceF32);
  const fixed = Object.fromEntries(line.fixed.map((f) => [f.name, f.value]));
  return evaluateBatch(line.loss.id, { ...fixed, [line.x.variable]: xs }, undefined, {
    output: line.output,
  });
}

/** Every row of `data` (nx columns) within a few f32 ulps of `ref`. */
function expectRowsMatch(data: Float32Array, ref: ArrayLike<number>, rows: number, ulps: number): void {
  const nx = ref.length;
  expect(data.length).toBe(nx * rows);
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < nx; i++) {
      const v = data[j * nx + i]!;
      const r = ref[i]!;
      if (Math.abs(v - r) > ulps * 2 ** -23 * Math.abs(r)) {
        throw new Error(`row ${j}, column ${i}: GPU ${v}, core ${r} (f32 ${Math.fround(r)})`);
      }
    }
  }
}

describe('line grid validation (core checks, before any GPU work)', () => {
  const x = { variable: 'r', min: -3, max: 3, size: 16 };
  it('resolves defaults: rows = x.size, other variables fixed', () => {
    const mse = resolveLineGrid({ loss: 'mse', x });
    expect(mse.rows).toBe(16);
    expect(mse.x.scale).toBe('linear');
    expect(mse.fixed).toEqual([]);
    const huber = resolveLineGrid({ loss: 'huber', x, rows: 3, fixed: { delta: 0.5 } });
    expect(huber.fixed).toEqual([{ name: 'delta', value: 0.5 }]);
  });

  it("throws core's RangeErrors", () => {
    expect(() => resolveLineGrid({ loss: 'no_such_loss', x })).toThrow(RangeError);
    expect(() => resolveLineGrid({ loss: 'mse', x: { ...x, variable: 'q' } })).toThrow(
      /unknown variable 'q'/,
    );
    expect(() => resolveLineGrid({ loss: 'mse', x: { ...x, min: 1, max: 0 } })).toThrow(/min 1 > max 0/);
    expect(() => resolveLineGrid({ loss: 'mse', x: { ...x, size: 0 } })).toThrow(/size must be an integer/);
    expect(() => resolveLineGrid({ loss: 'mse', x, rows: 1.5 })).toThrow(/rows must be an integer/);
    expect(() => resolveLineGrid({ loss: 'mse', x: { ...x, size: 65536 }, rows: 65536 })).toThrow(
      /exceeds the limit/,
    );
    expect(() => resolveLineGrid({ loss: 'mse', x, fixed: { delta: 1 } })).toThrow(/unknown variable/);
    expect(() => resolveLineGrid({ loss: 'huber', x, fixed: { delta: -1 } })).toThrow(/outside its domain/);
    expect(() => resolveLineGrid({ loss: 'mse', x, output: { partial: 'q' } })).toThrow(/unknown variable/);
  });
});

describe.skipIf(!hasAdapter)('line grids (WebGPU)', async () => {
  const engine: SweepEngine = hasAdapter ? await createSweepEngine({ gpu }) : (undefined as never);
  afterAll(() => engine?.destroy());

  for (const loss of ['mse', 'log_cosh']) {
    it(`${loss}: every row is core's evaluateBatch of the line`, async () => {
      const spec: LineGridSpec = { loss, x: { variable: 'r', min: -3, max: 3, size: 64 } };
      const grid = engine.lineGridToBuffer(spec);
      try {
        expect(grid.nx).toBe(64);
        expect(grid.ny).toBe(64);
        expect(grid.spec.rows).toBe(64);
        expect(grid.x.coords).toEqual(axisCoordinates(grid.spec.x).coords);
        const data = await grid.read();
        expectRowsMatch(data, lineReference(spec), 64, 8);
        const stats = await grid.stats();
        expect(stats.finiteCount).toBe(64 * 64);
        expect(stats.min).toBe(Math.min(...data));
        expect(stats.max).toBe(Math.max(...data));
      } finally {
        grid.release();
      }
    });
  }

  it('takes non-square shapes, log axes, fixed values and partials', async () => {
    const spec: LineGridSpec = {
      loss: 'huber',
      x: { variable: 'r', min: 0.01, max: 5, size: 37, scale: 'log' },
      rows: 5,
      fixed: { delta: 1.5 },
      output: { partial: 'r' },
    };
    const grid = engine.lineGridToBuffer(spec);
    try {
      expect([grid.nx, grid.ny]).toEqual([37, 5]);
      expectRowsMatch(await grid.read(), lineReference(spec), 5, 8);
    } finally {
      grid.release();
    }
  });

  it('cuts a line grid into row tiles like a sweep', async () => {
    const tiled = await createSweepEngine({ gpu, maxBindingBytes: 4096 });
    try {
      const spec: LineGridSpec = {
        loss: 'log_cosh',
        x: { variable: 'r', min: -3, max: 3, size: 100 },
        rows: 37,
      };
      const grid = tiled.lineGridToBuffer(spec);
      try {
        expect(grid.tiles.length).toBe(5);
        expectRowsMatch(await grid.read(), lineReference(spec), 37, 8);
      } finally {
        grid.release();
      }
    } finally {
      tiled.destroy();
    }
  });

  it('times a line grid like a sweep', async () => {
    const t = await engine.timeLineGrid(
      { loss: 'mse', x: { variable: 'r', min: -3, max: 3, size: 128 } },
      { repetitions: 3 },
    );
    expect(t.samplesMs).toHaveLength(3);
    expect(t.medianMs).toBeGreaterThanOrEqual(0);
    expect(['timestamp', 'wall']).toContain(t.method);
    await expect(
      engine.timeLineGrid(
        { loss: 'mse', x: { variable: 'r', min: -3, max: 3, size: 8 } },
        { repetitions: 0 },
      ),
    ).rejects.toThrow(/repetitions/);
    expect(() =>
      engine.lineGridToBuffer({ loss: 'mse', x: { variable: 'r', min: 3, max: -3, size: 8 } }),
    ).toThrow(RangeError);
  });
});
