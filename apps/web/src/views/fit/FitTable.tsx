/**
 * The legend of the fits: each loss's colour, its exact w, b and total from
 * core's fitModel, whether the fit is global and unique, and its error on
 * held-out data against the first loss's. The DOM carries the full-precision
 * numbers (data-w, data-b, data-value) for tests and scripts.
 */
import { Index, Show } from 'solid-js';
import type { TestError } from '../../fit/compute';
import { type FitTask, heldOutDescription } from '../../fit/presets';
import { formatNumber } from '../../lib/format';
import type { ShownFit } from './model';

export interface FitRow extends ShownFit {
  readonly test: TestError | undefined;
}

const percent = (x: number) => `${formatNumber(x * 100, 3)}%`;

function statusOf(fit: ShownFit): { text: string; title: string } {
  const o = fit.outcome;
  if (o.kind === 'no-minimizer') return { text: 'no finite minimizer', title: o.message };
  if (o.kind === 'error') return { text: 'cannot fit', title: o.message };
  const r = o.result;
  const parts = [r.global ? 'global' : 'local'];
  if (!r.unique) parts.push('not unique');
  return { text: parts.join(', '), title: r.method };
}

export function FitTable(props: { task: FitTask; rows: readonly FitRow[]; heldOut: boolean }) {
  const reference = () => {
    const first = props.rows[0];
    return first?.test && first.outcome.kind === 'fit' ? first : undefined;
  };
  const testLabel = () => (props.task === 'regression' ? 'Test RMSE' : 'Test error');
  return (
    <div class="table-scroll">
      <table class="fit-table" data-testid="fit-table">
        <caption class="hint">
          Exact fits from core (fitModel).{' '}
          {props.heldOut
            ? `Held-out: ${heldOutDescription(props.task)}`
            : 'Imported data has no generator, so there is no held-out test error.'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Loss</th>
            <th scope="col" class="num">
              w
            </th>
            <th scope="col" class="num">
              b
            </th>
            <th scope="col" class="num">
              L(w, b)
            </th>
            <th scope="col">Minimum</th>
            <Show when={props.heldOut}>
              <th scope="col" class="num">
                {testLabel()}
              </th>
              <th scope="col" class="num">
                vs {reference()?.label ?? 'first'}
              </th>
            </Show>
          </tr>
        </thead>
        <tbody>
          <Index each={props.rows}>
            {(row) => {
              const result = () => {
                const o = row().outcome;
                return o.kind === 'fit' ? o.result : undefined;
              };
              const test = () => row().test;
              const failure = () => {
                const o = row().outcome;
                if (o.kind === 'no-minimizer')
                  return 'No finite minimizer: L keeps falling as the line steepens without end. Add a ridge (l2 > 0), or make the classes overlap.';
                return o.kind === 'error' ? o.message : '';
              };
              const status = () => statusOf(row());
              const change = () => {
                const ref = reference();
                const mine = test();
                if (!ref?.test || !mine || ref.id === row().id) return undefined;
                return ref.test.value > 0 ? mine.value / ref.test.value - 1 : undefined;
              };
              return (
                <tr
                  data-testid={`fit-${row().id}`}
                  data-status={
                    row().outcome.kind === 'fit'
                      ? result()!.global
                        ? 'global'
                        : 'local'
                      : row().outcome.kind
                  }
                  data-w={result() ? String(result()!.w) : undefined}
                  data-b={result() ? String(result()!.b) : undefined}
                  data-value={result() ? String(result()!.value) : undefined}
                  data-unique={result() ? String(result()!.unique) : undefined}
                  data-test-error={test() ? String(test()!.value) : undefined}
                >
                  <th scope="row">
                    <span class="line-key" style={{ background: row().color }} />
                    {row().label}
                  </th>
                  <Show
                    when={result()}
                    fallback={
                      <td colSpan={3} class="fit-failure" role="note">
                        {failure()}
                      </td>
                    }
                  >
                    {(r) => (
                      <>
                        <td class="num">{formatNumber(r().w, 5)}</td>
                        <td class="num">{formatNumber(r().b, 5)}</td>
                        <td class="num">{formatNumber(r().value, 5)}</td>
                      </>
                    )}
                  </Show>
                  <td title={status().title}>
                    <span class={`fit-status ${result()?.global ? 'yes' : 'no'}`}>{status().text}</span>
                  </td>
                  <Show when={props.heldOut}>
                    <td class="num">
                      {test()
                        ? test()!.metric === 'rmse'
                          ? formatNumber(test()!.value, 4)
                          : percent(test()!.value)
                        : '—'}
                    </td>
                    <td
                      class="num"
                      classList={{ better: (change() ?? 0) < -0.005, worse: (change() ?? 0) > 0.005 }}
                    >
                      {change() === undefined
                        ? reference()?.id === row().id
                          ? 'reference'
                          : '—'
                        : `${change()! > 0 ? '+' : '−'}${formatNumber(Math.abs(change()!) * 100, 3)}%`}
                    </td>
                  </Show>
                </tr>
              );
            }}
          </Index>
        </tbody>
      </table>
    </div>
  );
}
