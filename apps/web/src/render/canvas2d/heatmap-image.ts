import { colormapLut, INFINITY_MARKER_RGB, NEG_INFINITY_MARKER_RGB } from '../colormaps';
import { contourLevels, marchingSquares } from '../contours';
import { classify, resolveScale, scaleT } from '../scale';
import type { ColorStyle } from '../types';

/**
 * Fills `out` (nx·ny·4 RGBA bytes, image rows top→bottom) with the heatmap's
 * cell colours: grid row j lands in image row ny−1−j.
 */
export function fillHeatmapPixels(
  data: Float32Array,
  nx: number,
  ny: number,
  style: ColorStyle,
  out: Uint8ClampedArray,
): void {
  const lut = colormapLut(style.colormap);
  const scale = resolveScale(style);
  for (let j = 0; j < ny; j++) {
    let p = (ny - 1 - j) * nx * 4;
    let q = j * nx;
    for (let i = 0; i < nx; i++, p += 4, q++) {
      const v = data[q]!;
      const cls = classify(v);
      if (cls === 0) {
        const t = scaleT(v, scale);
        const k = (t >= 1 ? 255 : Math.floor(t * 255 + 0.5)) * 4;
        out[p] = lut[k]!;
        out[p + 1] = lut[k + 1]!;
        out[p + 2] = lut[k + 2]!;
      } else {
        const m = cls === 1 ? INFINITY_MARKER_RGB : NEG_INFINITY_MARKER_RGB;
        out[p] = m[0];
        out[p + 1] = m[1];
        out[p + 2] = m[2];
      }
      out[p + 3] = 255;
    }
  }
}

/** Node positions along one axis: `count` cells picked evenly from `n`, as cell indices. */
function sampleAxis(n: number, count: number): Int32Array {
  const idx = new Int32Array(count);
  for (let a = 0; a < count; a++) idx[a] = count === 1 ? 0 : Math.round((a * (n - 1)) / (count - 1));
  return idx;
}

/**
 * Iso-line segments for the Canvas 2D heatmap, in grid units (x ∈ [0, nx]
 * left→right, y ∈ [0, ny] bottom→top; a cell centre is at i + 0.5). The grid
 * is sampled on at most `maxNodes` nodes a side to keep the line count light.
 */
export function heatmapContourSegments(
  data: Float32Array,
  nx: number,
  ny: number,
  style: ColorStyle,
  maxNodes = 96,
): Float64Array {
  const levels = contourLevels(style.contours);
  if (levels.length === 0 || nx < 2 || ny < 2) return new Float64Array(0);
  const w = Math.min(nx, maxNodes);
  const h = Math.min(ny, maxNodes);
  const xi = sampleAxis(nx, w);
  const yj = sampleAxis(ny, h);
  const scale = resolveScale(style);
  const t = new Float64Array(w * h);
  for (let b = 0; b < h; b++) {
    for (let a = 0; a < w; a++) {
      const v = data[yj[b]! * nx + xi[a]!]!;
      t[b * w + a] = Number.isFinite(v) ? scaleT(v, scale) : Number.NaN;
    }
  }
  const segs = marchingSquares(t, w, h, levels);
  // Node coordinates → grid units, interpolating between the sampled cells' centres.
  const toGrid = (pos: number, idx: Int32Array): number => {
    const a = Math.min(idx.length - 2, Math.floor(pos));
    const f = pos - a;
    return idx[a]! + f * (idx[a + 1]! - idx[a]!) + 0.5;
  };
  for (let s = 0; s < segs.length; s += 2) {
    segs[s] = toGrid(segs[s]!, xi);
    segs[s + 1] = toGrid(segs[s + 1]!, yj);
  }
  return segs;
}
