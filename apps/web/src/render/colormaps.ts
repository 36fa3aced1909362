import { evalFit, magmaFit, viridisFit } from './colormap-fits';
import { coolwarm } from './coolwarm';

export type ColormapName = 'viridis' | 'magma' | 'coolwarm';

/** coolwarm is the diverging map, meant for gradients with a range centred on 0. */
export const colormapNames: readonly ColormapName[] = ['viridis', 'magma', 'coolwarm'];

/** Number of entries in every LUT; a colour-scale position t maps to entry floor(t·255 + 0.5). */
export const LUT_SIZE = 256;

/** Cells holding +Infinity (clipped and marked): magenta, outside all three maps. */
export const INFINITY_MARKER_RGB: readonly [number, number, number] = [255, 0, 255];
/** Cells holding −Infinity or NaN: cyan, distinguishable from +Infinity and from the maps. */
export const NEG_INFINITY_MARKER_RGB: readonly [number, number, number] = [0, 255, 255];

const sources: Record<ColormapName, (t: number) => [number, number, number]> = {
  viridis: (t) => evalFit(viridisFit, t),
  magma: (t) => evalFit(magmaFit, t),
  coolwarm,
};

const luts = new Map<ColormapName, Uint8Array<ArrayBuffer>>();

function buildLut(name: ColormapName): Uint8Array<ArrayBuffer> {
  const lut = new Uint8Array(LUT_SIZE * 4);
  const source = sources[name];
  for (let k = 0; k < LUT_SIZE; k++) {
    const rgb = source(k / (LUT_SIZE - 1));
    for (let c = 0; c < 3; c++) lut[k * 4 + c] = Math.min(255, Math.max(0, Math.floor(rgb[c]! * 255 + 0.5)));
    lut[k * 4 + 3] = 255;
  }
  return lut;
}

/**
 * The 256 × RGBA table (bytes) that both backends draw with: the Canvas 2D
 * path indexes it directly and the WebGPU path uploads it as a texture, so a
 * cell's colour is the same byte triple on either. Shared — do not mutate.
 */
export function colormapLut(name: ColormapName): Uint8Array<ArrayBuffer> {
  let lut = luts.get(name);
  if (!lut) {
    if (!(name in sources)) throw new RangeError(`unknown colormap '${String(name)}'`);
    lut = buildLut(name);
    luts.set(name, lut);
  }
  return lut;
}

/** LUT entry for a colour-scale position: floor(clamp(t, 0, 1)·255 + 0.5); NaN → 0. */
export function lutIndex(t: number): number {
  if (!(t > 0)) return 0;
  if (t >= 1) return LUT_SIZE - 1;
  return Math.floor(t * (LUT_SIZE - 1) + 0.5);
}

/** Colour (0–255 per channel) at colour-scale position t, which is clamped to [0, 1]. */
export function colormapRgb(name: ColormapName, t: number): [number, number, number] {
  const lut = colormapLut(name);
  const k = lutIndex(t) * 4;
  return [lut[k]!, lut[k + 1]!, lut[k + 2]!];
}
