/** The Info view: a loss's formula, variables, properties, and what to know before using it. */
import { formatDomain, getLoss } from '@losslab/core';
import { createMemo, For, Show } from 'solid-js';
import { FAMILY_LABELS, LossSelect } from '../components/LossSelect';
import { Tex } from '../components/Tex';
import { proseFor } from '../content';
import { openLoss } from '../state/actions';
import type { AppStore } from '../state/store';

export function InfoView(props: { store: AppStore }) {
  const loss = createMemo(() => getLoss(props.store.state.loss));
  const prose = createMemo(() => proseFor(loss().id));
  const open = (view: 'curves' | 'heatmap' | 'surface') =>
    props.store.update((s) => openLoss(s, s.loss, view));
  return (
    <div class="view">
      <section class="controls" aria-label="Choose a loss">
        <LossSelect
          id="info-loss"
          value={loss().id}
          onChange={(id) => props.store.update((s) => openLoss(s, id, 'info'))}
        />
        <div class="actions">
          <button type="button" onClick={() => open('curves')}>
            Curves
          </button>
          <button type="button" onClick={() => open('heatmap')}>
            Heatmap
          </button>
          <button type="button" onClick={() => open('surface')}>
            Surface
          </button>
        </div>
      </section>
      <article class="info-article" aria-labelledby="info-title" data-testid="info">
        <h2 id="info-title">{loss().name}</h2>
        <p class="hint">
          <code>{loss().id}</code> · {FAMILY_LABELS[loss().family]}
        </p>
        <div class="info-formula">
          <Tex tex={loss().tex} display />
        </div>
        <ul class="properties" aria-label="Properties">
          <li>{loss().properties.convex ? 'convex' : 'not convex'}</li>
          <li>{loss().properties.smooth ? 'smooth' : 'not smooth'}</li>
          <li>{loss().properties.robust ? 'robust (bounded influence)' : 'not robust'}</li>
          <li>
            {loss().properties.probabilistic
              ? `negative log-likelihood of: ${loss().properties.probabilistic}`
              : 'not a likelihood'}
          </li>
        </ul>
        <p>{loss().use}</p>
        <h3>Variables</h3>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Meaning</th>
                <th scope="col">Role</th>
                <th scope="col">Domain</th>
                <th scope="col">Default</th>
              </tr>
            </thead>
            <tbody>
              <For each={loss().variables}>
                {(v) => (
                  <tr>
                    <th scope="row">
                      <Tex tex={v.symbol} /> <code class="hint">{v.name}</code>
                    </th>
                    <td>{v.label}</td>
                    <td>{v.role === 'data' ? 'data' : 'hyperparameter'}</td>
                    <td>{formatDomain(v.domain)}</td>
                    <td class="num">{v.default === undefined ? '—' : String(v.default)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={prose()}>
          {(p) => (
            <>
              <h3>What it assumes</h3>
              <p>{p().assumes}</p>
              <h3>When to use it</h3>
              <p>{p().whenToUse}</p>
              <h3>Pitfalls</h3>
              <ul>
                <For each={p().pitfalls}>{(pitfall) => <li>{pitfall}</li>}</For>
              </ul>
            </>
          )}
        </Show>
        <h3>Reference</h3>
        <p>{loss().reference}</p>
      </article>
    </div>
  );
}
