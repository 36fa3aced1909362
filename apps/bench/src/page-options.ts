/**
 * The bench page's form → BenchOptions. "Quick run" runs exactly what is
 * ticked (losses, sizes, backends) with the quick repetitions; "Run
 * benchmark" with the repetitions typed in. Kept apart from the DOM so a unit
 * test holds it to that.
 */
import { quickOptions } from './measure.js';
import type { BackendId, BenchOptions } from './types.js';

export interface PageForm {
  readonly losses: readonly string[];
  readonly sizes: readonly number[];
  /** As ticked: 'gpu' stands for both GPU rows (into a buffer, and with readback). */
  readonly backends: readonly BackendId[];
  /** The typed repetitions (NaN when the field is empty: `valueAsNumber`). */
  readonly reps: number;
  readonly warmup: number;
}

export function pageOptions(form: PageForm, quick: boolean): BenchOptions {
  for (const [what, list] of [
    ['loss', form.losses],
    ['size', form.sizes],
    ['backend', form.backends],
  ] as const) {
    if (list.length === 0) throw new Error(`tick at least one ${what}`);
  }
  const base = {
    losses: [...form.losses],
    sizes: [...form.sizes],
    backends: form.backends.flatMap((b) => (b === 'gpu' ? (['gpu', 'gpu-readback'] as const) : [b])),
    // Reading a 16384² grid back means a 1 GiB array in the tab: keep readback to 4096² here.
    maxSize: { 'gpu-readback': 4096 },
    quick,
  };
  if (quick)
    return { ...base, reps: quickOptions.reps, warmup: quickOptions.warmup, budgetS: quickOptions.budgetS };
  return {
    ...base,
    // An empty field means the default; a number below the minimum means the minimum.
    reps: Math.max(3, Number.isFinite(form.reps) ? form.reps : 10),
    warmup: Math.max(1, Number.isFinite(form.warmup) ? form.warmup : 2),
    budgetS: 20,
  };
}
