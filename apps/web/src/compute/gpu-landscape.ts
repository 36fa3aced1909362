/**
 * The GPU path's landscapes: @losslab/gpu's landscape kernel writes the grid
 * into a GPU buffer that the renderers draw from (no readback; the colour
 * scale comes from the GPU's own min/max reduction). The dataset stays on the
 * GPU between landscapes: a dragged point rewrites only that point (16 bytes).
 *
 * What the engine refuses — data or parameters outside f32 (its input
 * policy), a loss it cannot compile, a lost device, no memory — is computed
 * by the CPU pool instead, and the grid says why (`fallback`).
 */
import type { Dataset, LandscapeSpec } from '@losslab/core';
import { F32RangeError, type GpuDataset, GpuError, type SweepEngine } from '@losslab/gpu';
import { gridLifetime } from './grid-lifetime';
import type { LandscapeGrid } from './types';

/** Computes a landscape on the CPU pool, for the GPU path's fallback. */
export type CpuLandscape = (spec: LandscapeSpec) => Promise<LandscapeGrid>;

/** The part of the engine landscapes use (tests pass a stand-in). */
export type LandscapeEngine = Pick<
  SweepEngine,
  'createDataset' | 'landscapeToBuffer' | 'landscape' | 'memory'
>;

export interface GpuLandscapes {
  landscape(spec: LandscapeSpec): Promise<LandscapeGrid>;
  /** Frees the resident dataset. */
  destroy(): void;
}

/** Why the GPU did not compute a landscape, as a clause: "Landscape on the CPU: <this>." */
export function describeLandscapeRefusal(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof F32RangeError) return `the GPU computes in f32 and refused this input (${message})`;
  if (error instanceof GpuError) {
    switch (error.kind) {
      case 'device-lost':
        return `the GPU device was lost (${error.reason})`;
      case 'out-of-memory':
        return `the GPU ran out of memory (${error.reason})`;
      default:
        return `the GPU failed (${error.reason})`;
    }
  }
  return `the GPU engine could not compute it (${message})`;
}

export function createGpuLandscapes(engine: LandscapeEngine, cpuLandscape: CpuLandscape): GpuLandscapes {
  /** The data on the GPU: one handle, rewritten in place while its size stays (a drag moves one point). */
  let resident: GpuDataset | undefined;

  const residentFor = (data: Dataset): GpuDataset => {
    if (resident && resident.n === data.x.length) {
      // Validates first (the f32 policy); writes only the points that differ.
      resident.update(data);
      return resident;
    }
    const next = engine.createDataset(data);
    // Work already submitted keeps its buffer until it completes.
    resident?.release();
    resident = next;
    return next;
  };

  function dropResident(): void {
    resident?.release();
    resident = undefined;
  }

  async function onGpu(spec: LandscapeSpec): Promise<LandscapeGrid> {
    const start = performance.now();
    const data = residentFor(spec.data);
    const grid = engine.landscapeToBuffer({ ...spec, data });
    let stats: Awaited<ReturnType<typeof grid.stats>>;
    try {
      if (grid.tiles.length > 1) {
        throw new RangeError(
          `a ${grid.nx}×${grid.ny} landscape exceeds one GPU buffer binding, which the renderers draw from`,
        );
      }
      // ready rejects if the landscape's work failed (device lost, out of memory); stats are reduced on the GPU.
      [stats] = await Promise.all([grid.stats(), grid.ready]);
    } catch (error) {
      grid.release();
      throw error;
    }
    const sweepMs = performance.now() - start;
    const memory = engine.memory();
    return {
      source: { kind: 'gpu', buffer: grid.buffer, nx: grid.nx, ny: grid.ny },
      stats,
      x: grid.x,
      y: grid.y,
      spec,
      sweepMs,
      computedOn: 'webgpu',
      resident: { version: grid.datasetVersion, bytesWritten: memory.datasetBytesWritten },
      ...gridLifetime(grid, () => engine.landscape(spec).then((result) => result.data)),
    };
  }

  async function landscape(spec: LandscapeSpec): Promise<LandscapeGrid> {
    let refusal: unknown;
    try {
      return await onGpu(spec);
    } catch (error) {
      refusal = error;
      // A failed upload or a lost device leaves the resident dataset unusable: upload anew next time.
      if (!(error instanceof RangeError)) dropResident();
    }
    // A spec core itself refuses fails here too, with core's message (the CPU validates before any work).
    const grid = await cpuLandscape(spec);
    return { ...grid, computedOn: 'cpu', fallback: describeLandscapeRefusal(refusal) };
  }

  return { landscape, destroy: dropResident };
}
