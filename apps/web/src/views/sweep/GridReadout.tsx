/**
 * What the pointer (or the keyboard cursor) is over: the grid point's
 * coordinates, the shown output's exact f64 value from core next to the f32
 * value the grid holds, and, as Curves' probe table does, the loss's value
 * and every partial derivative there.
 */
import { continuousVariables, resolveLoss } from '@losslab/core';
import { createMemo, createResource, For, Show } from 'solid-js';
import type { GridResult } from '../../compute/types';
import { formatExact, formatFloat32, formatNumber } from '../../lib/format';
import { variableOf } from '../../state/loss-setup';
import type { AppState } from '../../state/types';
import { exactOutput, exactOutputs, lossIdOf, outputLabel, undefinedReason } from './spec';

export interface Cell {
  readonly i: number;
  readonly j: number;
}

export function GridReadout(props: {
  state: AppState;
  result: GridResult | undefined;
  cell: Cell | undefined;
  /** What the empty readout tells the user to do. */
  hint?: string;
}) {
  const point = createMemo(() => {
    const result = props.result;
    const cell = props.cell;
    if (!result || !cell) return undefined;
    const x = result.x.coords[cell.i];
    const y = result.y.coords[cell.j];
    if (x === undefined || y === undefined) return undefined;
    const spec = result.spec;
    const vars = { ...spec.fixed, [spec.x.variable]: x, [spec.y.variable]: y };
    const output = spec.output ?? 'value';
    const exact = exactOutput(spec.loss, output, vars);
    return {
      result,
      index: cell.j * result.x.coords.length + cell.i,
      x,
      y,
      exact,
      undefinedReason: exact === undefined ? undefinedReason(spec.loss, output, vars) : undefined,
      all: exactOutputs(spec.loss, vars),
      loss: spec.loss,
      xName: spec.x.variable,
      yName: spec.y.variable,
      output,
    };
  });
  const [gridValue] = createResource(point, async (p) => {
    const values = await p.result.values();
    return values[p.index];
  });
  const label = () => {
    const p = point();
    if (!p) return '';
    return `${lossIdOf(p.loss)} ${outputLabel(p.output)}`;
  };
  return (
    <div class="readout" data-testid="readout" aria-live="polite">
      <Show
        when={point()}
        fallback={
          <span class="hint">
            {props.hint ?? 'Hover over the plot (or focus it and use the arrow keys) to read values.'}
          </span>
        }
      >
        {(p) => (
          <>
            <dl>
              <dt>{p().xName}</dt>
              <dd data-testid="readout-x">{formatExact(p().x)}</dd>
              <dt>{p().yName}</dt>
              <dd data-testid="readout-y">{formatExact(p().y)}</dd>
              <dt>{label()} (f64, core)</dt>
              <dd data-testid="readout-exact" data-value={String(p().exact)}>
                {p().exact !== undefined
                  ? formatExact(p().exact!)
                  : p().undefinedReason !== undefined
                    ? `undefined: ${p().undefinedReason}`
                    : 'outside the domain'}
              </dd>
              <dt>grid value (f32)</dt>
              <dd data-testid="readout-grid" data-value={gridValue.loading ? '' : String(gridValue())}>
                {gridValue.loading
                  ? 'reading…'
                  : gridValue() === undefined
                    ? '—'
                    : formatFloat32(gridValue()!)}
                <Show when={!gridValue.loading && gridValue() !== undefined && p().exact !== undefined}>
                  {' '}
                  <span class="hint">
                    {Number.isFinite(p().exact!) && !Number.isFinite(gridValue()!)
                      ? '(beyond f32’s range: the grid holds f32 values, this one is finite in f64)'
                      : `(relative difference ${formatNumber(relativeDifference(gridValue()!, p().exact!), 2)})`}
                  </span>
                </Show>
              </dd>
            </dl>
            <Show when={p().all}>
              {(all) => (
                <table class="readout-table" data-testid="readout-table">
                  <caption class="hint">Value and gradient here (exact f64, core)</caption>
                  <thead>
                    <tr>
                      <th scope="col">Output</th>
                      <th scope="col" class="num">
                        At the cursor
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr data-output="value" aria-current={p().output === 'value' ? 'true' : undefined}>
                      <th scope="row">value{p().output === 'value' ? ' (shown)' : ''}</th>
                      <td class="num" data-testid="readout-value" data-value={String(all().value)}>
                        {formatExact(all().value)}
                      </td>
                    </tr>
                    <For each={continuousVariables(resolveLoss(p().loss))}>
                      {(name) => {
                        const shown = () =>
                          p().output !== 'value' && (p().output as { partial: string }).partial === name;
                        return (
                          <tr data-output={`d.${name}`} aria-current={shown() ? 'true' : undefined}>
                            <th scope="row" title={variableOf(resolveLoss(p().loss), name)?.label}>
                              ∂/∂{name}
                              {shown() ? ' (shown)' : ''}
                            </th>
                            <td
                              class="num"
                              data-testid={`readout-partial-${name}`}
                              data-value={String(all().partials[name])}
                            >
                              {formatExact(all().partials[name] ?? Number.NaN)}
                            </td>
                          </tr>
                        );
                      }}
                    </For>
                  </tbody>
                </table>
              )}
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}

function relativeDifference(single: number, exact: number): number {
  if (single === exact) return 0;
  if (!Number.isFinite(single) || !Number.isFinite(exact)) return Number.NaN;
  return Math.abs(single - exact) / Math.max(Math.abs(exact), Number.MIN_VALUE);
}
