import { describe, expect, it } from 'vitest';
import { fillHeatmapPixels } from '../../src/render/canvas2d/heatmap-image';
import { colormapRgb, INFINITY_MARKER_RGB, NEG_INFINITY_MARKER_RGB } from '../../src/render/colormaps';
import { cellAt } from '../../src/render/grid';
import { classify, resolveScale, scaleT, valueRgb } from '../../src/render/scale';
import type { ColorStyle } from '../../src/render/types';

const linear = (min: number, max: number) => resolveScale({ colorScale: 'linear', range: { min, max } });
const log = (min: number, max: number) => resolveScale({ colorScale: 'log', range: { min, max } });

describe('value → colour-scale position', () => {
  it('maps linearly and clamps finite values outside the range', () => {
    const s = linear(0, 10);
    expect(scaleT(0, s)).toBe(0);
    expect(scaleT(2.5, s)).toBe(0.25);
    expect(scaleT(10, s)).toBe(1);
    expect(scaleT(-4, s)).toBe(0);
    expect(scaleT(1e30, s)).toBe(1);
    expect(scaleT(-1, linear(-2, 2))).toBe(0.25);
  });

  it('maps logarithmically; values ≤ 0 go to the low end', () => {
    const s = log(1, 100);
    expect(scaleT(10, s)).toBeCloseTo(0.5, 12);
    expect(scaleT(1, s)).toBe(0);
    expect(scaleT(100, s)).toBeCloseTo(1, 12);
    expect(scaleT(0.5, s)).toBe(0);
    expect(scaleT(0, s)).toBe(0);
    expect(scaleT(-5, s)).toBe(0);
    expect(scaleT(1e6, s)).toBe(1);
    expect(scaleT(1e-3, log(1e-4, 1e-2))).toBeCloseTo(0.5, 12);
  });

  it('draws an empty range with the middle colour', () => {
    expect(scaleT(3, linear(3, 3))).toBe(0.5);
    expect(scaleT(-100, linear(3, 3))).toBe(0.5);
    expect(scaleT(7, log(7, 7))).toBe(0.5);
  });

  it('falls back to linear when a log range is not positive', () => {
    const s = log(0, 10);
    expect(s.log).toBe(false);
    expect(scaleT(5, s)).toBe(0.5);
  });

  it('classifies infinities and NaN', () => {
    expect(classify(0)).toBe(0);
    expect(classify(-1e38)).toBe(0);
    expect(classify(Number.POSITIVE_INFINITY)).toBe(1);
    expect(classify(Number.NEGATIVE_INFINITY)).toBe(2);
    expect(classify(Number.NaN)).toBe(2);
  });
});

describe('cell colours', () => {
  const style: ColorStyle = {
    colormap: 'viridis',
    colorScale: 'linear',
    range: { min: 0, max: 4 },
    contours: 0,
  };

  it('marks infinities and NaN and colours finite values through the LUT', () => {
    expect(valueRgb(Number.POSITIVE_INFINITY, style)).toEqual(INFINITY_MARKER_RGB);
    expect(valueRgb(Number.NEGATIVE_INFINITY, style)).toEqual(NEG_INFINITY_MARKER_RGB);
    expect(valueRgb(Number.NaN, style)).toEqual(NEG_INFINITY_MARKER_RGB);
    expect(valueRgb(1, style)).toEqual(colormapRgb('viridis', 0.25));
    expect(valueRgb(9, style)).toEqual(colormapRgb('viridis', 1));
  });

  it('fills the image with row 0 at the bottom', () => {
    // 3 × 2 grid: row j = 0 is [0, 1, 2], row j = 1 is [3, +Inf, NaN].
    const data = Float32Array.of(0, 1, 2, 3, Number.POSITIVE_INFINITY, Number.NaN);
    const out = new Uint8ClampedArray(3 * 2 * 4);
    fillHeatmapPixels(data, 3, 2, style, out);
    const px = (x: number, y: number): number[] => [...out.slice((y * 3 + x) * 4, (y * 3 + x) * 4 + 4)];
    expect(px(0, 1)).toEqual([...colormapRgb('viridis', 0), 255]);
    expect(px(2, 1)).toEqual([...colormapRgb('viridis', 0.5), 255]);
    expect(px(0, 0)).toEqual([...colormapRgb('viridis', 0.75), 255]);
    expect(px(1, 0)).toEqual([...INFINITY_MARKER_RGB, 255]);
    expect(px(2, 0)).toEqual([...NEG_INFINITY_MARKER_RGB, 255]);
  });

  it('locates the cell under a point (y down on screen, rows up in the grid)', () => {
    expect(cellAt(0, 0, 400, 300, 80, 60)).toEqual({ i: 0, j: 59 });
    expect(cellAt(399.9, 299.9, 400, 300, 80, 60)).toEqual({ i: 79, j: 0 });
    expect(cellAt(12.5, 297.5, 400, 300, 80, 60)).toEqual({ i: 2, j: 0 });
    expect(cellAt(-5, 400, 400, 300, 80, 60)).toEqual({ i: 0, j: 0 });
  });
});

describe('the inline Canvas 2D fill', () => {
  it('agrees with valueRgb on every kind of value, linear and log', () => {
    const values = [
      -1e30,
      -3,
      -1e-8,
      0,
      1e-12,
      1e-3,
      0.0999,
      0.1,
      0.5,
      1,
      2.5,
      9.99,
      10,
      11,
      3e38,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
    ];
    const data = Float32Array.from(values);
    const styles: ColorStyle[] = [
      { colormap: 'magma', colorScale: 'linear', range: { min: -2, max: 10 }, contours: 0 },
      { colormap: 'viridis', colorScale: 'log', range: { min: 0.1, max: 10 }, contours: 0 },
      { colormap: 'coolwarm', colorScale: 'linear', range: { min: 1, max: 1 }, contours: 0 },
      { colormap: 'viridis', colorScale: 'log', range: { min: -1, max: 10 }, contours: 0 },
    ];
    for (const style of styles) {
      const out = new Uint8ClampedArray(values.length * 4);
      fillHeatmapPixels(data, values.length, 1, style, out);
      data.forEach((v, i) => {
        expect([...out.slice(i * 4, i * 4 + 4)], `${v} in ${JSON.stringify(style)}`).toEqual([
          ...valueRgb(v, style),
          255,
        ]);
      });
    }
  });
});
