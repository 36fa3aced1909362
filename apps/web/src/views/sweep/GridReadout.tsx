/**
 * What the pointer (or the keyboard cursor) is over: the grid point's
 * coordinates, the exact f64 output from core, and the f32 value the grid holds.
 */
import { getLoss } from '@losslab/core';
import { createMemo, createResource, Show } from 'solid-js';
import type { GridResult } from '../../compute/types';
import { formatExact, formatFloat32, formatNumber } from '../../lib/format';
import type { AppState } from '../../state/types';
import { exactOutput, outputLabel } from './spec';

export interface Cell {
  readonly i: number;
  readonly j: number;
}

export function GridReadout(props: {
  state: AppState;
  result: GridResult | undefined;
  cell: Cell | undefined;
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
    return {
      result,
      index: cell.j * result.x.coords.length + cell.i,
      x,
      y,
      exact: exactOutput(spec.loss, output, vars),
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
    const name = getLoss(props.state.loss).id;
    return `${name} ${outputLabel(p.output)}`;
  };
  return (
    <div class="readout" data-testid="readout" aria-live="polite">
      <Show
        when={point()}
        fallback={
          <span class="hint">Hover over the plot (or focus it and use the arrow keys) to read values.</span>
        }
      >
        {(p) => (
          <dl>
            <dt>{p().xName}</dt>
            <dd data-testid="readout-x">{formatExact(p().x)}</dd>
            <dt>{p().yName}</dt>
            <dd data-testid="readout-y">{formatExact(p().y)}</dd>
            <dt>{label()} (f64, core)</dt>
            <dd data-testid="readout-exact" data-value={String(p().exact)}>
              {p().exact === undefined ? 'outside the domain' : formatExact(p().exact!)}
            </dd>
            <dt>grid value (f32)</dt>
            <dd data-testid="readout-grid" data-value={gridValue.loading ? '' : String(gridValue())}>
              {gridValue.loading ? 'reading…' : gridValue() === undefined ? '—' : formatFloat32(gridValue()!)}
              <Show when={!gridValue.loading && gridValue() !== undefined && p().exact !== undefined}>
                {' '}
                <span class="hint">
                  (relative difference {formatNumber(relativeDifference(gridValue()!, p().exact!), 2)})
                </span>
              </Show>
            </dd>
          </dl>
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
