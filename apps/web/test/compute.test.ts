import { customLoss, getLoss, landscape, sweepStats } from '@losslab/core';
import { describe, expect, it } from 'vitest';
import { landscapeWireSpec } from '../src/compute/cpu-backend';
import { fillBand } from '../src/compute/fill-band';
import { LatestRunner } from '../src/compute/latest-runner';
import { mergeStats, splitRows } from '../src/compute/stats';
import { colorStyleFor } from '../src/views/sweep/spec';

describe('splitRows', () => {
  it('covers every row exactly once in contiguous bands', () => {
    for (const [rows, parts] of [
      [1, 4],
      [7, 3],
      [1024, 3],
      [5, 5],
    ] as const) {
      const bands = splitRows(rows, parts);
      expect(bands.length).toBe(Math.min(rows, parts));
      expect(bands[0]!.rowStart).toBe(0);
      expect(bands[bands.length - 1]!.rowEnd).toBe(rows);
      for (let k = 1; k < bands.length; k++) expect(bands[k]!.rowStart).toBe(bands[k - 1]!.rowEnd);
      const sizes = bands.map((b) => b.rowEnd - b.rowStart);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
});

describe('mergeStats', () => {
  it('equals the statistics of the whole grid', () => {
    const data = [3, Number.POSITIVE_INFINITY, -2, Number.NaN, 7, Number.NEGATIVE_INFINITY, 0.5];
    const parts = [data.slice(0, 2), data.slice(2, 4), [], data.slice(4)].map((part) => sweepStats(part));
    expect(mergeStats(parts)).toEqual(sweepStats(data));
  });
  it('reports NaN bounds when no band has a finite value', () => {
    const merged = mergeStats([sweepStats([Number.POSITIVE_INFINITY]), sweepStats([Number.NaN])]);
    expect(merged.finiteCount).toBe(0);
    expect(merged.min).toBeNaN();
    expect(merged.posInfCount).toBe(1);
  });
});

describe('LatestRunner', () => {
  /** A scheduler the test steps by hand, standing in for requestAnimationFrame. */
  function manualFrames() {
    const queue: (() => void)[] = [];
    return {
      schedule: (callback: () => void) => queue.push(callback),
      frame: () => {
        for (const callback of queue.splice(0)) callback();
      },
    };
  }

  it('runs only the latest request of a frame, one job at a time', async () => {
    const frames = manualFrames();
    const started: number[] = [];
    const done: number[] = [];
    const release: (() => void)[] = [];
    const runner = new LatestRunner<number, number>({
      run: (input) => {
        started.push(input);
        return new Promise((resolve) => release.push(() => resolve(input)));
      },
      done: (result) => done.push(result),
      failed: () => {},
      schedule: frames.schedule,
    });
    runner.request(1);
    runner.request(2);
    runner.request(3);
    frames.frame();
    expect(started).toEqual([3]);
    // While 3 runs, 4 and 5 arrive: only 5 runs next, and only after 3 finishes.
    runner.request(4);
    runner.request(5);
    frames.frame();
    expect(started).toEqual([3]);
    release.shift()!();
    await Promise.resolve();
    await Promise.resolve();
    frames.frame();
    expect(done).toEqual([3]);
    expect(started).toEqual([3, 5]);
    release.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(done).toEqual([3, 5]);
    expect(runner.active).toBe(false);
  });

  it('reports failures and keeps going; stops when told', async () => {
    const frames = manualFrames();
    const failures: unknown[] = [];
    const done: string[] = [];
    const runner = new LatestRunner<string, string>({
      run: async (input) => {
        if (input === 'bad') throw new RangeError('nope');
        return input;
      },
      done: (result) => done.push(result),
      failed: (error) => failures.push(error),
      schedule: frames.schedule,
    });
    runner.request('bad');
    frames.frame();
    await new Promise((r) => setTimeout(r, 0));
    expect(failures).toHaveLength(1);
    runner.request('good');
    frames.frame();
    await new Promise((r) => setTimeout(r, 0));
    expect(done).toEqual(['good']);
    runner.stop();
    runner.request('late');
    frames.frame();
    await new Promise((r) => setTimeout(r, 0));
    expect(done).toEqual(['good']);
  });
});

describe('colorStyleFor', () => {
  const stats = (min: number, max: number) => ({
    min,
    max,
    finiteCount: 10,
    posInfCount: 0,
    negInfCount: 0,
    nanCount: 0,
  });
  const choice = { colormap: 'viridis', colorScale: 'linear', contours: 0 } as const;
  it('uses the finite range of the sweep', () => {
    expect(colorStyleFor(stats(0.5, 4), choice).style.range).toEqual({ min: 0.5, max: 4 });
  });
  it('centres the diverging map on zero', () => {
    expect(colorStyleFor(stats(-1, 3), { ...choice, colormap: 'coolwarm' }).style.range).toEqual({
      min: -3,
      max: 3,
    });
  });
  it('clips a log scale that reaches zero and says so', () => {
    const { style, note } = colorStyleFor(stats(0, 100), { ...choice, colorScale: 'log' });
    expect(style.colorScale).toBe('log');
    expect(style.range.max).toBe(100);
    expect(style.range.min).toBeCloseTo(1e-4, 15);
    expect(note).toMatch(/lowest colour/);
  });
  it('falls back to linear when nothing is positive', () => {
    const { style, note } = colorStyleFor(stats(-5, -1), { ...choice, colorScale: 'log' });
    expect(style.colorScale).toBe('linear');
    expect(note).toMatch(/linear/);
  });
  it('widens a constant sweep so the constant sits mid-map', () => {
    const { range } = colorStyleFor(stats(2, 2), choice).style;
    expect((2 - range.min) / (range.max - range.min)).toBeCloseTo(0.5, 12);
    const log = colorStyleFor(stats(2, 2), { ...choice, colorScale: 'log' }).style.range;
    expect(Math.log(2 / log.min) / Math.log(log.max / log.min)).toBeCloseTo(0.5, 12);
  });
  it('explains a sweep without finite values', () => {
    const { note } = colorStyleFor(
      { ...stats(Number.NaN, Number.NaN), finiteCount: 0, posInfCount: 4 },
      choice,
    );
    expect(note).toMatch(/No finite values/);
  });
});

describe('landscape jobs for the CPU workers', () => {
  it('fill bands that join into core’s landscape (in f32), from a spec that survives structured cloning', () => {
    const spec = {
      loss: getLoss('huber'),
      params: { delta: 0.7 },
      data: { x: [0, 1, 2, 3, 4], y: [1.1, 2.9, 5.2, 7, 30], weight: [1, 1, 2, 1, 0.5] },
      l2: 0.1,
      w: { min: -1, max: 4, size: 33 },
      b: { min: -3, max: 6, size: 21 },
    };
    const wire = structuredClone(landscapeWireSpec(spec));
    expect(wire.spec.loss).toBe('huber');
    expect(wire.custom).toBeUndefined();
    const joined = new Float32Array(33 * 21);
    for (const band of splitRows(21, 3)) {
      const rows = fillBand({ kind: 'landscape', job: 1, ...wire, ...band });
      joined.set(rows, band.rowStart * 33);
    }
    expect(Array.from(joined)).toEqual(Array.from(Float32Array.from(landscape(spec).data)));
  });

  it('refuse bad input with core’s error, naming the column and index', () => {
    const wire = landscapeWireSpec({
      loss: 'mse',
      data: { x: [0, Number.NaN], y: [1, 2] },
      w: { min: 0, max: 1, size: 4 },
      b: { min: 0, max: 1, size: 4 },
    });
    expect(() => fillBand({ kind: 'landscape', job: 1, ...wire, rowStart: 0, rowEnd: 4 })).toThrow(
      /column x has NaN at index 1/,
    );
  });

  it('carry a custom loss as its specification, rebuilt in the worker into the same landscape', () => {
    const def = customLoss({
      id: 'my_sq',
      formula: 'r^2 / 2',
      variables: [{ name: 'r', role: 'data', domain: 'real', range: [-3, 3] }],
      form: 'residual',
    });
    const spec = {
      loss: def,
      data: { x: [0, 1, 2, 3], y: [0.5, 1.5, 2.2, 9] },
      w: { min: -1, max: 3, size: 9 },
      b: { min: -2, max: 2, size: 7 },
    };
    const wire = structuredClone(landscapeWireSpec(spec));
    expect(wire.spec.loss).toBe('my_sq');
    expect(wire.custom?.formula).toBe('r^2 / 2');
    const rows = fillBand({ kind: 'landscape', job: 1, ...wire, rowStart: 0, rowEnd: 7 });
    expect(Array.from(rows)).toEqual(Array.from(Float32Array.from(landscape(spec).data)));
  });
});
