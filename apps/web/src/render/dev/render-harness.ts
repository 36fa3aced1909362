/**
 * Dev-only page (not in the build): draws a known grid with both backends so
 * a browser run can compare pixels with colormapRgb. Served by `npx vite` from
 * apps/web at /src/render/dev/render-harness.html; options in the query string:
 * colormap, scale (linear|log), contours, wireframe (0|1), n (grid size), yaw, pitch.
 * render-check.mjs beside it drives it in headless Chromium.
 */
import {
  type ColormapName,
  createHeatmapRenderer,
  createSurfaceRenderer,
  type GridSource,
  valueRgb,
} from '../index';
import type { ColorStyle } from '../types';

const q = new URLSearchParams(location.search);
const nx = Number(q.get('nx') ?? 80);
const ny = Number(q.get('ny') ?? 60);
const log = q.get('scale') === 'log';

/** Test function: a tilted bowl with marked cells; positive everywhere so log scale works. */
function value(i: number, j: number): number {
  if (i === nx - 1 && j === ny - 1) return Number.POSITIVE_INFINITY;
  if (i === nx - 1 && j === 0) return Number.NEGATIVE_INFINITY;
  if (i === 0 && j === ny - 1) return Number.NaN;
  const x = -2 + (4 * (i + 0.5)) / nx;
  const y = -1.5 + (3 * (j + 0.5)) / ny;
  return 0.05 + x * x + 0.5 * y * y + 0.6 * x * y + 0.3 * Math.sin(3 * x);
}

const data = new Float32Array(nx * ny);
for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) data[j * nx + i] = value(i, j);

const style: ColorStyle & { wireframe: boolean } = {
  colormap: (q.get('colormap') ?? 'viridis') as ColormapName,
  colorScale: log ? 'log' : 'linear',
  range: { min: log ? 0.05 : 0, max: 6 },
  contours: Number(q.get('contours') ?? 0),
  wireframe: q.get('wireframe') === '1',
};

const canvas = (id: string): HTMLCanvasElement => document.getElementById(id) as HTMLCanvasElement;
const logLine = (s: string): void => {
  (document.getElementById('log') as HTMLElement).textContent += `${s}\n`;
};

/** JS-side cost of draw() (what a slider drag pays per frame) and the time until the GPU is done. */
async function bench(
  heat: ReturnType<typeof createHeatmapRenderer>,
  surface: ReturnType<typeof createSurfaceRenderer>,
  source: GridSource,
  device: GPUDevice,
): Promise<void> {
  for (const [name, r] of [
    ['heatmap', heat],
    ['surface', surface],
  ] as const) {
    const frames = 20;
    let cpu = 0;
    const t0 = performance.now();
    for (let k = 0; k < frames; k++) {
      const s = performance.now();
      r.draw(source, { ...style, range: { min: style.range.min, max: style.range.max * (1 + k / frames) } });
      cpu += performance.now() - s;
      await device.queue.onSubmittedWorkDone();
    }
    const total = performance.now() - t0;
    logLine(
      `${name}: draw() ${(cpu / frames).toFixed(2)} ms, with GPU ${(total / frames).toFixed(1)} ms per frame`,
    );
    r.draw(source, style);
  }
}

async function main(): Promise<void> {
  const cpu: GridSource = { kind: 'cpu', data, nx, ny };
  const adapter = await navigator.gpu?.requestAdapter();
  const device = await adapter?.requestDevice();
  const errors: string[] = [];
  device?.addEventListener('uncapturederror', (e) =>
    errors.push((e as GPUUncapturedErrorEvent).error.message),
  );

  const camera = (r: ReturnType<typeof createSurfaceRenderer>): void => {
    const yaw = q.get('yaw');
    const pitch = q.get('pitch');
    if (yaw || pitch)
      r.camera = { ...r.camera, yaw: Number(yaw ?? r.camera.yaw), pitch: Number(pitch ?? r.camera.pitch) };
  };

  const cpuHeat = createHeatmapRenderer(canvas('heatmap-cpu'));
  cpuHeat.draw(cpu, style);
  const cpuSurface = createSurfaceRenderer(canvas('surface-cpu'));
  camera(cpuSurface);
  cpuSurface.draw(cpu, style);
  if (q.get('bench') === '1') {
    for (const [name, r] of [
      ['canvas2d heatmap', cpuHeat],
      ['canvas2d surface', cpuSurface],
    ] as const) {
      const t0 = performance.now();
      for (let k = 0; k < 10; k++) r.draw(cpu, style);
      logLine(`${name}: draw() ${((performance.now() - t0) / 10).toFixed(1)} ms`);
    }
  }

  if (device) {
    // The GPU path reads a storage buffer the way @losslab/gpu's sweeps leave it.
    const buffer = device.createBuffer({
      size: data.byteLength,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
      mappedAtCreation: true,
    });
    new Float32Array(buffer.getMappedRange()).set(data);
    buffer.unmap();
    const gpu: GridSource = { kind: 'gpu', buffer, nx, ny };
    const t0 = performance.now();
    const heat = createHeatmapRenderer(canvas('heatmap-gpu'), device);
    heat.draw(gpu, style);
    const surface = createSurfaceRenderer(canvas('surface-gpu'), device);
    camera(surface);
    surface.draw(gpu, style);
    await device.queue.onSubmittedWorkDone();
    logLine(
      `adapterInfo fallback=${device.adapterInfo?.isFallbackAdapter} adapter.info fallback=${adapter?.info.isFallbackAdapter}`,
    );
    logLine(`webgpu first frames: ${(performance.now() - t0).toFixed(1)} ms`);
    surface.onCameraChange((c) => logLine(`camera ${JSON.stringify(c)}`));
    if (q.get('bench') === '1') await bench(heat, surface, gpu, device);
  } else {
    logLine('no WebGPU device');
  }

  Object.assign(window, {
    harness: {
      nx,
      ny,
      gpu: Boolean(device),
      errors,
      expected: (i: number, j: number) => valueRgb(data[j * nx + i]!, style),
    },
  });
  document.body.dataset.ready = '1';
}

main().catch((e: unknown) => {
  logLine(`error: ${e instanceof Error ? e.stack : String(e)}`);
  document.body.dataset.ready = 'error';
});
