import { describe, expect, it } from 'vitest';
import { heatmapContourSegments } from '../../src/render/canvas2d/heatmap-image';
import { contourLevels, marchingSquares } from '../../src/render/contours';

/** Segments as sorted "x0,y0 x1,y1" strings, endpoint order ignored. */
function segments(flat: Float64Array): string[] {
  const out: string[] = [];
  for (let s = 0; s < flat.length; s += 4) {
    const a = `${+flat[s]!.toFixed(6)},${+flat[s + 1]!.toFixed(6)}`;
    const b = `${+flat[s + 2]!.toFixed(6)},${+flat[s + 3]!.toFixed(6)}`;
    out.push([a, b].sort().join(' '));
  }
  return out.sort();
}

describe('marching squares', () => {
  it('draws a diamond around a single peak', () => {
    const v = [0, 0, 0, 0, 1, 0, 0, 0, 0];
    expect(segments(marchingSquares(v, 3, 3, [0.5]))).toEqual(
      ['0.5,1 1,0.5', '1,0.5 1.5,1', '0.5,1 1,1.5', '1,1.5 1.5,1']
        .map((s) => s.split(' ').sort().join(' '))
        .sort(),
    );
  });

  it('interpolates the crossing linearly along edges', () => {
    // Ramp in x: v = 2a over a 3 × 2 grid; level 1 crosses at x = 0.5, level 3 at x = 1.5.
    const v = [0, 2, 4, 0, 2, 4];
    expect(segments(marchingSquares(v, 3, 2, [1, 3]))).toEqual(['0.5,0 0.5,1', '1.5,0 1.5,1']);
  });

  it('resolves saddles by the centre value', () => {
    // Values in [bl, br, tl, tr] order: bl and tr high, br and tl low.
    const high = marchingSquares([1, 0, 0.2, 1], 2, 2, [0.5]);
    expect(segments(high)).toEqual(['0,0.625 0.375,1', '0.5,0 1,0.5']);
    const low = marchingSquares([0.6, 0, 0, 0.6], 2, 2, [0.5]);
    expect(segments(low)).toEqual(['0,0.166667 0.166667,0', '0.833333,1 1,0.833333']);
  });

  it('skips squares with a non-finite corner and flat squares', () => {
    expect(marchingSquares([0, 1, Number.NaN, 1], 2, 2, [0.5]).length).toBe(0);
    expect(marchingSquares([1, 1, 1, 1], 2, 2, [0.5]).length).toBe(0);
  });

  it('spaces N levels evenly inside (0, 1)', () => {
    expect(contourLevels(3)).toEqual([0.25, 0.5, 0.75]);
    expect(contourLevels(0)).toEqual([]);
    expect(contourLevels(-2)).toEqual([]);
  });

  it('places heatmap iso-lines in grid units between cell centres', () => {
    // 4 × 2 grid, v = i; range 0..3 and one level at t = 0.5 ↔ v = 1.5,
    // halfway between the centres of cells 1 (x = 1.5) and 2 (x = 2.5).
    const data = Float32Array.of(0, 1, 2, 3, 0, 1, 2, 3);
    const style = {
      colormap: 'viridis',
      colorScale: 'linear',
      range: { min: 0, max: 3 },
      contours: 1,
    } as const;
    expect(segments(heatmapContourSegments(data, 4, 2, style))).toEqual(['2,0.5 2,1.5']);
    expect(heatmapContourSegments(data, 4, 2, { ...style, contours: 0 }).length).toBe(0);
  });

  it('keeps the segment count light on a large grid', () => {
    const n = 1024;
    const data = new Float32Array(n * n);
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) data[j * n + i] = Math.hypot(i - n / 2, j - n / 2);
    const segs = heatmapContourSegments(data, n, n, {
      colormap: 'magma',
      colorScale: 'linear',
      range: { min: 0, max: n },
      contours: 5,
    });
    const count = segs.length / 4;
    expect(count).toBeGreaterThan(50);
    expect(count).toBeLessThan(2000);
    // The level t = 1/6 is a circle of radius n/6 about the centre.
    const r = Math.hypot(segs[0]! - n / 2 - 0.5, segs[1]! - n / 2 - 0.5);
    expect([1, 2, 3, 4, 5].some((k) => Math.abs(r - (k * n) / 6) < n / 40)).toBe(true);
  });
});
