import { syncCanvasSize } from '../canvas-size';
import { SurfaceBase } from '../surface-base';
import type { CameraState, GridSource, SurfaceStyle } from '../types';
import { cpuData } from './heatmap-canvas2d';
import { buildSurfaceScene } from './surface-scene';

const FRAME_STROKE = 'rgba(128, 128, 128, 0.8)';
const WIRE_STROKE = 'rgba(0, 0, 0, 0.5)';

/** CPU fallback: the surface at ≤ 64×64 quads, painter's algorithm on a 2D context. */
export class Canvas2dSurfaceRenderer extends SurfaceBase {
  readonly backend = 'canvas2d' as const;
  private readonly ctx: CanvasRenderingContext2D;

  constructor(canvas: HTMLCanvasElement) {
    super(canvas);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this canvas cannot give a 2D context (it may already hold a WebGPU one)');
    this.ctx = ctx;
  }

  protected render(source: GridSource, style: SurfaceStyle, camera: CameraState): void {
    const data = cpuData(source);
    const { width, height, dpr } = syncCanvasSize(this.canvas);
    const scene = buildSurfaceScene(data, source.nx, source.ny, style, camera, width, height);
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.lineJoin = 'round';
    for (const prim of scene) {
      const p = prim.points;
      ctx.beginPath();
      ctx.moveTo(p[0]!, p[1]!);
      for (let k = 2; k < p.length; k += 2) ctx.lineTo(p[k]!, p[k + 1]!);
      if (prim.kind === 'line') {
        ctx.strokeStyle = FRAME_STROKE;
        ctx.lineWidth = dpr;
        ctx.stroke();
        continue;
      }
      ctx.closePath();
      ctx.fillStyle = `rgb(${prim.rgb[0]}, ${prim.rgb[1]}, ${prim.rgb[2]})`;
      ctx.fill();
      if (style.wireframe) {
        ctx.strokeStyle = WIRE_STROKE;
        ctx.lineWidth = dpr;
        ctx.stroke();
      }
    }
  }

  protected release(): void {
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
  }
}
