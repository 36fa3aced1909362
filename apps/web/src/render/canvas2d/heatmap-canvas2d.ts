import { syncCanvasSize } from '../canvas-size';
import { checkGrid } from '../grid';
import type { ColorStyle, GridSource, HeatmapRenderer } from '../types';
import { fillHeatmapPixels, heatmapContourSegments } from './heatmap-image';

/** Contour ink, the same as the WebGPU path's mix(rgb, black, 0.75). */
export const CONTOUR_STROKE = 'rgba(0, 0, 0, 0.75)';

export function cpuData(source: GridSource): Float32Array {
  checkGrid(source);
  if (source.kind !== 'cpu') {
    throw new TypeError(
      'the Canvas 2D renderers need a CPU grid (a GPU buffer cannot be read synchronously)',
    );
  }
  return source.data;
}

/** Heatmap as an nx×ny image scaled up with nearest-neighbour sampling. */
export class Canvas2dHeatmapRenderer implements HeatmapRenderer {
  readonly backend = 'canvas2d' as const;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly image: HTMLCanvasElement;
  private readonly imageCtx: CanvasRenderingContext2D;
  private pixels: ImageData | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this canvas cannot give a 2D context (it may already hold a WebGPU one)');
    this.ctx = ctx;
    this.image = canvas.ownerDocument.createElement('canvas');
    const imageCtx = this.image.getContext('2d');
    if (!imageCtx) throw new Error('no 2D context for the heatmap image');
    this.imageCtx = imageCtx;
  }

  draw(source: GridSource, style: ColorStyle): void {
    const data = cpuData(source);
    const { nx, ny } = source;
    if (!this.pixels || this.pixels.width !== nx || this.pixels.height !== ny) {
      this.image.width = nx;
      this.image.height = ny;
      this.pixels = this.imageCtx.createImageData(nx, ny);
    }
    fillHeatmapPixels(data, nx, ny, style, this.pixels.data);
    this.imageCtx.putImageData(this.pixels, 0, 0);

    const { width, height, dpr } = syncCanvasSize(this.canvas);
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.image, 0, 0, width, height);

    if (style.contours > 0) {
      const segs = heatmapContourSegments(data, nx, ny, style);
      const sx = width / nx;
      const sy = height / ny;
      ctx.beginPath();
      for (let s = 0; s < segs.length; s += 4) {
        ctx.moveTo(segs[s]! * sx, height - segs[s + 1]! * sy);
        ctx.lineTo(segs[s + 2]! * sx, height - segs[s + 3]! * sy);
      }
      ctx.strokeStyle = CONTOUR_STROKE;
      ctx.lineWidth = dpr;
      ctx.lineCap = 'round';
      ctx.stroke();
    }
  }

  destroy(): void {
    this.pixels = null;
    this.image.width = 0;
    this.image.height = 0;
  }
}
