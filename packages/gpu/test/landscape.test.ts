/**
 * The GPU landscape's behaviour (its accuracy against core for every loss is
 * landscape-parity.test.ts): core's result shape and RangeErrors before any
 * GPU work, the f32 input policy, the dataset uploaded once and updated in
 * place, the compensated sum and the overflow pass, every geometry, tiling,
 * and faults.
 */
import { customLoss, getLoss, type LandscapeSpec, landscape, sweepStats } from '@losslab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatchBands, MAX_EVALUATIONS_PER_DISPATCH } from '../src/engine/landscape-plan.js';
import {
  createSweepEngine,
  F32RangeError,
  GpuError,
  type GpuLandscapeSpec,
  gpuLandscapeLimits,
  type LandscapeGeometryName,
  landscapeGeometries,
  landscapeModule,
  PEAK_FLOPS_PER_ITERATION,
  peakKernelSource,
  type SweepEngine,
  termFunction,
} from '../src/index.js';
import { gpu, hasAdapter } from './helpers/gpu.js';
import { hardDataset } from './helpers/landscape-data.js';
import { judgeLandscape } from './helpers/landscape-judge.js';
import { coreAtF32 } from './helpers/landscape-reference.js';

const f = Math.fround;

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Failures of a GPU landscape against core at the same f32 inputs, by the parity test's rule. */
function mismatches(gpuData: ArrayLike<number>, spec: GpuLandscapeSpec): string[] {
  const output = spec.output === undefined || spec.output === 'value' ? 'value' : spec.output.partial;
  return judgeLandscape(spec.loss, output, gpuData, coreAtF32(spec as LandscapeSpec)).failures.slice(0, 5);
}

const line: { x: Float64Array; y: Float64Array; weight: Float64Array } = {
  x: Float64Array.from({ length: 300 }, (_, i) => f(-2 + (4 * i) / 299)),
  y: Float64Array.from({ length: 300 }, (_, i) => f(1.5 * (-2 + (4 * i) / 299) + 0.3 + 0.4 * Math.sin(i))),
  weight: new Float64Array(300).fill(1),
};

const mseSpec = (over: Partial<GpuLandscapeSpec> = {}): GpuLandscapeSpec => ({
  loss: 'mse',
  data: line,
  w: { min: -1, max: 4, size: 21 },
  b: { min: -2, max: 2, size: 9 },
  ...over,
});

describe('dispatch bands', () => {
  it('keeps each dispatch within its evaluation budget, in whole workgroup rows', () => {
    expect(dispatchBands(37, 64, 1000, 16)).toEqual([{ row: 0, rows: 37 }]);
    const bands = dispatchBands(4096, 4096, 10_000, 16);
    expect(bands.reduce((s, b) => s + b.rows, 0)).toBe(4096);
    for (const b of bands.slice(0, -1)) {
      expect(b.rows % 16).toBe(0);
      expect(b.rows * 4096 * 10_000).toBeLessThanOrEqual(MAX_EVALUATIONS_PER_DISPATCH);
    }
    expect(bands.every((b, k) => k === 0 || b.row === bands[k - 1]!.row + bands[k - 1]!.rows)).toBe(true);
    // A row alone beyond the budget still gets a dispatch of its own.
    expect(dispatchBands(3, 65536, 2 ** 20, 16)).toEqual([
      { row: 0, rows: 1 },
      { row: 1, rows: 1 },
      { row: 2, rows: 1 },
    ]);
  });
});

describe('landscape WGSL', () => {
  it('is generated from core’s model term, hyperparameters from the uniforms, the sum guarded against reassociation', () => {
    const huber = termFunction(getLoss('huber'), 'w');
    expect(huber.name).toBe('huber_term_d_w');
    expect(huber.source).toMatch(/^\/\/ Huber \(huber\), ∂\/∂w of one data point's term/);
    expect(huber.source).toContain('fn huber_term_d_w(m_w: f32, m_b: f32, m_x: f32, m_y: f32) -> f32 {');
    expect(huber.source).toContain('params.hyper[0].x'); // δ
    const module = landscapeModule({
      loss: getLoss('huber'),
      output: 'w',
      geometry: 'wide',
      regimes: 'branch',
    });
    // Every intermediate of TwoSum passes through the opaque XOR, so fast-math cannot fold the error away.
    expect(module).toContain('let t = ll_opaque(acc.x + v);');
    expect(module).toContain('let bv = ll_opaque(t - acc.x);');
    expect(module).toContain('let e = ll_opaque(acc.x - (t - bv)) + (v - bv);');
    expect(module).toMatch(/var<workgroup> points: array<vec4<f32>, 256>;/);
    expect(module.match(/huber_term_d_w\(w\d, b, p\.x, p\.y\)/g)).toHaveLength(4);
  });

  it('puts no user text in a custom loss’s shader', () => {
    const mine = customLoss({
      id: 'my_robust',
      name: 'Secret Name',
      formula: 'softness^2 * log(1 + (residual/softness)^2)',
      variables: [
        { name: 'residual', role: 'data', domain: 'real', range: [-5, 5] },
        { name: 'softness', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.1, 10] },
      ],
      form: 'residual',
    });
    const module = landscapeModule({ loss: mine, output: 'value', geometry: 'cell', regimes: 'branch' });
    for (const text of ['Secret', 'residual', 'softness']) expect(module).not.toContain(text);
    expect(module).toContain('fn my_robust_term_value(');
    expect(module).toContain('slot 0');
  });

  it('matches its snapshot (huber ∂/∂w, 4 cells per invocation)', async () => {
    const module = landscapeModule({
      loss: getLoss('huber'),
      output: 'w',
      geometry: 'wide',
      regimes: 'branch',
    });
    await expect(module).toMatchFileSnapshot('__snapshots__/landscape_huber_d_w_wide.wgsl');
  });
});

describe.skipIf(!hasAdapter)('GPU landscape (WebGPU)', async () => {
  const engines: SweepEngine[] = [];
  const engine: SweepEngine = hasAdapter ? await createSweepEngine({ gpu }) : (undefined as never);
  engines.push(engine);
  afterAll(() => {
    for (const e of engines) e.destroy();
  });

  it('gives core’s result shape, f32 values within 1e-5 of core, and its stats', async () => {
    const spec = mseSpec({ output: { partial: 'w' } });
    const result = await engine.landscape(spec);
    const cpu = landscape(spec as LandscapeSpec);
    expect(result.data).toBeInstanceOf(Float32Array);
    expect(result.data.length).toBe(21 * 9);
    expect(result.x.variable).toBe('w');
    expect(result.y.variable).toBe('b');
    expect(result.x.coords).toEqual(cpu.x.coords);
    expect(result.y.coords).toEqual(cpu.y.coords);
    expect(result.spec).toEqual(cpu.spec);
    expect(result.model.loss.id).toBe('mse');
    expect(result.model.n).toBe(300);
    expect(mismatches(result.data, spec)).toEqual([]);
    expect({ min: result.min, max: result.max, finiteCount: result.finiteCount }).toEqual({
      min: sweepStats(result.data).min,
      max: sweepStats(result.data).max,
      finiteCount: 21 * 9,
    });

    const held = engine.landscapeToBuffer(spec);
    expect(held.tiles).toHaveLength(1);
    expect(held.buffer).toBe(held.tiles[0]!.buffer);
    expect(held.tiles[0]!.byteLength).toBe(21 * 9 * 4);
    expect(held.buffer.usage & GPUBufferUsage.STORAGE).toBeTruthy();
    expect(await held.read()).toEqual(result.data);
    expect(await held.stats()).toEqual(sweepStats(result.data));
    held.release();
    expect(() => held.read()).toThrow(/after release/);
  });

  it('throws core’s RangeErrors, word for word, before any GPU work', async () => {
    const bad: [string, Record<string, unknown>][] = [
      ['no model form', { loss: 'softmax_ce' }],
      ['unknown loss', { loss: 'nope' }],
      ['column length', { data: { x: [1, 2], y: [1] } }],
      ['non-finite x', { data: { x: [1, Number.NaN], y: [1, 2] } }],
      ['label outside its set', { loss: 'logistic', data: { x: [1, 2], y: [0, 2] } }],
      ['negative weight', { data: { x: [1, 2], y: [1, 2], weight: [1, -1] } }],
      ['all weights zero', { data: { x: [1, 2], y: [1, 2], weight: [0, 0] } }],
      ['empty dataset', { data: { x: [], y: [] } }],
      ['l2 < 0', { l2: -1 }],
      ['hyperparameter outside its domain', { loss: 'huber', params: { delta: -1 } }],
      ['unknown parameter', { params: { nope: 1 } }],
      ['data variable as a parameter', { params: { r: 1 } }],
      ['unknown reduction', { reduction: 'median' }],
      ['axis min > max', { w: { min: 2, max: 1, size: 4 } }],
      ['axis size', { b: { min: 0, max: 1, size: 0 } }],
      ['log axis at 0', { w: { min: 0, max: 1, size: 4, scale: 'log' } }],
      ['unknown output', { output: { partial: 'x' } }],
    ];
    const before = engine.memory();
    for (const [what, over] of bad) {
      const spec = { ...mseSpec(), ...over } as LandscapeSpec;
      let expected: unknown;
      try {
        // core's landscape with the GPU's limits (larger axes and grids; its own work limit is checked apart).
        landscape(spec, { limits: { ...gpuLandscapeLimits, maxWork: Number.POSITIVE_INFINITY } });
      } catch (e) {
        expected = e;
      }
      expect(expected, what).toBeInstanceOf(RangeError);
      expect(() => engine.landscapeToBuffer(spec as GpuLandscapeSpec), what).toThrow(
        (expected as Error).message,
      );
      const error = await rejection(engine.landscape(spec as GpuLandscapeSpec));
      expect(error, what).toBeInstanceOf(RangeError);
      expect((error as Error).message, what).toBe((expected as Error).message);
    }
    const after = engine.memory();
    expect(after.datasetBytesWritten).toBe(before.datasetBytesWritten);
    expect(after.liveBuffers).toBe(before.liveBuffers);
  });

  it('has the GPU’s own work limit, named as the GPU’s', () => {
    const many = { x: new Float64Array(20_000), y: new Float64Array(20_000) };
    const spec = mseSpec({
      data: many,
      w: { min: 0, max: 1, size: 16384 },
      b: { min: 0, max: 1, size: 16384 },
    });
    expect(() => engine.landscapeToBuffer(spec)).toThrow(
      /mse: landscape of 16384×16384 points over 20000 data points is 5368709120000 evaluations, beyond the GPU limit of 4398046511104/,
    );
    // Beyond the CPU's limit is fine on the GPU.
    expect(() => landscape({ ...spec, w: { min: 0, max: 1, size: 512 } } as LandscapeSpec)).toThrow(
      /CPU limit/,
    );
  });

  it('refuses inputs outside f32’s normal range, naming the loss, the column or variable and the range', () => {
    const range =
      /outside the GPU's f32 range \(0 or a magnitude from 1\.1754944e-38 \(2\^-126\) to 3\.4028235e38\)/;
    const tiny = { ...line, x: Float64Array.from(line.x, (v, i) => (i === 7 ? 1e-40 : v)) };
    expect(() => engine.landscapeToBuffer(mseSpec({ data: tiny }))).toThrow(F32RangeError);
    expect(() => engine.landscapeToBuffer(mseSpec({ data: tiny }))).toThrow(
      /^mse: column x, index 7: x = 1e-40 is outside/,
    );
    expect(() => engine.landscapeToBuffer(mseSpec({ data: tiny }))).toThrow(range);
    const huge = { ...line, y: Float64Array.from(line.y, (v, i) => (i === 3 ? 1e39 : v)) };
    expect(() => engine.landscapeToBuffer(mseSpec({ data: huge }))).toThrow(
      /^mse: column y, index 3: y = 1e\+39/,
    );
    const light = { ...line, weight: Float64Array.from(line.weight, (v, i) => (i === 2 ? 1e-45 : v)) };
    expect(() => engine.landscapeToBuffer(mseSpec({ data: light }))).toThrow(/column weight, index 2/);
    expect(() =>
      engine.landscapeToBuffer(mseSpec({ w: { min: 1e-40, max: 1, size: 5, scale: 'log' } })),
    ).toThrow(/mse: axis x \(w from 1e-40 to 1\): w = 1e-40 is outside the GPU's f32 range/);
    expect(() => engine.landscapeToBuffer(mseSpec({ loss: 'huber', params: { delta: 1e-39 } }))).toThrow(
      /huber: delta = 1e-39 is outside the GPU's f32 range/,
    );
    expect(() => engine.landscapeToBuffer(mseSpec({ l2: 1e-40 }))).toThrow(/mse: l2 = 1e-40 is outside/);
    expect(() => engine.createDataset({ x: [1, 1e-300], y: [1, 2] })).toThrow(
      /^landscape dataset: column x, index 1: x = 1e-300 is outside the GPU's f32 range/,
    );
    // The edges of the range are computed, not refused.
    expect(() => engine.landscapeToBuffer(mseSpec({ l2: 2 ** -126 })).release()).not.toThrow();
  });

  it('uploads a plain dataset once and finds it again by content; a moved point rewrites 16 bytes', async () => {
    const e = await createSweepEngine({ gpu });
    engines.push(e);
    const data = { x: Float64Array.from(line.x), y: Float64Array.from(line.y) };
    const first = await e.landscape(mseSpec({ data }));
    expect(e.memory().datasetBytesWritten).toBe(300 * 16);
    expect(e.memory().cachedDatasets).toBe(1);
    // The same arrays, and new arrays with the same content, another loss, another output: no upload.
    await e.landscape(mseSpec({ data }));
    await e.landscape(
      mseSpec({ data: { x: Array.from(data.x), y: Array.from(data.y) }, output: { partial: 'b' } }),
    );
    await e.landscape(mseSpec({ loss: 'huber', data: { ...data } }));
    expect(e.memory().datasetBytesWritten).toBe(300 * 16);
    // Drag point 17: one point's bytes, and the landscape is that of the new data.
    data.x[17] = f(0.5);
    data.y[17] = f(9);
    const moved = await e.landscape(mseSpec({ data }));
    expect(e.memory().datasetBytesWritten).toBe(300 * 16 + 16);
    expect(e.memory().cachedDatasets).toBe(1);
    expect(moved.data).not.toEqual(first.data);
    const fresh = await createSweepEngine({ gpu });
    engines.push(fresh);
    expect((await fresh.landscape(mseSpec({ data }))).data).toEqual(moved.data);
    fresh.destroy();
    // Another dataset (another size): a second upload; a few more evict the least recently used.
    await e.landscape(mseSpec({ data: { x: [1, 2, 3], y: [1, 2, 4] } }));
    expect(e.memory().cachedDatasets).toBe(2);
    for (let k = 0; k < 4; k++) {
      const x = Array.from({ length: k + 4 }, (_, i) => i);
      await e.landscape(mseSpec({ data: { x, y: x }, w: { min: 0, max: 1, size: 3 } }));
    }
    expect(e.memory().cachedDatasets).toBe(4);
    // The changed points of a rewritten dataset are written, not the dataset.
    const written = e.memory().datasetBytesWritten;
    const wide = { x: Array.from(data.x), y: Array.from(data.y) };
    wide.y[0] = 5;
    wide.y[1] = 6;
    wide.y[299] = 7;
    await e.landscape(mseSpec({ data: wide }));
    expect(e.memory().datasetBytesWritten - written).toBe(300 * 16); // evicted above: uploaded anew
    wide.y[100] = 8;
    await e.landscape(mseSpec({ data: wide }));
    expect(e.memory().datasetBytesWritten - written).toBe(300 * 16 + 16);
    // Pipelines: mse value and ∂b, huber value, and the stats kernel; data, axes and l2 never recompile.
    expect(e.memory().pipelines).toBe(4);
  });

  it('holds a dataset as a handle: set() moves a point in place, in order with the work in flight', async () => {
    const dataset = engine.createDataset(line);
    const start = engine.memory().datasetBytesWritten;
    const spec = mseSpec({ data: dataset });
    const before = await engine.landscape(spec);
    expect(before.data).toEqual((await engine.landscape(mseSpec())).data);
    // In flight: submitted before the point moves, it sees the old point.
    const inFlight = engine.landscapeToBuffer(spec);
    expect(inFlight.dataset).toBe(dataset);
    expect(inFlight.datasetVersion).toBe(dataset.version);
    dataset.set(17, 0.5, 9);
    expect(dataset.version).toBe(inFlight.datasetVersion + 1);
    expect(engine.memory().datasetBytesWritten - start).toBe(16);
    expect(await inFlight.read()).toEqual(before.data);
    inFlight.release();
    const after = await engine.landscape(spec);
    const moved = {
      x: Float64Array.from(line.x, (v, i) => (i === 17 ? 0.5 : v)),
      y: Float64Array.from(line.y, (v, i) => (i === 17 ? 9 : v)),
    };
    expect(after.data).toEqual((await engine.landscape(mseSpec({ data: moved }))).data);
    expect(mismatches(after.data, mseSpec({ data: moved }))).toEqual([]);
    // A weight of 0 leaves the point out; update() writes the points that changed.
    dataset.set(17, 0.5, 9, 0);
    expect(dataset.data.weight[17]).toBe(0);
    expect(dataset.update({ ...line, weight: line.weight })).toBe(1);
    expect((await engine.landscape(spec)).data).toEqual(before.data);
    expect(dataset.update(line)).toBe(0);
    // Bad points are refused, naming what is wrong; nothing is written.
    const written = engine.memory().datasetBytesWritten;
    expect(() => dataset.set(300, 0, 0)).toThrow(/point index 300 is not an integer in \[0, 299\]/);
    expect(() => dataset.set(1, Number.NaN, 0)).toThrow(/column x has NaN at index 1/);
    expect(() => dataset.set(1, 0, 0, -1)).toThrow(
      /column weight has -1 at index 1; every weight must be a finite number ≥ 0/,
    );
    expect(() => dataset.set(1, 1e-40, 0)).toThrow(F32RangeError);
    expect(() => dataset.update({ x: [1], y: [1] })).toThrow(/update\(\) needs 300 points, got 1/);
    expect(engine.memory().datasetBytesWritten).toBe(written);
    // Labels are the loss's business: checked by core on every landscape, from the dataset's own copy.
    const labels = engine.createDataset({ x: [1, 2, 3, 4, 5], y: [0, 1, 0, 1, 1] });
    expect((await engine.landscape(mseSpec({ loss: 'logistic', data: labels }))).finiteCount).toBe(21 * 9);
    labels.set(4, 0.1, 2.5);
    await expect(engine.landscape(mseSpec({ loss: 'logistic', data: labels }))).rejects.toThrow(
      /logistic: column y has 2\.5 at index 4, outside its domain \{0, 1\}/,
    );
    expect((await engine.landscape(mseSpec({ data: labels }))).finiteCount).toBe(21 * 9);
    labels.release();
    dataset.release();
    expect(() => dataset.set(1, 0, 0)).toThrow(/after release/);
    expect(() => engine.landscapeToBuffer(spec)).toThrow(/was released/);
    const other = await createSweepEngine({ gpu });
    engines.push(other);
    const foreign = other.createDataset(line);
    expect(() => engine.landscapeToBuffer(mseSpec({ data: foreign }))).toThrow(/belongs to another engine/);
  });

  it('adds zero-weight points as exactly 0, even where their term overflows f32', async () => {
    const data = {
      x: [1, 2, 3, 1e30, -1e30],
      y: [1, 2, 2, 0, 1e30],
      weight: [1, 2, 1, 0, 0],
    };
    const spec = mseSpec({ data, output: { partial: 'w' } });
    const result = await engine.landscape(spec);
    expect(result.finiteCount).toBe(21 * 9);
    expect(mismatches(result.data, spec)).toEqual([]);
  });

  it('keeps a 100 000-point total to f32 accuracy (compensated; a plain f32 sum is off by 1e-3 here)', async () => {
    // One term of 10⁸ first, then 99 999 terms of 1: each 1 is below half an ulp of 10⁸.
    const n = 100_000;
    const y = new Float64Array(n).fill(1);
    y[0] = 1e4;
    const data = { x: new Float64Array(n), y };
    for (const size of [1, 70]) {
      const spec = mseSpec({
        data,
        reduction: 'sum',
        w: { min: -1, max: 1, size },
        b: { min: 0, max: 0, size: 1 },
      });
      const result = await engine.landscape(spec);
      // r = b − y at x = 0: every cell's total is 10⁸ + 99 999.
      for (const v of result.data) expect(Math.abs(v - (1e8 + 99_999)) / (1e8 + 99_999)).toBeLessThan(1e-7);
      let plain = Math.fround(0);
      for (let i = 0; i < n; i++) plain = Math.fround(plain + Math.fround(y[i]! * y[i]!));
      expect(Math.abs(plain - (1e8 + 99_999)) / 1e8).toBeGreaterThan(5e-4);
    }
  });

  it('redoes a sum that overflowed f32 whose mean does not, and gives ±∞ where core’s total is beyond f32', async () => {
    // 20 000 residuals of about −1e35 at x = 10: each term's ∂/∂w = 2r·x ≈ −2e36, their sum
    // ≈ −4e40 is beyond f32 (the overflow pass), their mean is not; r² ≈ 1e70 is ∞ in f32 and in
    // core's total alike.
    const n = 20_000;
    const data = {
      x: new Float64Array(n).fill(10),
      y: Float64Array.from({ length: n }, (_, i) => f(1e35 * (1 + i / n))),
    };
    const grid = { w: { min: -1, max: 1, size: 5 }, b: { min: -1, max: 1, size: 3 } };
    const dw = mseSpec({ data, ...grid, output: { partial: 'w' } });
    const mean = await engine.landscape(dw);
    expect(mean.finiteCount).toBe(15);
    expect(mean.max).toBeLessThan(-1e36);
    expect(mismatches(mean.data, dw)).toEqual([]);
    const sum = await engine.landscape({ ...dw, reduction: 'sum' });
    expect(sum.negInfCount).toBe(15);
    expect(Math.fround(coreAtF32({ ...dw, reduction: 'sum' } as LandscapeSpec).values[0]!)).toBe(
      Number.NEGATIVE_INFINITY,
    );
    const value = await engine.landscape({ ...dw, output: 'value' });
    expect(value.posInfCount).toBe(15);
    // Positive terms: 20 000 of about 2.25e36 overflow as a sum (4.5e40), not as a mean.
    const positive = { x: new Float64Array(n).fill(1), y: Float64Array.from(data.y, (v) => f(-v / 6.6e16)) };
    const squares = mseSpec({ data: positive, ...grid });
    const meanSquares = await engine.landscape(squares);
    expect(meanSquares.finiteCount).toBe(15);
    expect(meanSquares.min).toBeGreaterThan(1e36);
    expect(mismatches(meanSquares.data, squares)).toEqual([]);
    expect((await engine.landscape({ ...squares, reduction: 'sum' })).posInfCount).toBe(15);
  });

  it('gives the same landscape with every geometry (partial workgroups on both axes)', async () => {
    const spec = mseSpec({
      loss: 'logistic',
      data: hardDataset('label', 700, true, 3),
      w: { min: -3, max: 3, size: 70 },
      b: { min: -3, max: 3, size: 37 },
      output: { partial: 'b' },
      l2: 0.5,
    });
    const results: Record<string, Float32Array> = {};
    for (const geometry of Object.keys(landscapeGeometries) as LandscapeGeometryName[]) {
      const e = await createSweepEngine({ gpu, landscapeGeometry: geometry });
      engines.push(e);
      results[geometry] = (await e.landscape(spec)).data;
      e.destroy();
      expect(mismatches(results[geometry]!, spec), geometry).toEqual([]);
    }
  });

  it('tiles a grid taller than one binding into row tiles, same values', async () => {
    const small = await createSweepEngine({ gpu, maxBindingBytes: 4096 });
    engines.push(small);
    // 64 columns × 4 bytes: 16 rows per 4096-byte tile; 50 rows are 4 tiles.
    const data = { x: line.x.subarray(0, 200), y: line.y.subarray(0, 200) };
    const spec = mseSpec({ data, w: { min: -1, max: 4, size: 64 }, b: { min: -2, max: 2, size: 50 } });
    const held = small.landscapeToBuffer(spec);
    expect(held.tiles.map((t) => [t.row0, t.rows])).toEqual([
      [0, 16],
      [16, 16],
      [32, 16],
      [48, 2],
    ]);
    const tiled = await held.read();
    const stats = await held.stats();
    held.release();
    const whole = await engine.landscape(spec);
    expect(tiled).toEqual(whole.data);
    expect(stats).toEqual(sweepStats(whole.data));
    // A dataset beyond one binding is refused before any upload.
    expect(() => small.createDataset({ x: new Float64Array(300), y: new Float64Array(300) })).toThrow(
      /300 points \(4800 bytes at 16 per point\) exceed the GPU's binding limit of 4096 bytes/,
    );
  });

  it('takes a custom loss with a form, like core', async () => {
    const mine = customLoss({
      id: 'my_cauchy',
      name: 'My Cauchy',
      formula: '0.5 * c^2 * log(1 + (r/c)^2)',
      variables: [
        { name: 'r', role: 'data', domain: 'real', range: [-5, 5] },
        { name: 'c', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.1, 10], scale: 'log' },
      ],
      form: 'residual',
    });
    const spec = mseSpec({ loss: mine, params: { c: 0.7 }, output: { partial: 'w' } });
    const result = await engine.landscape(spec);
    expect(result.model.loss).toBe(mine);
    expect(mismatches(result.data, spec)).toEqual([]);
  });

  it('times the f32 arithmetic baseline the bench divides landscape flops by', async () => {
    const t = await engine.timeArithmetic({ invocations: 512, iterations: 8 }, { repetitions: 2, batch: 2 });
    expect(t.flops).toBe(512 * 8 * PEAK_FLOPS_PER_ITERATION);
    expect(t.medianMs).toBeGreaterThan(0);
    expect(t.batched?.runs).toBe(2);
    expect(peakKernelSource).toMatch(/x7 = fma\(x7, params\.a, params\.c\);/);
    await expect(engine.timeArithmetic({ invocations: 0, iterations: 8 })).rejects.toThrow(
      /invocations must be/,
    );
  });

  it('reports a device lost mid-landscape, refuses later work, and a new engine works', async () => {
    const e = await createSweepEngine({ gpu });
    engines.push(e);
    const dataset = e.createDataset(hardDataset('residual', 2000, false));
    const pending = e.landscape(
      mseSpec({ data: dataset, w: { min: -1, max: 1, size: 64 }, b: { min: -1, max: 1, size: 64 } }),
    );
    e.device.destroy();
    const error = (await rejection(pending)) as GpuError;
    expect(error).toBeInstanceOf(GpuError);
    expect(error.kind).toBe('device-lost');
    expect(((await rejection(e.landscape(mseSpec()))) as GpuError).kind).toBe('device-lost');
    expect(() => e.createDataset(line)).toThrow(GpuError);
    expect(() => dataset.set(0, 1, 1)).toThrow(GpuError);
    expect(e.memory().liveBytes).toBe(0);
    const again = await createSweepEngine({ gpu });
    engines.push(again);
    expect((await again.landscape(mseSpec())).finiteCount).toBe(21 * 9);
  });

  it('reports a validation error (a dataset buffer destroyed behind the engine’s back) and keeps working', async () => {
    const e = await createSweepEngine({ gpu });
    engines.push(e);
    const dataset = e.createDataset(line);
    await e.landscape(mseSpec({ data: dataset }));
    dataset.buffer.destroy();
    const error = (await rejection(e.landscape(mseSpec({ data: dataset })))) as GpuError;
    expect(error).toBeInstanceOf(GpuError);
    expect(error.kind).toBe('validation');
    expect(error.reason).toMatch(/destroyed/i);
    expect((await e.landscape(mseSpec())).finiteCount).toBe(21 * 9);
  });

  it('turns out-of-memory into GpuError("out-of-memory") and keeps working', async () => {
    const real = await createSweepEngine({ gpu });
    engines.push(real);
    const device = real.device;
    const scopes: GPUErrorFilter[] = [];
    let failNext = 0;
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
            if (filter === 'out-of-memory' && failNext > 0) {
              failNext--;
              return { message: 'simulated: not enough memory for the grid' };
            }
            return error;
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const e = await createSweepEngine({ device: proxy, gpu });
    engines.push(e);
    // The first scope is the dataset's upload, the second the landscape's.
    failNext = 1;
    const error = (await rejection(e.landscape(mseSpec()))) as GpuError;
    expect(error.kind).toBe('out-of-memory');
    expect(error.reason).toMatch(/not enough memory/);
    const timed = await e.timeLandscape(mseSpec(), { repetitions: 2 });
    expect(timed.medianMs).toBeGreaterThan(0);
    expect((await e.landscape(mseSpec())).finiteCount).toBe(21 * 9);
  });
});
