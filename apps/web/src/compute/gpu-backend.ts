/**
 * The WebGPU path: @losslab/gpu's sweep engine writes the grid into a GPU
 * buffer that the renderers draw from directly; values come back to the CPU
 * only when something needs them (hover readout, CSV export). Landscapes
 * likewise (gpu-landscape.ts), with the CPU pool for what the GPU refuses.
 */

import type { SweepSpec } from '@losslab/core';
import { createSweepEngine, GpuError, type SweepEngine } from '@losslab/gpu';
import { type CpuLandscape, createGpuLandscapes } from './gpu-landscape';
import { gridLifetime } from './grid-lifetime';
import type { BackendInfo, ComputeBackend, GridResult } from './types';

export type { CpuLandscape } from './gpu-landscape';

export const GPU_MAX_RESOLUTION = 4096;
/** A surface mesh has a vertex per grid point; beyond 1024² it stops adding visible detail. */
export const GPU_MAX_SURFACE_RESOLUTION = 1024;

function adapterName(engine: SweepEngine): string {
  const { description, vendor, architecture } = engine.adapter;
  return description || [vendor, architecture].filter(Boolean).join(' ') || 'unknown adapter';
}

/**
 * Creates the GPU backend; rejects with a GpuError (no WebGPU, no adapter,
 * failed device request) that the caller turns into the CPU badge's reason.
 */
export async function createGpuBackend(
  onDeviceLost: (error: GpuError) => void,
  cpuLandscape: CpuLandscape,
): Promise<ComputeBackend> {
  const engine = await createSweepEngine({ gpu: navigator.gpu, onDeviceLost });
  const software = engine.adapter.isSoftware;
  const name = adapterName(engine);
  const info: BackendInfo = {
    kind: 'webgpu',
    label: software ? 'WebGPU · software' : 'WebGPU',
    reason: software
      ? `WebGPU on ${name}, a software adapter: correct but much slower than a real GPU.`
      : `WebGPU on ${name}.`,
    software,
    maxResolution: GPU_MAX_RESOLUTION,
    maxSurfaceResolution: GPU_MAX_SURFACE_RESOLUTION,
  };

  async function sweep(spec: SweepSpec): Promise<GridResult> {
    const start = performance.now();
    const grid = engine.sweepToBuffer(spec);
    let stats: Awaited<ReturnType<typeof grid.stats>>;
    try {
      if (grid.tiles.length > 1) {
        throw new RangeError(
          `a ${grid.nx}×${grid.ny} grid exceeds one GPU buffer binding; choose a smaller grid`,
        );
      }
      stats = await grid.stats();
    } catch (error) {
      grid.release();
      throw error;
    }
    const sweepMs = performance.now() - start;
    return {
      source: { kind: 'gpu', buffer: grid.buffer, nx: grid.nx, ny: grid.ny },
      stats,
      x: grid.x,
      y: grid.y,
      spec,
      sweepMs,
      ...gridLifetime(grid, () => engine.sweep(spec).then((result) => result.data)),
    };
  }

  const landscapes = createGpuLandscapes(engine, cpuLandscape);

  return {
    info,
    device: engine.device,
    sweep,
    landscape: landscapes.landscape,
    destroy: () => {
      landscapes.destroy();
      engine.destroy();
    },
  };
}

/** Why the GPU path is unusable, in a sentence for the badge. */
export function describeGpuFailure(error: unknown): string {
  if (error instanceof GpuError) {
    switch (error.kind) {
      case 'no-webgpu':
        return `This browser has no WebGPU (${error.reason}).`;
      case 'no-adapter':
        return `WebGPU is present but offers no GPU adapter (${error.reason}).`;
      case 'device-request-failed':
        return `The GPU device could not be opened (${error.reason}).`;
      case 'device-lost':
        return `The GPU device was lost (${error.reason}).`;
      case 'out-of-memory':
        return `The GPU ran out of memory (${error.reason}).`;
      default:
        return `The GPU failed (${error.reason}).`;
    }
  }
  return `The GPU engine failed to start (${error instanceof Error ? error.message : String(error)}).`;
}
