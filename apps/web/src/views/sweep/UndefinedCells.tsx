/**
 * Why cells of a sweep are undefined. A custom formula can be undefined
 * where the catalog never is (log of a negative number, 0/0): the sweep
 * marks those cells NaN and counts them, and this note says how many and,
 * at the first of them, which part of the formula failed — never a picture
 * with holes (or none at all) and no word why.
 */
import { evaluate, explainUndefined, type LossDef } from '@losslab/core';
import { createEffect, createSignal, Show } from 'solid-js';
import type { GridResult } from '../../compute/types';
import { formatExact, formatNumber } from '../../lib/format';

export interface UndefinedSummary {
  readonly count: number;
  readonly total: number;
  /** Where the first undefined cell is, e.g. "r = −2, c = 1". */
  readonly at: string;
  /** What failed there, in core's words. */
  readonly reason: string;
}

/** The first NaN cell of a custom loss's sweep, explained; undefined when there is none. */
export function summarizeUndefined(
  loss: LossDef,
  result: Pick<GridResult, 'spec' | 'stats' | 'x' | 'y'>,
  values: ArrayLike<number>,
): UndefinedSummary | undefined {
  const count = result.stats.nanCount;
  if (count === 0) return undefined;
  let index = -1;
  for (let k = 0; k < values.length; k++) {
    if (Number.isNaN(values[k]!)) {
      index = k;
      break;
    }
  }
  const total = result.x.coords.length * result.y.coords.length;
  if (index < 0) return { count, total, at: '', reason: 'the grid was redrawn before it could be read' };
  const spec = result.spec;
  const x = result.x.coords[index % result.x.coords.length]!;
  const y = result.y.coords[Math.floor(index / result.x.coords.length)]!;
  const point: Record<string, number> = { ...spec.fixed, [spec.x.variable]: x, [spec.y.variable]: y };
  const output = spec.output ?? 'value';
  const at = loss.variables.map((v) => `${v.name} = ${formatExact(point[v.name] ?? Number.NaN)}`).join(', ');
  const why = explainUndefined(loss, point, output);
  if (why !== null) return { count, total, at, reason: why };
  // Defined in f64 but not in the grid's f32 (an intermediate beyond f32's range, on the GPU).
  let exact: string;
  try {
    exact = formatNumber(evaluate(loss, point), 6);
  } catch {
    exact = 'not defined either';
  }
  return {
    count,
    total,
    at,
    reason: `f32 arithmetic gives NaN here (core's f64 value is ${exact}): an intermediate leaves the f32 range`,
  };
}

export function UndefinedCells(props: { result: GridResult | undefined }) {
  const [summary, setSummary] = createSignal<UndefinedSummary | undefined>(undefined);
  createEffect(() => {
    const result = props.result;
    const loss = result?.spec.loss;
    setSummary(undefined);
    // Only a custom loss has undefined cells: the catalog's NaNs are partials where the value is ±∞.
    if (!result || typeof loss !== 'object' || result.stats.nanCount === 0) return;
    void result.values().then(
      (values) => {
        if (props.result === result) setSummary(summarizeUndefined(loss, result, values));
      },
      () => {},
    );
  });
  return (
    <Show when={summary()}>
      {(s) => (
        <p class="note-undefined" role="note" data-testid="undefined-cells" data-count={s().count}>
          {s().count === s().total ? 'Every cell' : `${s().count} of ${s().total} cells`} of this sweep{' '}
          {s().count === 1 ? 'is' : 'are'} undefined (drawn in the −∞ colour)
          {s().at ? `; at ${s().at}: ${s().reason}.` : `: ${s().reason}.`}
        </p>
      )}
    </Show>
  );
}
