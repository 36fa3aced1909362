/**
 * A landscape's dataset on the GPU: uploaded once into a resident storage
 * buffer (one vec4 per point: x, y, weight, 0) and reused by every landscape
 * drawn from it while it is unchanged; moving one point rewrites that point's
 * 16 bytes, not the dataset.
 *
 * Two ways to hold one:
 * - a handle, `engine.createDataset(data)`: `set(i, x, y, weight?)` moves a
 *   point (the fit lab's drag), `update(data)` writes only the points that
 *   changed, `release()` frees it;
 * - a plain `Dataset` in the landscape spec (core's shape): the engine keeps
 *   the last few it uploaded and compares each spec's columns with them — the
 *   same content is reused, a few changed points are rewritten in place.
 *   The comparison is O(n), as is core's validation of the same columns;
 *   the GPU's work is O(grid · n).
 *
 * The dataset knows no loss: core validates it against the loss's form (labels
 * in {0, 1} for classification, …) on every landscape, from the host copy kept
 * here. What is checked here is what holds for every loss: finite x and y,
 * weights finite and ≥ 0, and the GPU's f32 input policy.
 */
import type { Dataset } from '@losslab/core';
import { F32_RANGE_TEXT, F32RangeError, isF32Representable } from './f32-policy.js';
import type { ResidentBuffer } from './runner.js';

/** Bytes per point in the GPU buffer: vec4<f32> (x, y, weight, 0). */
export const POINT_BYTES = 16;

/** A dataset held on the GPU (see `SweepEngine.createDataset`). */
export interface GpuDataset {
  /** Number of points, zero weights included. */
  readonly n: number;
  /** The resident buffer: n vec4<f32> (x, y, weight, 0), f32-rounded. */
  readonly buffer: GPUBuffer;
  /** Bumped by every change; a landscape drawn from the dataset reads the version current when it was submitted. */
  readonly version: number;
  /** The points as given (f64): what core validates, and what `landscape` reports against. */
  readonly data: Required<Dataset>;
  /**
   * Moves point i (16 bytes written; queued behind work already submitted,
   * so a landscape in flight keeps the old point). The weight stays as it was
   * when omitted. Throws a RangeError for a bad index or value.
   */
  set(i: number, x: number, y: number, weight?: number): void;
  /**
   * New contents: with the same number of points, only the points that
   * differ are written (returns how many); otherwise everything is. Validated
   * first; nothing is written on a RangeError.
   */
  update(data: Dataset): number;
  /** Frees the buffer; the dataset must not be used afterwards. */
  release(): void;
}

export interface DatasetHost {
  /** A resident buffer holding `bytes`. */
  resident(bytes: Float32Array<ArrayBuffer>, label: string): ResidentBuffer;
  /** The largest buffer one binding may hold. */
  readonly maxBindingBytes: number;
  /** Counts bytes written to datasets (upload and updates). */
  wrote(bytes: number): void;
  /** Throws the engine's GpuError once its device is lost or it is destroyed. */
  assertUsable(): void;
}

function columnOf(what: string, name: string, column: unknown, n: number | null): ArrayLike<number> {
  const length = (column as { length?: unknown } | null)?.length;
  if (
    typeof column !== 'object' ||
    column === null ||
    typeof length !== 'number' ||
    !Number.isInteger(length)
  )
    throw new RangeError(`${what}: column ${name} must be an array of numbers, got ${typeof column}`);
  if (n !== null && length !== n)
    throw new RangeError(`${what}: column ${name} has length ${length}, but x has length ${n}`);
  return column as ArrayLike<number>;
}

function refuse(what: string, name: string, index: number, value: number): F32RangeError {
  return new F32RangeError(
    `${what}: column ${name}, index ${index}: ${name} = ${String(value)} is outside the GPU's f32 range (${F32_RANGE_TEXT}); compute it on the CPU in f64`,
  );
}

/** One point's checks: finite x and y, a finite weight ≥ 0, every value within f32's range. */
function checkPoint(what: string, i: number, x: unknown, y: unknown, weight: unknown): void {
  for (const [name, value] of [
    ['x', x],
    ['y', y],
    ['weight', weight],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || (name === 'weight' && value < 0)) {
      const must = name === 'weight' ? 'a finite number ≥ 0' : 'a finite number';
      throw new RangeError(
        `${what}: column ${name} has ${String(value)} at index ${i}; every ${name} must be ${must}`,
      );
    }
    if (!isF32Representable(value)) throw refuse(what, name, i, value);
  }
}

/** Checks a whole dataset (lengths, values, f32 range); returns its columns and size. */
export function checkDataset(
  what: string,
  data: Dataset,
): { x: ArrayLike<number>; y: ArrayLike<number>; weight: ArrayLike<number> | null; n: number } {
  if (typeof data !== 'object' || data === null)
    throw new RangeError(`${what}: data must be { x, y, weight? }`);
  const x = columnOf(what, 'x', data.x, null);
  const n = x.length;
  if (n === 0) throw new RangeError(`${what}: the dataset is empty (column x has length 0)`);
  const y = columnOf(what, 'y', data.y, n);
  const weight = data.weight === undefined ? null : columnOf(what, 'weight', data.weight, n);
  for (let i = 0; i < n; i++) checkPoint(what, i, x[i], y[i], weight ? weight[i] : 1);
  return { x, y, weight, n };
}

/** The f32 words of points [from, to): x, y, weight, 0 each. */
function pack(
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  from: number,
  to: number,
): Float32Array<ArrayBuffer> {
  const out = new Float32Array((to - from) * 4);
  for (let i = from, k = 0; i < to; i++, k += 4) {
    out[k] = x[i]!;
    out[k + 1] = y[i]!;
    out[k + 2] = w[i]!;
  }
  return out;
}

export class ResidentDataset implements GpuDataset {
  readonly n: number;
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly w: Float64Array;
  /** Points whose weight is not 1: none, and the landscape kernel skips its weight multiply. */
  private nonUnit = 0;
  private readonly resident: ResidentBuffer;
  private released = false;
  /** Why the upload failed (out of memory, device lost), once it has: the dataset cannot be used. */
  private failure: unknown;
  version = 0;

  constructor(
    private readonly host: DatasetHost,
    data: Dataset,
    private readonly what = 'landscape dataset',
  ) {
    const checked = checkDataset(what, data);
    const bytes = checked.n * POINT_BYTES;
    if (bytes > host.maxBindingBytes) {
      throw new RangeError(
        `${what}: ${checked.n} points (${bytes} bytes at ${POINT_BYTES} per point) exceed the GPU's binding limit of ${host.maxBindingBytes} bytes`,
      );
    }
    this.n = checked.n;
    this.x = Float64Array.from(checked.x);
    this.y = Float64Array.from(checked.y);
    this.w = checked.weight ? Float64Array.from(checked.weight) : new Float64Array(this.n).fill(1);
    for (const v of this.w) if (v !== 1) this.nonUnit++;
    this.resident = host.resident(pack(this.x, this.y, this.w, 0, this.n), 'losslab landscape dataset');
    this.resident.ready.catch((error: unknown) => {
      this.failure = error;
    });
    host.wrote(bytes);
  }

  /** The upload's failure, if it failed (the buffer is gone: a landscape from it would read nothing). */
  get failed(): unknown {
    return this.failure;
  }

  get buffer(): GPUBuffer {
    return this.resident.buffer;
  }

  /** Settles when the upload was accepted by the GPU. */
  get ready(): Promise<void> {
    return this.resident.ready;
  }

  get data(): Required<Dataset> {
    return { x: this.x, y: this.y, weight: this.w };
  }

  /** True where some weight is not 1. */
  get weighted(): boolean {
    return this.nonUnit > 0;
  }

  private assertHeld(what: string): void {
    this.host.assertUsable();
    if (this.released) throw new Error(`GpuDataset.${what}() after release()`);
  }

  set(i: number, x: number, y: number, weight?: number): void {
    this.assertHeld('set');
    if (!Number.isInteger(i) || i < 0 || i >= this.n)
      throw new RangeError(`${this.what}: point index ${String(i)} is not an integer in [0, ${this.n - 1}]`);
    const w = weight ?? this.w[i]!;
    checkPoint(this.what, i, x, y, w);
    this.store(i, x, y, w);
    this.flush(i, i + 1);
  }

  update(data: Dataset): number {
    this.assertHeld('update');
    const checked = checkDataset(this.what, data);
    if (checked.n !== this.n)
      throw new RangeError(`${this.what}: update() needs ${this.n} points, got ${checked.n}`);
    let changed = 0;
    let runStart = -1;
    for (let i = 0; i <= this.n; i++) {
      const differs =
        i < this.n &&
        (checked.x[i] !== this.x[i] ||
          checked.y[i] !== this.y[i] ||
          (checked.weight ? checked.weight[i]! : 1) !== this.w[i]);
      if (differs) {
        this.store(i, checked.x[i]!, checked.y[i]!, checked.weight ? checked.weight[i]! : 1);
        changed++;
        if (runStart < 0) runStart = i;
      } else if (runStart >= 0) {
        // One write per run of consecutive changed points.
        this.flush(runStart, i);
        runStart = -1;
      }
    }
    return changed;
  }

  /** How many points differ from `data` (which has n points and passed checkDataset). */
  differences(
    data: { x: ArrayLike<number>; y: ArrayLike<number>; weight: ArrayLike<number> | null },
    stopAt: number,
  ): number {
    let count = 0;
    for (let i = 0; i < this.n && count < stopAt; i++) {
      if (
        data.x[i] !== this.x[i] ||
        data.y[i] !== this.y[i] ||
        (data.weight ? data.weight[i]! : 1) !== this.w[i]
      )
        count++;
    }
    return count;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.resident.release();
  }

  get isReleased(): boolean {
    return this.released;
  }

  private store(i: number, x: number, y: number, w: number): void {
    if (this.w[i] !== 1) this.nonUnit--;
    if (w !== 1) this.nonUnit++;
    this.x[i] = x;
    this.y[i] = y;
    this.w[i] = w;
  }

  private flush(from: number, to: number): void {
    const bytes = pack(this.x, this.y, this.w, from, to);
    this.resident.write(from * POINT_BYTES, bytes);
    this.host.wrote(bytes.byteLength);
    this.version++;
  }
}

/**
 * The engine's plain datasets: the last few uploaded, found again by content.
 * A spec's columns equal to one held are that one; differing in a few points
 * (a dragged point), that one is rewritten there; otherwise a new upload, the
 * least recently used one released.
 */
export class DatasetCache {
  private readonly held: ResidentDataset[] = [];

  constructor(
    private readonly host: DatasetHost,
    private readonly capacity = 4,
  ) {}

  /** A resident dataset holding `data` (already validated by core), uploading only what differs. */
  acquire(data: Dataset, what: string): ResidentDataset {
    const checked = checkDataset(what, data);
    // Rewriting in place pays up to a quarter of the points; beyond that, a fresh upload.
    const limit = Math.max(1, Math.floor(checked.n / 4));
    let best: ResidentDataset | undefined;
    let bestDiff = limit + 1;
    // A dataset whose upload failed is gone (its buffer with it).
    for (const d of this.held.filter((d) => d.failed !== undefined)) {
      this.held.splice(this.held.indexOf(d), 1);
      d.release();
    }
    for (const d of this.held) {
      if (d.n !== checked.n) continue;
      const diff = d.differences(checked, bestDiff);
      if (diff < bestDiff) {
        best = d;
        bestDiff = diff;
      }
      if (diff === 0) break;
    }
    let chosen: ResidentDataset;
    if (best && bestDiff <= limit) {
      if (bestDiff > 0) best.update(data);
      chosen = best;
      this.held.splice(this.held.indexOf(best), 1);
    } else {
      chosen = new ResidentDataset(this.host, data, what);
      while (this.held.length >= this.capacity) this.held.shift()!.release();
    }
    this.held.push(chosen);
    return chosen;
  }

  get size(): number {
    return this.held.length;
  }

  clear(): void {
    for (const d of this.held) d.release();
    this.held.length = 0;
  }
}
