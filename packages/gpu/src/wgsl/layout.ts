/**
 * How a sweep kernel maps invocations to grid points. The write pattern sets
 * the achievable bandwidth (a naive 16×16 tiling reached about half of fill
 * bandwidth on an H100), so it is a parameter: scripts/h100-bench.ts compares
 * layouts on real hardware and the fastest becomes `defaultLayout`.
 *
 * 'rows': workgroup (gx, j) covers a contiguous stretch of row j, so no
 * invocation divides by nx and every store is part of one contiguous run.
 * Each invocation computes `valuesPerThread` points: adjacent ones
 * ('contiguous', a single vec2/vec4 store when nx is a multiple of it), or
 * ones a workgroup apart ('strided', each store coalesced across the workgroup).
 * 'tiles2d': the textbook size×size tiling, kept for comparison.
 */
export type WriteLayout =
  | {
      readonly kind: 'rows';
      readonly workgroupSize: 64 | 128 | 256;
      readonly valuesPerThread: 1 | 2 | 4;
      readonly store: 'contiguous' | 'strided';
    }
  | { readonly kind: 'tiles2d'; readonly size: 8 | 16 };

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
  { kind: 'tiles2d', size: 16 },
];

export function layoutKey(layout: WriteLayout): string {
  return layout.kind === 'rows'
    ? `rows${layout.workgroupSize}x${layout.valuesPerThread}${layout.store === 'strided' ? 's' : 'c'}`
    : `tiles${layout.size}`;
}

/** Whether a grid of nx columns is written with vector stores under this layout. */
export function usesVectorStores(layout: WriteLayout, nx: number): boolean {
  return (
    layout.kind === 'rows' &&
    layout.store === 'contiguous' &&
    layout.valuesPerThread > 1 &&
    nx % layout.valuesPerThread === 0
  );
}

/** Workgroups to dispatch for nx columns × rows rows (each dimension ≤ 65535 for nx, rows ≤ 65535). */
export function sweepDispatch(layout: WriteLayout, nx: number, rows: number): [number, number] {
  if (layout.kind === 'tiles2d') return [Math.ceil(nx / layout.size), Math.ceil(rows / layout.size)];
  return [Math.ceil(nx / (layout.workgroupSize * layout.valuesPerThread)), rows];
}

export function checkLayout(layout: WriteLayout): void {
  const ok =
    layout.kind === 'rows'
      ? [64, 128, 256].includes(layout.workgroupSize) &&
        [1, 2, 4].includes(layout.valuesPerThread) &&
        (layout.store === 'contiguous' || layout.store === 'strided')
      : layout.kind === 'tiles2d' && (layout.size === 8 || layout.size === 16);
  if (!ok) throw new RangeError(`unsupported write layout ${JSON.stringify(layout)}`);
}
