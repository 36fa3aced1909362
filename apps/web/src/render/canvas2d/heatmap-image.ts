import { colormapLut, INFINITY_MARKER_RGB, lutIndex, NEG_INFINITY_MARKER_RGB } from '../colormaps';
import { contourLevels, marchingSquares } from '../contours';
import { classify, resolveScale, scaleT } from '../scale';
import type { ColorStyle } from '../types';

/** RGB bytes packed as one little-endian RGBA word, alpha 255. */
function pack(r: number, g: number, b: number): number {
  return (r | (g << 8) | (b << 16) | (255 << 24)) >>> 0;
}

const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Fills `out` (nx·ny·4 RGBA bytes, image rows top→bottom) with the heatmap's
 * cell colours: grid row j lands in image row ny−1−j. This is scale.ts's
 * mapping (scaleT, then lutIndex) written out inline, since it runs for up to
 * 16 M cells per frame; the tests hold it to valueRgb.
 */
export function fillHeatmapPixels(
  data: Float32Array,
  nx: number,
  ny: number,
  style: ColorStyle,
  out: Uint8ClampedArray,
): void {
  const lut = colormapLut(style.colormap);
  const { log, lo, hi, valid } = resolveScale(style);
  const span = hi - lo;
  if (!littleEndian) {
    fillBytes(data, nx, ny, style, out);
    return;
  }
  const words = new Uint32Array(256);
  for (let k = 0; k < 256; k++) words[k] = pack(lut[k * 4]!, lut[k * 4 + 1]!, lut[k * 4 + 2]!);
  const posInf = pack(...INFINITY_MARKER_RGB);
  const negInf = pack(...NEG_INFINITY_MARKER_RGB);
  const mid = words[128]!;
  const out32 = new Uint32Array(out.buffer, out.byteOffset, nx * ny);
  for (let j = 0; j < ny; j++) {
    let p = (ny - 1 - j) * nx;
    let q = j * nx;
    for (let i = 0; i < nx; i++, p++, q++) {
      const v = data[q]!;
      if (v - v !== 0) {
        // Not finite: +Infinity, or −Infinity / NaN.
        out32[p] = v === Number.POSITIVE_INFINITY ? posInf : negInf;
        continue;
      }
      if (!valid) {
        out32[p] = mid;
        continue;
      }
      const t = log ? (v > 0 ? (Math.log(v) - lo) / span : 0) : (v - lo) / span;
      out32[p] = words[t > 0 ? (t >= 1 ? 255 : Math.floor(t * 255 + 0.5)) : 0]!;
    }
  }
}

/** Byte-order independent version of the same loop. */
function fillBytes(
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
      const rgb =
        cls === 1
          ? INFINITY_MARKER_RGB
          : cls === 2
            ? NEG_INFINITY_MARKER_RGB
            : lut.subarray(lutIndex(scaleT(v, scale)) * 4);
      out[p] = rgb[0]!;
      out[p + 1] = rgb[1]!;
      out[p + 2] = rgb[2]!;
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
