/** The Info view: a loss's formula, variables, properties, and what to know before using it. */
import { checkProperties, customModelForm, formatDomain, type LossDef, printFormula } from '@losslab/core';
import { createMemo, For, Show } from 'solid-js';
import { FAMILY_LABELS, LossSelect } from '../components/LossSelect';
import { Tex } from '../components/Tex';
import { proseFor } from '../content';
import { draftOf } from '../custom-loss/draft';
import { openLoss, setView } from '../state/actions';
import { isCustom, lossesOf } from '../state/catalog';
import type { AppStore } from '../state/store';

/** What the Info view says of a loss typed as a formula: the formula, how it is computed, and why. */
function CustomDetails(props: { loss: LossDef; onEdit: () => void }) {
  const source = () => props.loss.source!;
  const notes = createMemo(() => {
    try {
      return checkProperties(props.loss).notes;
    } catch {
      return [];
    }
  });
  const form = createMemo(() => {
    try {
      return customModelForm(props.loss);
    } catch {
      return undefined;
    }
  });
  return (
    <>
      <h3>Your formula</h3>
      <pre class="formula-source" data-testid="info-formula-source">
        {source().formula}
      </pre>
      <p class="hint">
        Computed as <code data-testid="info-normalized">{printFormula(props.loss.expr)}</code>
      </p>
      <Show when={source().rewrites.length > 0}>
        <h3>Rewritten for exactness</h3>
        <ul data-testid="info-rewrites">
          <For each={source().rewrites}>{(rewrite) => <li>{rewrite.description}</li>}</For>
        </ul>
      </Show>
      <Show when={notes().length > 0}>
        <h3>Why a property does not hold</h3>
        <ul>
          <For each={notes()}>{(note) => <li>{note}</li>}</For>
        </ul>
      </Show>
      <p>
        {form()
          ? `Model form: ${form()!.form} — the fit lab can draw its landscape.`
          : 'No model form: the fit lab has no landscape for it (choose one in the editor).'}
      </p>
      <button type="button" onClick={() => props.onEdit()}>
        Edit in Your loss
      </button>
    </>
  );
}

export function InfoView(props: { store: AppStore }) {
  const catalog = createMemo(() => lossesOf(props.store.state));
  const loss = createMemo(() => catalog().get(props.store.state.loss));
  const prose = createMemo(() => proseFor(loss().id));
  const open = (view: 'curves' | 'heatmap' | 'surface') =>
    props.store.update((s) => openLoss(s, s.loss, view));
  const edit = () => {
    const spec = props.store.state.custom.find((c) => c.id === loss().id);
    if (!spec) return;
    props.store.setDraft(draftOf(spec, spec.id));
    props.store.update((s) => setView(s, 'custom'));
  };
  return (
    <div class="view">
      <section class="controls" aria-label="Choose a loss">
        <LossSelect
          id="info-loss"
          losses={catalog().all}
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
        <ul class="properties" aria-label={isCustom(loss()) ? 'Properties (computed)' : 'Properties'}>
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
        <Show when={isCustom(loss())}>
          <CustomDetails loss={loss()} onEdit={edit} />
        </Show>
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
