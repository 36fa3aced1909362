/** The Compare view: every loss in a sortable table; a row opens its loss in the other views. */
import type { LossDef } from '@losslab/core';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { FAMILY_LABELS } from '../components/LossSelect';
import { Tex } from '../components/Tex';
import { openLoss } from '../state/actions';
import { isCustom, lossesOf } from '../state/catalog';
import type { AppStore } from '../state/store';
import type { ViewId } from '../state/types';

type SortKey = 'name' | 'family' | 'convex' | 'smooth' | 'robust' | 'probabilistic';

const COLUMNS: readonly { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Loss' },
  { key: 'family', label: 'Family' },
  { key: 'convex', label: 'Convex' },
  { key: 'smooth', label: 'Smooth' },
  { key: 'robust', label: 'Robust' },
  { key: 'probabilistic', label: 'Likelihood of' },
];

function sortValue(loss: LossDef, key: SortKey, losses: readonly LossDef[]): string | number {
  switch (key) {
    case 'name':
      return loss.name.toLowerCase();
    case 'family':
      return losses.findIndex((l) => l.family === loss.family);
    case 'probabilistic':
      return loss.properties.probabilistic ?? '\uffff';
    default:
      // Yes sorts before no.
      return loss.properties[key] ? 0 : 1;
  }
}

function YesNo(props: { value: boolean }) {
  return <span class={props.value ? 'yes' : 'no'}>{props.value ? 'yes' : 'no'}</span>;
}

export function CompareView(props: { store: AppStore }) {
  const [sort, setSort] = createSignal<{ key: SortKey; ascending: boolean }>({
    key: 'family',
    ascending: true,
  });
  const losses = createMemo(() => lossesOf(props.store.state).all);
  const rows = createMemo(() => {
    const { key, ascending } = sort();
    const all = losses();
    const order = all.map((loss, index) => ({ loss, index }));
    order.sort((a, b) => {
      const x = sortValue(a.loss, key, all);
      const y = sortValue(b.loss, key, all);
      const c = x < y ? -1 : x > y ? 1 : a.index - b.index;
      return ascending ? c : -c;
    });
    return order.map((o) => o.loss);
  });
  const open = (id: string, view: ViewId) => {
    props.store.update((s) => openLoss(s, id, view));
    // The button pressed is gone with the table: keyboard users continue from the new view's start.
    document.getElementById('main')?.focus({ preventScroll: true });
  };
  const toggleSort = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, ascending: !s.ascending } : { key, ascending: true }));

  return (
    <div class="view wide">
      <section class="plot-panel">
        <h2 class="plot-title">All {losses().length} losses</h2>
        <p class="hint">
          Sort by a column heading. Choose a loss’s name to read about it, or open it as curves, heatmap or
          surface.
        </p>
        <div class="table-scroll">
          <table class="compare-table" data-testid="compare-table">
            <thead>
              <tr>
                <For each={COLUMNS}>
                  {(column) => (
                    <th
                      scope="col"
                      aria-sort={
                        sort().key === column.key ? (sort().ascending ? 'ascending' : 'descending') : 'none'
                      }
                    >
                      <button type="button" onClick={() => toggleSort(column.key)}>
                        {column.label}
                        <span aria-hidden="true">
                          {sort().key === column.key ? (sort().ascending ? ' ▲' : ' ▼') : ''}
                        </span>
                      </button>
                    </th>
                  )}
                </For>
                <th scope="col">Typical use</th>
                <th scope="col" class="formula">
                  Formula
                </th>
                <th scope="col">Open in</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(loss) => (
                  <tr
                    data-loss={loss.id}
                    onClick={(event) => {
                      // The whole row is a mouse target; keyboard users have the buttons inside it.
                      if (!(event.target as Element).closest('button')) open(loss.id, 'info');
                    }}
                  >
                    <th scope="row">
                      <button type="button" class="link-button" onClick={() => open(loss.id, 'info')}>
                        {loss.name}
                      </button>
                      <div class="hint">{loss.id}</div>
                    </th>
                    <td>
                      {FAMILY_LABELS[loss.family]}
                      <Show when={isCustom(loss)}>
                        <div class="hint">properties computed numerically</div>
                      </Show>
                    </td>
                    <td>
                      <YesNo value={loss.properties.convex} />
                    </td>
                    <td>
                      <YesNo value={loss.properties.smooth} />
                    </td>
                    <td>
                      <YesNo value={loss.properties.robust} />
                    </td>
                    <td>{loss.properties.probabilistic ?? '—'}</td>
                    <td>{loss.use}</td>
                    <td class="formula">
                      <Tex tex={loss.tex} />
                    </td>
                    <td>
                      <div class="actions">
                        <button
                          type="button"
                          onClick={() => open(loss.id, 'curves')}
                          aria-label={`${loss.name} curves`}
                        >
                          Curves
                        </button>
                        <button
                          type="button"
                          onClick={() => open(loss.id, 'heatmap')}
                          aria-label={`${loss.name} heatmap`}
                        >
                          Heatmap
                        </button>
                        <button
                          type="button"
                          onClick={() => open(loss.id, 'surface')}
                          aria-label={`${loss.name} surface`}
                        >
                          Surface
                        </button>
                      </div>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
