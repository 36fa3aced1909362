import { AMBIENT, DIFFUSE, lightDirection, SURFACE_Z_EXTENT, viewProjection } from '../camera';
import { syncCanvasSize } from '../canvas-size';
import { resolveScale } from '../scale';
import { SurfaceBase } from '../surface-base';
import type { CameraState, GridSource, SurfaceStyle } from '../types';
import { GridBinding } from './grid-binding';
import { lutRow, lutTexture } from './lut-texture';
import { WGSL_COLOR, writeColorParams } from './wgsl-color';

/** At most this many mesh vertices a side; the sweep is sampled with a stride. */
export const GPU_SURFACE_MAX_NODES = 512;
/** The same on a software adapter. */
export const SOFTWARE_SURFACE_MAX_NODES = 128;
/** Wireframe lines a side (a subset of the mesh rows and columns). */
const WIRE_LINES = 33;
const DEPTH_FORMAT: GPUTextureFormat = 'depth24plus';

const SHADER = /* wgsl */ `
struct Params {
  viewProj: mat4x4f,
  color: ColorParams,
  nx: u32, ny: u32, gx: u32, gy: u32,
  light: vec3f, zExtent: f32,
  ambient: f32, diffuse: f32, wireX: u32, wireY: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> grid: array<f32>;
@group(0) @binding(2) var lut: texture_2d<f32>;
${WGSL_COLOR}

// Node k of g spread over n cells, both ends included.
fn nodeCell(k: i32, n: u32, g: u32) -> u32 {
  return u32(round(f32(k) * f32(n - 1u) / f32(max(g - 1u, 1u))));
}

fn nodeValue(a: i32, b: i32) -> f32 {
  let ca = clamp(a, 0, i32(P.gx) - 1);
  let cb = clamp(b, 0, i32(P.gy) - 1);
  return grid[nodeCell(cb, P.ny, P.gy) * P.nx + nodeCell(ca, P.nx, P.gx)];
}

// Height in [0, 1]: the colour-scale position; +Inf clips to the top, -Inf and NaN to the floor.
fn heightOf(v: f32) -> f32 {
  let cls = valueClass(v);
  if (cls == 1u) { return 1.0; }
  if (cls == 2u) { return 0.0; }
  return scaleT(v, P.color);
}

fn world(a: i32, b: i32) -> vec3f {
  let ca = clamp(a, 0, i32(P.gx) - 1);
  let cb = clamp(b, 0, i32(P.gy) - 1);
  let x = -1.0 + 2.0 * f32(ca) / f32(P.gx - 1u);
  let y = -1.0 + 2.0 * f32(cb) / f32(P.gy - 1u);
  return vec3f(x, y, (heightOf(nodeValue(ca, cb)) - 0.5) * P.zExtent);
}

struct SurfaceOut {
  @builtin(position) pos: vec4f,
  @location(0) color: vec3f,
  @location(1) normal: vec3f,
}

// Indexed draw: vertex_index is the node a + b·gx, so each node is shaded once
// and shared by the six triangles around it.
@vertex fn vsSurface(@builtin(vertex_index) vi: u32) -> SurfaceOut {
  let a = i32(vi % P.gx);
  let b = i32(vi / P.gx);
  let p = world(a, b);
  // Normal from central differences (one-sided at the border, via the clamp in world()).
  let n = cross(world(a + 1, b) - world(a - 1, b), world(a, b + 1) - world(a, b - 1));
  var out: SurfaceOut;
  out.pos = P.viewProj * vec4f(p, 1.0);
  out.color = valueColor(nodeValue(a, b), P.color);
  out.normal = n;
  return out;
}

@fragment fn fsSurface(in: SurfaceOut) -> @location(0) vec4f {
  // Two-sided Lambert so the underside is lit too when the camera dips below.
  let lambert = abs(dot(normalize(in.normal), P.light));
  return vec4f(in.color * (P.ambient + P.diffuse * lambert), 1.0);
}

fn lineNode(line: u32, lines: u32, g: u32) -> i32 {
  return i32(round(f32(line) * f32(g - 1u) / f32(max(lines - 1u, 1u))));
}

// Wireframe: P.wireY lines along x, then P.wireX lines along y, each following the mesh.
@vertex fn vsWire(@builtin(vertex_index) vi: u32) -> @builtin(position) vec4f {
  let s = vi / 2u;
  let e = vi % 2u;
  let rowSegs = P.wireY * (P.gx - 1u);
  var a: i32;
  var b: i32;
  if (s < rowSegs) {
    b = lineNode(s / (P.gx - 1u), P.wireY, P.gy);
    a = i32(s % (P.gx - 1u) + e);
  } else {
    let s2 = s - rowSegs;
    a = lineNode(s2 / (P.gy - 1u), P.wireX, P.gx);
    b = i32(s2 % (P.gy - 1u) + e);
  }
  return P.viewProj * vec4f(world(a, b), 1.0);
}

@fragment fn fsWire() -> @location(0) vec4f {
  return vec4f(0.0, 0.0, 0.0, 0.5);
}

// Frame: the 12 edges of the box around the grid and the height range.
@vertex fn vsBox(@builtin(vertex_index) vi: u32) -> @builtin(position) vec4f {
  var ends = array<u32, 24>(0u,1u, 1u,3u, 3u,2u, 2u,0u, 4u,5u, 5u,7u, 7u,6u, 6u,4u, 0u,4u, 1u,5u, 2u,6u, 3u,7u);
  let c = ends[vi];
  let p = vec3f(select(-1.0, 1.0, (c & 1u) != 0u), select(-1.0, 1.0, (c & 2u) != 0u),
                select(-0.5, 0.5, (c & 4u) != 0u) * P.zExtent);
  return P.viewProj * vec4f(p, 1.0);
}

@fragment fn fsBox() -> @location(0) vec4f {
  return vec4f(0.5, 0.5, 0.5, 1.0) * 0.8;
}
`;

const UNIFORM_BYTES = 128;

/** Lit height field generated in the vertex shader straight from the sweep buffer. */
export class WebGpuSurfaceRenderer extends SurfaceBase {
  readonly backend = 'webgpu' as const;
  private readonly context: GPUCanvasContext;
  private readonly layout: GPUBindGroupLayout;
  private readonly surfacePipeline: GPURenderPipeline;
  private readonly wirePipeline: GPURenderPipeline;
  private readonly boxPipeline: GPURenderPipeline;
  private readonly uniforms: GPUBuffer;
  private readonly uniformData = new DataView(new ArrayBuffer(UNIFORM_BYTES));
  private readonly grids: GridBinding;
  private bindGroup: GPUBindGroup | null = null;
  private boundBuffer: GPUBuffer | null = null;
  private boundBytes = 0;
  private targets: { width: number; height: number; color: GPUTexture | null; depth: GPUTexture } | null =
    null;
  private indices: { gx: number; gy: number; buffer: GPUBuffer } | null = null;
  private readonly samples: number;
  private readonly maxNodes: number;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly device: GPUDevice,
  ) {
    super(canvas);
    const context = canvas.getContext('webgpu');
    if (!context) throw new Error('this canvas cannot give a WebGPU context (it may already hold a 2D one)');
    this.context = context;
    const format = navigator.gpu.getPreferredCanvasFormat();
    // Transparent background: the page (light or dark theme) shows around the plot.
    context.configure({ device, format, alphaMode: 'premultiplied' });

    this.layout = device.createBindGroupLayout({
      label: 'losslab surface',
      entries: [
        {
          binding: 0,
          visibility: GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT,
          buffer: { type: 'uniform' },
        },
        { binding: 1, visibility: GPUShaderStage.VERTEX, buffer: { type: 'read-only-storage' } },
        { binding: 2, visibility: GPUShaderStage.VERTEX, texture: { sampleType: 'float' } },
      ],
    });
    const layout = device.createPipelineLayout({ bindGroupLayouts: [this.layout] });
    const module = device.createShaderModule({ label: 'losslab surface', code: SHADER });
    // A software fallback adapter (SwiftShader) needs about a second for the
    // full 512² mesh; there the mesh is coarser and 4× MSAA is off.
    const software = device.adapterInfo?.isFallbackAdapter === true;
    this.samples = software ? 1 : 4;
    this.maxNodes = software ? SOFTWARE_SURFACE_MAX_NODES : GPU_SURFACE_MAX_NODES;
    const multisample = { count: this.samples };
    const blend: GPUBlendState = {
      color: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' },
      alpha: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' },
    };
    this.surfacePipeline = device.createRenderPipeline({
      label: 'losslab surface mesh',
      layout,
      vertex: { module, entryPoint: 'vsSurface' },
      fragment: { module, entryPoint: 'fsSurface', targets: [{ format }] },
      primitive: { topology: 'triangle-list', cullMode: 'none' },
      // Pushed back a little so the wireframe on its edges wins the depth test.
      depthStencil: {
        format: DEPTH_FORMAT,
        depthWriteEnabled: true,
        depthCompare: 'less-equal',
        depthBias: 4,
        depthBiasSlopeScale: 2,
      },
      multisample,
    });
    const linePipeline = (label: string, vs: string, fs: string): GPURenderPipeline =>
      device.createRenderPipeline({
        label,
        layout,
        vertex: { module, entryPoint: vs },
        fragment: { module, entryPoint: fs, targets: [{ format, blend }] },
        primitive: { topology: 'line-list' },
        depthStencil: { format: DEPTH_FORMAT, depthWriteEnabled: false, depthCompare: 'less-equal' },
        multisample,
      });
    this.wirePipeline = linePipeline('losslab surface wireframe', 'vsWire', 'fsWire');
    this.boxPipeline = linePipeline('losslab surface frame', 'vsBox', 'fsBox');
    this.uniforms = device.createBuffer({
      label: 'losslab surface params',
      size: UNIFORM_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.grids = new GridBinding(device);
  }

  protected render(source: GridSource, style: SurfaceStyle, camera: CameraState): void {
    const device = this.device;
    const buffer = this.grids.resolve(source);
    const bytes = source.nx * source.ny * 4;
    if (!this.bindGroup || buffer !== this.boundBuffer || bytes !== this.boundBytes) {
      this.bindGroup = device.createBindGroup({
        layout: this.layout,
        entries: [
          { binding: 0, resource: { buffer: this.uniforms } },
          { binding: 1, resource: { buffer, size: bytes } },
          { binding: 2, resource: lutTexture(device).createView() },
        ],
      });
      this.boundBuffer = buffer;
      this.boundBytes = bytes;
    }
    const { width, height } = syncCanvasSize(this.canvas, device.limits.maxTextureDimension2D);
    const targets = this.renderTargets(width, height);

    const gx = Math.max(2, Math.min(source.nx, this.maxNodes));
    const gy = Math.max(2, Math.min(source.ny, this.maxNodes));
    const wireX = Math.min(gx, WIRE_LINES);
    const wireY = Math.min(gy, WIRE_LINES);
    const u = this.uniformData;
    const vp = viewProjection(camera, width / height);
    for (let k = 0; k < 16; k++) u.setFloat32(k * 4, vp[k]!, true);
    writeColorParams(u, 64, resolveScale(style), lutRow(style.colormap));
    for (const [k, v] of [source.nx, source.ny, gx, gy].entries()) u.setUint32(80 + k * 4, v, true);
    for (const [k, v] of lightDirection(camera).entries()) u.setFloat32(96 + k * 4, v, true);
    u.setFloat32(108, SURFACE_Z_EXTENT, true);
    u.setFloat32(112, AMBIENT, true);
    u.setFloat32(116, DIFFUSE, true);
    u.setUint32(120, wireX, true);
    u.setUint32(124, wireY, true);
    device.queue.writeBuffer(this.uniforms, 0, u.buffer);

    const encoder = device.createCommandEncoder({ label: 'losslab surface' });
    const pass = encoder.beginRenderPass({
      colorAttachments: [
        targets.color
          ? {
              view: targets.color.createView(),
              resolveTarget: this.context.getCurrentTexture().createView(),
              clearValue: { r: 0, g: 0, b: 0, a: 0 },
              loadOp: 'clear',
              storeOp: 'discard',
            }
          : {
              view: this.context.getCurrentTexture().createView(),
              clearValue: { r: 0, g: 0, b: 0, a: 0 },
              loadOp: 'clear',
              storeOp: 'store',
            },
      ],
      depthStencilAttachment: {
        view: targets.depth.createView(),
        depthClearValue: 1,
        depthLoadOp: 'clear',
        depthStoreOp: 'discard',
      },
    });
    pass.setBindGroup(0, this.bindGroup);
    pass.setPipeline(this.surfacePipeline);
    pass.setIndexBuffer(this.meshIndices(gx, gy), 'uint32');
    pass.drawIndexed((gx - 1) * (gy - 1) * 6);
    if (style.wireframe) {
      pass.setPipeline(this.wirePipeline);
      pass.draw(2 * (wireY * (gx - 1) + wireX * (gy - 1)));
    }
    pass.setPipeline(this.boxPipeline);
    pass.draw(24);
    pass.end();
    device.queue.submit([encoder.finish()]);
  }

  /** Two triangles per grid square over nodes a + b·gx; rebuilt only when the mesh size changes. */
  private meshIndices(gx: number, gy: number): GPUBuffer {
    const cached = this.indices;
    if (cached && cached.gx === gx && cached.gy === gy) return cached.buffer;
    cached?.buffer.destroy();
    const data = new Uint32Array((gx - 1) * (gy - 1) * 6);
    let k = 0;
    for (let b = 0; b + 1 < gy; b++) {
      for (let a = 0; a + 1 < gx; a++) {
        const n = b * gx + a;
        data.set([n, n + 1, n + gx, n + gx, n + 1, n + gx + 1], k);
        k += 6;
      }
    }
    const buffer = this.device.createBuffer({
      label: 'losslab surface indices',
      size: data.byteLength,
      usage: GPUBufferUsage.INDEX | GPUBufferUsage.COPY_DST,
    });
    this.device.queue.writeBuffer(buffer, 0, data);
    this.indices = { gx, gy, buffer };
    return buffer;
  }

  /** Depth (and, with MSAA, multisampled colour) targets, remade when the canvas size changes. */
  private renderTargets(width: number, height: number): { color: GPUTexture | null; depth: GPUTexture } {
    const t = this.targets;
    if (t && t.width === width && t.height === height) return t;
    t?.color?.destroy();
    t?.depth.destroy();
    const size = [width, height];
    const color =
      this.samples > 1
        ? this.device.createTexture({
            label: 'losslab surface msaa',
            size,
            sampleCount: this.samples,
            format: navigator.gpu.getPreferredCanvasFormat(),
            usage: GPUTextureUsage.RENDER_ATTACHMENT,
          })
        : null;
    const depth = this.device.createTexture({
      label: 'losslab surface depth',
      size,
      sampleCount: this.samples,
      format: DEPTH_FORMAT,
      usage: GPUTextureUsage.RENDER_ATTACHMENT,
    });
    this.targets = { width, height, color, depth };
    return this.targets;
  }

  protected release(): void {
    this.targets?.color?.destroy();
    this.targets?.depth.destroy();
    this.targets = null;
    this.indices?.buffer.destroy();
    this.indices = null;
    this.uniforms.destroy();
    this.grids.destroy();
    this.bindGroup = null;
    this.boundBuffer = null;
    this.context.unconfigure();
  }
}
