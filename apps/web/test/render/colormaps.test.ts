import { describe, expect, it } from 'vitest';
import {
  colormapLut,
  colormapNames,
  colormapRgb,
  INFINITY_MARKER_RGB,
  lutIndex,
  NEG_INFINITY_MARKER_RGB,
} from '../../src/render/colormaps';

const hex = (h: string): number[] => [0, 2, 4].map((k) => Number.parseInt(h.slice(k, k + 2), 16));
const maxDiff = (a: readonly number[], b: readonly number[]): number =>
  Math.max(...a.map((x, k) => Math.abs(x - b[k]!)));

/** sRGB → relative luminance, to check the maps' lightness ordering. */
function luminance([r, g, b]: readonly number[]): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

describe('colormap LUTs', () => {
  it('are 256 opaque RGBA entries for every map', () => {
    for (const name of colormapNames) {
      const lut = colormapLut(name);
      expect(lut.length).toBe(1024);
      for (let k = 0; k < 256; k++) expect(lut[k * 4 + 3]).toBe(255);
    }
  });

  // matplotlib's published entries 0, 64, 128, 192, 255 (as 8-bit hex).
  it.each([
    ['viridis', ['440154', '3b528b', '21918c', '5ec962', 'fde725']],
    ['magma', ['000004', '51127c', 'b73779', 'fc8961', 'fcfdbf']],
  ] as const)('%s matches matplotlib within one byte', (name, stops) => {
    [0, 64, 128, 192, 255].forEach((index, k) => {
      expect(maxDiff(colormapRgb(name, index / 255), hex(stops[k]!))).toBeLessThanOrEqual(1);
    });
  });

  it('matches matplotlib float endpoints', () => {
    const to8 = (f: number[]): number[] => f.map((c) => c * 255);
    expect(maxDiff(colormapRgb('viridis', 0), to8([0.267004, 0.004874, 0.329415]))).toBeLessThan(1.5);
    expect(maxDiff(colormapRgb('viridis', 1), to8([0.993248, 0.906157, 0.143936]))).toBeLessThan(1.5);
    expect(maxDiff(colormapRgb('magma', 0), to8([0.001462, 0.000466, 0.013866]))).toBeLessThan(1.5);
    expect(maxDiff(colormapRgb('magma', 1), to8([0.987053, 0.991438, 0.749504]))).toBeLessThan(1.5);
  });

  it('keeps viridis and magma monotonically brighter (the fits do not wiggle)', () => {
    // Byte rounding makes even the published table dip by a hair between
    // neighbours; over four entries lightness must strictly rise.
    for (const name of ['viridis', 'magma'] as const) {
      const y = Array.from({ length: 256 }, (_, k) => luminance(colormapRgb(name, k / 255)));
      for (let k = 1; k < 256; k++) expect(y[k]!).toBeGreaterThan(y[k - 1]! - 1e-3);
      for (let k = 4; k < 256; k++) expect(y[k]!).toBeGreaterThan(y[k - 4]!);
    }
  });

  it('coolwarm runs blue → light grey → red, symmetric in lightness', () => {
    expect(maxDiff(colormapRgb('coolwarm', 0), [59, 76, 192])).toBeLessThanOrEqual(1);
    expect(maxDiff(colormapRgb('coolwarm', 0.5), [221, 221, 221])).toBeLessThanOrEqual(1);
    expect(maxDiff(colormapRgb('coolwarm', 1), [180, 4, 38])).toBeLessThanOrEqual(1);
    const mid = colormapRgb('coolwarm', 0.25);
    expect(mid[2]).toBeGreaterThan(mid[0]);
    const warm = colormapRgb('coolwarm', 0.75);
    expect(warm[0]).toBeGreaterThan(warm[2]);
    for (let k = 0; k < 128; k += 8) {
      const a = luminance(colormapRgb('coolwarm', k / 255));
      const b = luminance(colormapRgb('coolwarm', (255 - k) / 255));
      expect(Math.abs(a - b)).toBeLessThan(0.04);
    }
  });

  it('indexes with floor(t·255 + 0.5), clamping t and sending NaN to the low end', () => {
    expect(lutIndex(0)).toBe(0);
    expect(lutIndex(0.5)).toBe(128);
    expect(lutIndex(10 / 255)).toBe(10);
    expect(lutIndex(0.0019)).toBe(0);
    expect(lutIndex(0.002)).toBe(1);
    expect(lutIndex(1)).toBe(255);
    expect(lutIndex(-3)).toBe(0);
    expect(lutIndex(7)).toBe(255);
    expect(lutIndex(Number.NaN)).toBe(0);
    const lut = colormapLut('magma');
    expect(colormapRgb('magma', 0.5)).toEqual([lut[512], lut[513], lut[514]]);
    expect(colormapRgb('magma', 2)).toEqual(colormapRgb('magma', 1));
  });

  it('has infinity markers far from every colormap entry and from each other', () => {
    expect(maxDiff(INFINITY_MARKER_RGB, NEG_INFINITY_MARKER_RGB)).toBeGreaterThan(200);
    for (const name of colormapNames) {
      for (let k = 0; k < 256; k++) {
        const c = colormapRgb(name, k / 255);
        expect(maxDiff(c, INFINITY_MARKER_RGB)).toBeGreaterThan(60);
        expect(maxDiff(c, NEG_INFINITY_MARKER_RGB)).toBeGreaterThan(60);
      }
    }
  });

  it('rejects unknown names', () => {
    expect(() => colormapLut('jet' as never)).toThrow(RangeError);
  });
});
