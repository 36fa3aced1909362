/** The flop count behind each GPU landscape row's fraction of the f32 peak. */
import { getLoss } from '@losslab/core';
import { landscapeModule, termFunction } from '@losslab/gpu';
import { describe, expect, it } from 'vitest';
import { functionFlops, landscapeFlopsPerEval, wgslFunctions } from '../src/flops.js';
import { spread } from '../src/landscape-measure.js';
import { tablePeak } from '../src/peak.js';

const synthetic = `fn helper(x: f32) -> f32 {
  // a comment: 1 + 2 * 3 is not counted
  if (x > 1.0) { return x * x * x; }
  let y = x + 1.0e-7;
  return y / 2.0;
}

fn branchy(a: f32, b: f32) -> f32 {
  var t: f32;
  if (a < b) {
    t = a - b;
  } else {
    t = helper(a) + helper(b) * 2.0;
  }
  let u = select(t, -t, a > 0.0) + abs(b);
  return u;
}
`;

describe('flops per evaluation', () => {
  it('counts + − × ÷ along the costlier path, helpers at each call, not comments, unary minus or select', () => {
    expect([...wgslFunctions(synthetic).keys()]).toEqual(['helper', 'branchy']);
    // helper: max(x·x·x = 2, (x + 1e-7 = 1) + (y / 2 = 1)) = 2
    expect(functionFlops(synthetic, 'helper')).toBe(2);
    // branchy: max(a − b = 1, helper + helper·2 = 2 + 2 + 2) + (select … + abs = 1) = 7
    expect(functionFlops(synthetic, 'branchy')).toBe(7);
    expect(functionFlops(synthetic, 'missing')).toBe(0);
  });

  it('counts the generated landscape: mse is (w·x + b − y)² plus the sum’s 7 and the weight', () => {
    const mse = getLoss('mse');
    const module = landscapeModule({ loss: mse, output: 'value', geometry: 'wide', regimes: 'branch' });
    expect(functionFlops(module, 'll_accumulate')).toBe(7);
    const term = functionFlops(module, termFunction(mse, 'value').name);
    expect(term).toBe(4); // w·x, + b, − y, the square
    expect(landscapeFlopsPerEval(module, termFunction(mse, 'value').name)).toBe(12);
    const focal = getLoss('focal');
    const focalModule = landscapeModule({
      loss: focal,
      output: 'value',
      geometry: 'wide',
      regimes: 'branch',
    });
    // exp, log1p and pow through the prelude: an order of magnitude more than mse.
    expect(landscapeFlopsPerEval(focalModule, termFunction(focal, 'value').name)).toBeGreaterThan(100);
  });

  it('finds datasheet peaks by the adapter’s name, and spreads sample indices evenly', () => {
    expect(tablePeak('NVIDIA H100 80GB HBM3 (nvidia: 580.159.04)')).toEqual({
      name: 'NVIDIA H100 SXM',
      flopsPerSec: 67e12,
    });
    expect(tablePeak('NVIDIA H200')?.flopsPerSec).toBe(67e12);
    expect(tablePeak('NVIDIA H100 PCIe')?.name).toBe('NVIDIA H100 PCIe');
    expect(tablePeak('SwiftShader driver 5.0.0')).toBeUndefined();
    expect(spread(16, 4)).toEqual([0, 5, 10, 15]);
    expect(spread(3, 16)).toEqual([0, 1, 2]);
  });
});
