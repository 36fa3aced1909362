/**
 * Pooled GPU buffers. Sweeps reuse buffers of the same size class and usage
 * instead of allocating per call; idle buffers beyond a byte budget are
 * destroyed, oldest first. `liveBytes` counts every buffer the pool has
 * created and not destroyed, in use or idle: the memory tests hold it bounded
 * over thousands of sweeps (idle bytes stay within the budget plus the most
 * recently released buffer).
 */

interface Entry {
  readonly buffer: GPUBuffer;
  readonly key: string;
}

/**
 * The size class of a request: rounded up to 1/8 of its power of two (at
 * most 12.5% waste), at least 256 bytes, never beyond `limit`.
 */
export function sizeClass(bytes: number, limit: number): number {
  const need = Math.max(256, Math.ceil(bytes / 16) * 16);
  const step = 2 ** Math.max(4, Math.floor(Math.log2(need)) - 3);
  return Math.min(Math.ceil(need / step) * step, Math.max(bytes, Math.floor(limit / 16) * 16));
}

export class BufferPool {
  private readonly idle = new Map<string, GPUBuffer[]>();
  /** Idle buffers, oldest first (eviction order). */
  private readonly idleOrder: Entry[] = [];
  private readonly owned = new Map<GPUBuffer, string>();
  private live = 0;
  private idleTotal = 0;

  constructor(
    private readonly device: GPUDevice,
    /** Idle bytes kept for reuse; more are destroyed. */
    private readonly maxIdleBytes: number,
    /** The largest buffer the device allows. */
    private readonly maxBufferSize: number,
  ) {}

  /** Every byte of every buffer the pool holds (in use or idle). */
  get liveBytes(): number {
    return this.live;
  }

  get idleBytes(): number {
    return this.idleTotal;
  }

  get liveBuffers(): number {
    return this.owned.size;
  }

  /** A buffer of at least `bytes` with exactly `usage`. Call inside an error scope: allocation may fail. */
  acquire(bytes: number, usage: GPUBufferUsageFlags, label: string): GPUBuffer {
    const size = sizeClass(bytes, this.maxBufferSize);
    const key = `${usage}:${size}`;
    const reuse = this.idle.get(key)?.pop();
    if (reuse) {
      const at = this.idleOrder.findIndex((e) => e.buffer === reuse);
      this.idleOrder.splice(at, 1);
      this.idleTotal -= size;
      return reuse;
    }
    const buffer = this.device.createBuffer({ size, usage, label });
    this.owned.set(buffer, key);
    this.live += size;
    return buffer;
  }

  /**
   * Returns a buffer for reuse. Safe right after a submit that uses it: any
   * later write to it is queued behind that work.
   */
  release(buffer: GPUBuffer): void {
    const key = this.owned.get(buffer);
    if (key === undefined) return;
    let list = this.idle.get(key);
    if (!list) {
      list = [];
      this.idle.set(key, list);
    }
    if (list.includes(buffer)) return;
    list.push(buffer);
    this.idleOrder.push({ buffer, key });
    this.idleTotal += buffer.size;
    // Beyond the budget the oldest go, but the newest stays even if it alone is larger: a
    // 1 GiB grid swept again and again reuses its buffer rather than allocating (and having
    // WebGPU zero) a fresh one every time.
    while (this.idleTotal > this.maxIdleBytes && this.idleOrder.length > 1) {
      const oldest = this.idleOrder.shift()!;
      const bucket = this.idle.get(oldest.key)!;
      bucket.splice(bucket.indexOf(oldest.buffer), 1);
      this.idleTotal -= oldest.buffer.size;
      this.forget(oldest.buffer);
    }
  }

  /** Destroys a buffer now (one that failed to allocate, or whose contents must not be reused). */
  discard(buffer: GPUBuffer): void {
    const key = this.owned.get(buffer);
    if (key === undefined) return;
    const list = this.idle.get(key);
    const at = list?.indexOf(buffer) ?? -1;
    if (list && at >= 0) {
      list.splice(at, 1);
      this.idleOrder.splice(
        this.idleOrder.findIndex((e) => e.buffer === buffer),
        1,
      );
      this.idleTotal -= buffer.size;
    }
    this.forget(buffer);
  }

  /**
   * Destroys a buffer that was released, if it is still idle. One that a later
   * operation has acquired since is that operation's now, and stays: its work
   * may be queued already (destroying it would fail that work with a
   * validation error), and a failed allocation would report itself there.
   */
  discardIfIdle(buffer: GPUBuffer): void {
    const key = this.owned.get(buffer);
    if (key !== undefined && this.idle.get(key)?.includes(buffer)) this.discard(buffer);
  }

  /** Destroys every buffer, in use or idle. */
  destroy(): void {
    for (const buffer of [...this.owned.keys()]) this.forget(buffer);
    this.idle.clear();
    this.idleOrder.length = 0;
    this.idleTotal = 0;
  }

  private forget(buffer: GPUBuffer): void {
    if (!this.owned.delete(buffer)) return;
    this.live -= buffer.size;
    // WebGPU finishes queued work that uses a destroyed buffer before freeing it.
    buffer.destroy();
  }
}
