import { syncCanvasSize } from '../canvas-size';
import { resolveScale } from '../scale';
import type { ColorStyle, GridSource, HeatmapRenderer } from '../types';
import { GridBinding } from './grid-binding';
import { lutRow, lutTexture } from './lut-texture';
import { WGSL_COLOR, writeColorParams } from './wgsl-color';

const SHADER = /* wgsl */ `
struct Params {
  color: ColorParams,
  nx: u32, ny: u32, contours: u32, _pad0: u32,
  size: vec2f, lineHalfWidth: f32, _pad1: f32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> grid: array<f32>;
@group(0) @binding(2) var lut: texture_2d<f32>;
${WGSL_COLOR}

// One triangle covering the viewport; no vertex buffer.
@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  let p = vec2f(f32((i << 1u) & 2u), f32(i & 2u));
  return vec4f(p * 2.0 - 1.0, 0.0, 1.0);
}

fn cell(i: i32, j: i32) -> f32 {
  let ci = clamp(i, 0, i32(P.nx) - 1);
  let cj = clamp(j, 0, i32(P.ny) - 1);
  return grid[u32(cj) * P.nx + u32(ci)];
}

// Bilinear colour-scale position between the four nearest cell centres, or
// -1 when one of them is not finite (no iso-line through a marked cell).
fn smoothT(gx: f32, gy: f32) -> f32 {
  let f = vec2f(gx - 0.5, gy - 0.5);
  let b = floor(f);
  let w = f - b;
  let i = i32(b.x);
  let j = i32(b.y);
  let v00 = cell(i, j);
  let v10 = cell(i + 1, j);
  let v01 = cell(i, j + 1);
  let v11 = cell(i + 1, j + 1);
  if (valueClass(v00) + valueClass(v10) + valueClass(v01) + valueClass(v11) != 0u) { return -1.0; }
  let t0 = mix(scaleT(v00, P.color), scaleT(v10, P.color), w.x);
  let t1 = mix(scaleT(v01, P.color), scaleT(v11, P.color), w.x);
  return mix(t0, t1, w.y);
}

@fragment fn fs(@builtin(position) pos: vec4f) -> @location(0) vec4f {
  // pos.xy is the pixel centre, y down; grid rows count from the bottom.
  let gx = pos.x / P.size.x * f32(P.nx);
  let gy = (1.0 - pos.y / P.size.y) * f32(P.ny);
  let i = clamp(i32(floor(gx)), 0, i32(P.nx) - 1);
  let j = clamp(i32(floor(gy)), 0, i32(P.ny) - 1);
  var rgb = valueColor(grid[u32(j) * P.nx + u32(i)], P.color);

  // Iso-lines at t = k/(N+1), k = 1..N. The branch is on a uniform, so fwidth
  // stays in uniform control flow; inside it s and ds are always computed.
  if (P.contours > 0u) {
    let t = smoothT(gx, gy);
    let s = t * f32(P.contours + 1u);
    let ds = fwidth(s);
    let k = round(s);
    // ds ≥ 0.5 level per pixel: lines would merge, or a neighbour pixel is
    // next to a marked cell (t = -1) and the derivative is meaningless.
    if (t >= 0.0 && k >= 1.0 && k <= f32(P.contours) && ds > 0.0 && ds < 0.5) {
      let distPx = abs(s - k) / ds;
      let cover = clamp(P.lineHalfWidth + 0.5 - distPx, 0.0, 1.0);
      rgb = mix(rgb, vec3f(0.0), 0.75 * cover);
    }
  }
  return vec4f(rgb, 1.0);
}
`;

const UNIFORM_BYTES = 48;

/** Heatmap drawn by a full-screen fragment shader reading the sweep buffer directly. */
export class WebGpuHeatmapRenderer implements HeatmapRenderer {
  readonly backend = 'webgpu' as const;
  private readonly context: GPUCanvasContext;
  private readonly pipeline: GPURenderPipeline;
  private readonly uniforms: GPUBuffer;
  private readonly uniformData = new DataView(new ArrayBuffer(UNIFORM_BYTES));
  private readonly grids: GridBinding;
  private bindGroup: GPUBindGroup | null = null;
  private boundBuffer: GPUBuffer | null = null;
  private boundBytes = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly device: GPUDevice,
  ) {
    const context = canvas.getContext('webgpu');
    if (!context) throw new Error('this canvas cannot give a WebGPU context (it may already hold a 2D one)');
    this.context = context;
    const format = navigator.gpu.getPreferredCanvasFormat();
    context.configure({ device, format, alphaMode: 'opaque' });
    const module = device.createShaderModule({ label: 'losslab heatmap', code: SHADER });
    this.pipeline = device.createRenderPipeline({
      label: 'losslab heatmap',
      layout: 'auto',
      vertex: { module, entryPoint: 'vs' },
      fragment: { module, entryPoint: 'fs', targets: [{ format }] },
      primitive: { topology: 'triangle-list' },
    });
    this.uniforms = device.createBuffer({
      label: 'losslab heatmap params',
      size: UNIFORM_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.grids = new GridBinding(device);
  }

  draw(source: GridSource, style: ColorStyle): void {
    const buffer = this.grids.resolve(source);
    const bytes = source.nx * source.ny * 4;
    if (!this.bindGroup || buffer !== this.boundBuffer || bytes !== this.boundBytes) {
      this.bindGroup = this.device.createBindGroup({
        layout: this.pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: this.uniforms } },
          { binding: 1, resource: { buffer, size: bytes } },
          { binding: 2, resource: lutTexture(this.device).createView() },
        ],
      });
      this.boundBuffer = buffer;
      this.boundBytes = bytes;
    }

    const { width, height, dpr } = syncCanvasSize(this.canvas, this.device.limits.maxTextureDimension2D);
    const u = this.uniformData;
    writeColorParams(u, 0, resolveScale(style), lutRow(style.colormap));
    u.setUint32(16, source.nx, true);
    u.setUint32(20, source.ny, true);
    u.setUint32(24, Math.max(0, Math.floor(style.contours)), true);
    u.setFloat32(32, width, true);
    u.setFloat32(36, height, true);
    u.setFloat32(40, 0.5 * dpr, true);
    this.device.queue.writeBuffer(this.uniforms, 0, u.buffer);

    const encoder = this.device.createCommandEncoder({ label: 'losslab heatmap' });
    const pass = encoder.beginRenderPass({
      colorAttachments: [
        { view: this.context.getCurrentTexture().createView(), loadOp: 'clear', storeOp: 'store' },
      ],
    });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    pass.draw(3);
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }

  destroy(): void {
    this.uniforms.destroy();
    this.grids.destroy();
    this.bindGroup = null;
    this.boundBuffer = null;
    this.context.unconfigure();
  }
}
