import { checkGrid } from '../grid';
import type { GridSource } from '../types';

/**
 * Resolves a GridSource to a storage buffer the shaders can bind. A GPU
 * source is bound as is (no copy); a CPU source is uploaded to a buffer this
 * object owns, grown when needed.
 */
export class GridBinding {
  private owned: GPUBuffer | null = null;

  constructor(private readonly device: GPUDevice) {}

  resolve(source: GridSource): GPUBuffer {
    checkGrid(source);
    if (source.kind === 'gpu') return source.buffer;
    const bytes = source.nx * source.ny * 4;
    if (!this.owned || this.owned.size < bytes) {
      this.owned?.destroy();
      this.owned = this.device.createBuffer({
        label: 'losslab render grid (uploaded)',
        size: bytes,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
    }
    const { data } = source;
    this.device.queue.writeBuffer(this.owned, 0, data.buffer, data.byteOffset, bytes);
    return this.owned;
  }

  destroy(): void {
    this.owned?.destroy();
    this.owned = null;
  }
}
