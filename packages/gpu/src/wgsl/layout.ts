/**
 * How a sweep kernel maps invocations to grid points. The write pattern sets
 * the achievable bandwidth (a naive 16×16 tiling reached about half of fill
 * bandwidth on an H100), so it is a parameter: apps/bench/src/layouts.ts
 * compares layouts on real hardware and the fastest becomes `defaultLayout`.
 *
 * 'rows': workgroup (gx, j) covers a contiguous stretch of row j, so no
 * invocation divides by nx and every store is part of one contiguous run.
 * Each invocation computes `valuesPerThread` points: adjacent ones
 * ('contiguous', a single vec2/vec4 store when nx is a multiple of it), or
 * ones a workgroup apart ('strided', each store coalesced across the workgroup).
 * 'flat': invocation t computes points V·t … V·t + V − 1 of the tile in
 * row-major order (one u32 division by nx per invocation, no idle lanes
 * however narrow the grid); a vec2/vec4 store when nx is a multiple of V.
 * 'tiles2d': the textbook size×size tiling, kept for comparison.
 */
export type WriteLayout =
  | {
      readonly kind: 'rows';
      readonly workgroupSize: 64 | 128 | 256;
      readonly valuesPerThread: 1 | 2 | 4;
      readonly store: 'contiguous' | 'strided';
    }
  | { readonly kind: 'flat'; readonly workgroupSize: 64 | 128 | 256; readonly valuesPerThread: 1 | 2 | 4 }
  | { readonly kind: 'tiles2d'; readonly size: 8 | 16 };

/**
 * Chosen on an H100 (2026-11-23, by the run now in apps/bench/src/layouts.ts):
 * rows of 256 threads, 4 contiguous values each, was fastest for 36 of 39
 * losses and reached 94–99.6% of the fill bandwidth on the memory-bound ones
 * (flat vec4: 79–99%).
 */
export const defaultLayout: WriteLayout = {
  kind: 'rows',
  workgroupSize: 256,
  valuesPerThread: 4,
  store: 'contiguous',
};

/** The layouts the benchmark compares. */
export const benchmarkLayouts: readonly WriteLayout[] = [
  { kind: 'rows', workgroupSize: 256, valuesPerThread: 1, store: 'contiguous' },
  { kind: 'rows', workgroupSize: 256, valuesPerThread: 4, store: 'contiguous' },
  { kind: 'rows', workgroupSize: 256, valuesPerThread: 4, store: 'strided' },
  { kind: 'rows', workgroupSize: 128, valuesPerThread: 2, store: 'contiguous' },
  { kind: 'flat', workgroupSize: 256, valuesPerThread: 1 },
  { kind: 'flat', workgroupSize: 256, valuesPerThread: 4 },
  { kind: 'tiles2d', size: 16 },
];

export function layoutKey(layout: WriteLayout): string {
  switch (layout.kind) {
    case 'rows':
      return `rows${layout.workgroupSize}x${layout.valuesPerThread}${layout.store === 'strided' ? 's' : 'c'}`;
    case 'flat':
      return `flat${layout.workgroupSize}x${layout.valuesPerThread}`;
    case 'tiles2d':
      return `tiles${layout.size}`;
  }
}

/** Whether a grid of nx columns is written with vector stores under this layout. */
export function usesVectorStores(layout: WriteLayout, nx: number): boolean {
  const contiguous = layout.kind === 'flat' || (layout.kind === 'rows' && layout.store === 'contiguous');
  return contiguous && layout.valuesPerThread > 1 && nx % layout.valuesPerThread === 0;
}

/**
 * Workgroups to dispatch for nx columns × rows rows of a tile. 'rows' and
 * 'tiles2d' stay within 65535 per dimension for nx, rows ≤ 65535; 'flat'
 * spreads its workgroups over two dimensions.
 */
export function sweepDispatch(
  layout: WriteLayout,
  nx: number,
  rows: number,
  perDimension = 65535,
): [number, number] {
  switch (layout.kind) {
    case 'tiles2d':
      return [Math.ceil(nx / layout.size), Math.ceil(rows / layout.size)];
    case 'rows':
      return [Math.ceil(nx / (layout.workgroupSize * layout.valuesPerThread)), rows];
    case 'flat': {
      const groups = Math.ceil(Math.ceil((nx * rows) / layout.valuesPerThread) / layout.workgroupSize);
      if (groups <= perDimension) return [Math.max(1, groups), 1];
      const y = Math.ceil(groups / perDimension);
      return [Math.ceil(groups / y), y];
    }
  }
}

export function checkLayout(layout: WriteLayout): void {
  const sizes: number[] = [64, 128, 256];
  const values: number[] = [1, 2, 4];
  let ok: boolean;
  switch (layout.kind) {
    case 'rows':
      ok =
        sizes.includes(layout.workgroupSize) &&
        values.includes(layout.valuesPerThread) &&
        (layout.store === 'contiguous' || layout.store === 'strided');
      break;
    case 'flat':
      ok = sizes.includes(layout.workgroupSize) && values.includes(layout.valuesPerThread);
      break;
    case 'tiles2d':
      ok = layout.size === 8 || layout.size === 16;
      break;
    default:
      ok = false;
  }
  if (!ok) throw new RangeError(`unsupported write layout ${JSON.stringify(layout)}`);
}
