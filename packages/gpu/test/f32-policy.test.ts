/**
 * The GPU path's f32 input policy (loss-catalog.md, "The GPU path (f32)"):
 * nonzero magnitudes below 2^-126 and beyond FLT_MAX are refused with a
 * RangeError naming the loss, the variable and the f32 range — batch points,
 * fixed variables and every sweep coordinate — before any GPU work; the
 * edges of the range itself are accepted and computed right.
 */
import { evaluate, evaluateBatch } from '@losslab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveBatch } from '../src/engine/batch.js';
import { planLineGrid, planSweep } from '../src/engine/plan.js';
import {
  createSweepEngine,
  F32_MAX,
  F32_MIN_NORMAL,
  F32RangeError,
  isF32Representable,
} from '../src/index.js';
import { gpu, hasAdapter } from './helpers/gpu.js';

const RANGE =
  /outside the GPU's f32 range \(0 or a magnitude from 1\.1754944e-38 \(2\^-126\) to 3\.4028235e38\)/;

describe('the f32 input policy', () => {
  it('accepts 0 and every normal f32 magnitude, refuses the rest', () => {
    for (const x of [0, -0, F32_MIN_NORMAL, -F32_MIN_NORMAL, 1, F32_MAX, -F32_MAX, 3.4028235e38])
      expect(isF32Representable(x), String(x)).toBe(true);
    for (const x of [1.4e-45, -1e-40, 2 ** -127, 5e-324, 1e-300, 3.5e38, -1e39, 1e300])
      expect(isF32Representable(x), String(x)).toBe(false);
  });

  it('refuses batch points and scalars, naming the loss, the variable, the index and the range', () => {
    expect(() => resolveBatch('bce', { p: [0.5, 1.4e-45], y: 1 })).toThrow(F32RangeError);
    expect(() => resolveBatch('bce', { p: [0.5, 1.4e-45], y: 1 })).toThrow(
      /^bce: column p, index 1: p = 1\.4e-45 is outside the GPU's f32 range/,
    );
    expect(() => resolveBatch('gaussian_nll', { r: [1], var: 1.4e-45 })).toThrow(
      /gaussian_nll: var = 1\.4e-45/,
    );
    expect(() => resolveBatch('mse', { r: [1e39] })).toThrow(RANGE);
    // A RangeError, as the contract says; core's own domain errors come first.
    expect(() => resolveBatch('bce', { p: [1e-40] })).toThrow(RangeError);
    expect(() => resolveBatch('bce', { p: [-1e-40] })).toThrow(
      /bce: p = -1e-40 is outside its domain \[0, 1\]/,
    );
    expect(() => resolveBatch('bce', { p: [0, F32_MIN_NORMAL, 1], y: 1 })).not.toThrow();
  });

  it('refuses sweep axes whose coordinates include such values, and fixed variables', () => {
    const focal = {
      loss: 'focal',
      x: { variable: 'pt', min: 1e-40, max: 1, size: 64, scale: 'log' as const },
      y: { variable: 'gamma', min: 0, max: 5, size: 8 },
    };
    expect(() => planSweep(focal)).toThrow(F32RangeError);
    expect(() => planSweep(focal)).toThrow(/^focal: axis x \(pt from 1e-40 to 1\): pt = 1e-40 is outside/);
    // Only coordinates count: an axis from 2^-126 up is fine, and so is one through 0.
    expect(() => planSweep({ ...focal, x: { ...focal.x, min: F32_MIN_NORMAL } })).not.toThrow();
    expect(() =>
      planSweep({ loss: 'mse_prob', x: { variable: 'p', min: 0, max: 1, size: 5 }, y: focal.y as never }),
    ).toThrow(/unknown variable 'gamma'/);
    const wide = { variable: 'r', min: -1e308, max: 1e308, size: 3 };
    expect(() =>
      planSweep({ loss: 'huber', x: wide, y: { variable: 'delta', min: 1, max: 2, size: 2 } }),
    ).toThrow(/huber: axis x \(r from -1e\+308 to 1e\+308\): r = -1e\+308 is outside the GPU's f32 range/);
    expect(() =>
      planSweep({
        loss: 'huber',
        x: { variable: 'r', min: -1, max: 1, size: 3 },
        y: { variable: 'delta', min: 1e-45, max: 1, size: 3 },
      }),
    ).toThrow(/axis y \(delta from 1e-45 to 1\)/);
    expect(() => planSweep({ ...focal, x: { ...focal.x, min: 0.1 }, fixed: { alpha: 1e-39 } })).toThrow(
      /^focal: alpha = 1e-39 is outside the GPU's f32 range/,
    );
    expect(() => planLineGrid({ loss: 'mse', x: { variable: 'r', min: -1e39, max: 0, size: 4 } })).toThrow(
      RANGE,
    );
  });
});

describe.skipIf(!hasAdapter)('the f32 input policy on the GPU (WebGPU)', async () => {
  const engine = hasAdapter ? await createSweepEngine({ gpu }) : (undefined as never);
  afterAll(() => engine?.destroy());

  it('refuses before any GPU work, and computes the edges of the range right', async () => {
    const before = engine.memory().liveBuffers;
    await expect(engine.evaluateBatch('bce', { p: [1.4e-45], y: 1 })).rejects.toThrow(F32RangeError);
    await expect(engine.evaluateBatch('gaussian_nll', { r: [1], var: [1.4e-45] })).rejects.toThrow(RANGE);
    expect(engine.memory().liveBuffers).toBe(before);
    // bce at the smallest normal p: −log(2^-126) = 87.3, not +∞ (a flushed p would be 0).
    const p = [F32_MIN_NORMAL, 0.5, 1 - 2 ** -24];
    const got = await engine.evaluateBatch('bce', { p, y: 1 });
    const want = evaluateBatch('bce', { p, y: 1 });
    got.forEach((g, k) => {
      expect(Math.abs(g / want[k]! - 1)).toBeLessThan(1e-6);
    });
    expect(got[0]).toBeCloseTo(evaluate('bce', { p: F32_MIN_NORMAL, y: 1 }), 4);
    // FLT_MAX itself is an input: mse's value overflows f32, its partial 2r too (±∞, not NaN).
    const r = [F32_MAX, -F32_MAX];
    expect(Array.from(await engine.evaluateBatch('mse', { r }))).toEqual([
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
    expect(Array.from(await engine.evaluateBatch('mse', { r }, { output: { partial: 'r' } }))).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
  });
});
