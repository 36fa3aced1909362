/**
 * Why cells of a sweep are undefined. A custom formula can be undefined
 * where the catalog never is (log of a negative number, 0/0): the sweep
 * marks those cells NaN and counts them, and this note says how many and,
 * at the first of them, which part of the formula failed — never a picture
 * with holes (or none at all) and no word why.
 */
import { evaluate, explainUndefined, type LossDef, sweep } from '@losslab/core';
import { createEffect, createMemo, createSignal, Show } from 'solid-js';
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

/** Points per axis of the value sweep that checks a partial's grid: cheap, on the main thread. */
const VALUE_CHECK_SIZE = 64;

/**
 * Where a partial of a custom loss is shown: the share of the range where
 * the loss's value is undefined (and so is the partial, whatever the
 * derivative's own formula gives there: 1/r for log(r) at r < 0), from a
 * coarse f64 value sweep, with the first such point explained.
 */
export function undefinedValueUnderPartial(
  loss: LossDef,
  spec: GridResult['spec'],
): { share: number; at: string; reason: string } | undefined {
  if (spec.output === undefined || spec.output === 'value') return undefined;
  const size = VALUE_CHECK_SIZE;
  let grid: ReturnType<typeof sweep>;
  try {
    grid = sweep({ ...spec, loss, x: { ...spec.x, size }, y: { ...spec.y, size }, output: 'value' });
  } catch {
    return undefined;
  }
  if (grid.nanCount === 0) return undefined;
  const index = Array.prototype.findIndex.call(grid.data, (v: number) => Number.isNaN(v));
  const point: Record<string, number> = {
    ...spec.fixed,
    [spec.x.variable]: grid.x.coords[index % size]!,
    [spec.y.variable]: grid.y.coords[Math.floor(index / size)]!,
  };
  return {
    share: grid.nanCount / grid.data.length,
    at: loss.variables.map((v) => `${v.name} = ${formatExact(point[v.name] ?? Number.NaN)}`).join(', '),
    reason: explainUndefined(loss, point, 'value') ?? 'the value is NaN',
  };
}

export function UndefinedCells(props: { result: GridResult | undefined }) {
  const [summary, setSummary] = createSignal<UndefinedSummary | undefined>(undefined);
  const underPartial = createMemo(() => {
    const result = props.result;
    const loss = result?.spec.loss;
    return result && typeof loss === 'object' ? undefinedValueUnderPartial(loss, result.spec) : undefined;
  });
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
    <>
      <Show when={summary()}>
        {(s) => (
          <p class="note-undefined" role="note" data-testid="undefined-cells" data-count={s().count}>
            {s().count === s().total ? 'Every cell' : `${s().count} of ${s().total} cells`} of this sweep{' '}
            {s().count === 1 ? 'is' : 'are'} undefined (drawn in the −∞ colour)
            {s().at ? `; at ${s().at}: ${s().reason}.` : `: ${s().reason}.`}
          </p>
        )}
      </Show>
      <Show when={underPartial()}>
        {(u) => (
          <p class="note-undefined" role="note" data-testid="undefined-value">
            The loss itself is undefined on about {formatNumber(100 * u().share, 2)}% of this range (at{' '}
            {u().at}: {u().reason}), and so is this partial there: those cells show what the derivative’s
            formula gives, not a slope of the loss.
          </p>
        )}
      </Show>
    </>
  );
}
