/** How a grid left on the GPU is read and released, for both the sweeps and the landscapes of the WebGPU path. */
import type { GridResult } from './types';

/** What the engine's to-buffer results offer: a read-back of the values, and giving the buffer back. */
interface GpuGrid {
  read(): Promise<Float32Array>;
  release(): void;
}

/**
 * The grid's values and release: the values are read from the grid while it
 * is alive, and, once it is released, computed again with read-back (the same
 * f32 values) by `recompute`. A read-back in flight keeps the buffer until it
 * completes.
 */
export function gridLifetime(
  grid: GpuGrid,
  recompute: () => Promise<Float32Array>,
): Pick<GridResult, 'values' | 'release'> {
  let released = false;
  let releaseWhenRead = false;
  let reading: Promise<Float32Array> | undefined;
  return {
    values: () => {
      if (reading) return reading;
      reading = released
        ? recompute()
        : grid.read().finally(() => {
            if (releaseWhenRead) grid.release();
          });
      return reading;
    },
    release: () => {
      if (released) return;
      released = true;
      if (reading) releaseWhenRead = true;
      else grid.release();
    },
  };
}
