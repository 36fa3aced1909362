/**
 * The "Your loss" view: an editor for a loss typed as a formula — the
 * formula with its live KaTeX preview and its error underlined where it is,
 * the table of variables, the stabilising rewrites core applied, the
 * computed properties — and the list of the session's own losses (at most
 * four), each to open, edit or remove. An added loss is in the state (so in
 * the URL) and appears in every view like a catalog loss.
 */
import {
  checkProperties,
  formulaFunctions,
  type LossDef,
  type ModelFormName,
  modelFormNames,
  type PropertyReport,
  printFormula,
  toTex,
} from '@losslab/core';
import { createMemo, For, Show } from 'solid-js';
import { Tex } from '../components/Tex';
import {
  checkDraft,
  type Draft,
  type DraftProblem,
  type DraftVariable,
  dataVariable,
  draftOf,
  emptyVariable,
  freeId,
} from '../custom-loss/draft';
import { copyableLosses, copyOf, EXAMPLES } from '../custom-loss/examples';
import { openLoss, removeCustomLoss, saveCustomLoss } from '../state/actions';
import { customLossesOf, MAX_CUSTOM_LOSSES } from '../state/catalog';
import type { AppStore } from '../state/store';
import type { ViewId } from '../state/types';
import { FormulaField } from './custom/FormulaField';
import { VariablesTable } from './custom/VariablesTable';

const FORM_LABELS: Readonly<Record<ModelFormName, string>> = {
  residual: 'residual: r = s − y',
  margin: 'margin: m = (2y − 1)·s',
  logit: 'logit: z = s, with a label y',
  poisson: 'Poisson: log rate s, with a count y',
  probability: 'probability: p = σ(s), with a label y',
  p_t: 'p_t = σ((2y − 1)·s)',
};

/** The editor's starting draft: the first example, under an id no loss of the session has. */
function startingDraft(taken: readonly string[]): Draft {
  const example = EXAMPLES[0]!.spec;
  return draftOf({ ...example, id: freeId(example.id, taken) });
}

/** The computed properties of a built loss, with core's reasons for each one that is false. */
function PropertiesSummary(props: { loss: LossDef }) {
  const report = createMemo((): PropertyReport | undefined => {
    try {
      return checkProperties(props.loss);
    } catch {
      return undefined;
    }
  });
  return (
    <Show when={report()}>
      {(r) => (
        <div data-testid="custom-properties">
          <ul class="properties" aria-label="Computed properties">
            <li>{r().convex ? 'convex' : 'not convex'}</li>
            <li>{r().smooth ? 'smooth' : 'not smooth'}</li>
            <li>{r().robust ? 'robust (bounded influence)' : 'not robust'}</li>
          </ul>
          <p class="hint">
            Checked numerically in {r().variable} over its plot range ({r().contexts} setting
            {r().contexts === 1 ? '' : 's'} of the other variables).
          </p>
          <Show when={r().notes.length > 0}>
            <ul class="hint">
              <For each={r().notes}>{(note) => <li>{note}</li>}</For>
            </ul>
          </Show>
        </div>
      )}
    </Show>
  );
}

export function CustomView(props: { store: AppStore }) {
  const state = () => props.store.state;
  const mine = createMemo(() => customLossesOf(state()));
  const ids = createMemo(() => state().custom.map((c) => c.id));
  const draft = createMemo(() => props.store.draft() ?? startingDraft(ids()));
  const setDraft = (next: Draft) => props.store.setDraft(next);
  const patch = (part: Partial<Draft>) => setDraft({ ...draft(), ...part });
  const check = createMemo(() => checkDraft(draft(), ids()));
  const preview = createMemo(() => {
    const p = check().preview;
    return 'message' in p ? undefined : p;
  });
  const formulaProblem = createMemo((): DraftProblem | undefined => {
    const p = check().preview;
    if ('message' in p) return p;
    const r = check().result;
    return 'problem' in r && r.problem.field === 'formula' ? r.problem : undefined;
  });
  const problem = createMemo(() => {
    const r = check().result;
    return 'problem' in r ? r.problem : undefined;
  });
  const built = createMemo(() => {
    const r = check().result;
    return 'def' in r ? r.def : undefined;
  });
  const editing = () => draft().editing;
  const full = () => editing() === undefined && mine().length >= MAX_CUSTOM_LOSSES;

  const changeVariable = (index: number, change: Partial<DraftVariable>) => {
    const variables = draft().variables.map((v, i) => {
      if (i !== index) return v;
      const next = { ...v, ...change };
      // A label names the variable it came with; a new name drops it.
      if (change.name !== undefined && change.name !== v.name) delete (next as { label?: string }).label;
      return next;
    });
    patch({ variables });
  };
  const declare = (name: string) => {
    const first = draft().variables.length === 0;
    patch({ variables: [...draft().variables, first ? dataVariable(name) : emptyVariable(name)] });
  };
  const undeclare = (name: string) => patch({ variables: draft().variables.filter((v) => v.name !== name) });
  const unusedName = () => {
    const p = problem();
    const match = p && /^variables\[(\d+)\]\.name$/.exec(p.field);
    if (!match || !p.message.includes('never uses it')) return undefined;
    return draft().variables[Number(match[1])]?.name;
  };

  const save = () => {
    const def = built();
    if (!def) return;
    props.store.update((s) => saveCustomLoss(s, def.source!.spec, editing()));
    // Saved: from now on the draft edits the saved loss.
    if (state().custom.some((c) => c.id === def.id)) setDraft({ ...draft(), editing: def.id });
  };
  const startNew = (spec: Parameters<typeof draftOf>[0]) =>
    setDraft(draftOf({ ...spec, id: freeId(spec.id, ids()) }));
  const open = (id: string, view: ViewId) => props.store.update((s) => openLoss(s, id, view));
  const edit = (id: string) => {
    const spec = state().custom.find((c) => c.id === id);
    if (spec) setDraft(draftOf(spec, id));
  };
  const remove = (id: string) => {
    props.store.update((s) => removeCustomLoss(s, id));
    if (editing() === id) setDraft({ ...draft(), editing: undefined });
  };

  return (
    <div class="view custom-view">
      <section class="controls" aria-label="Your losses and examples">
        <h2>
          Your losses ({mine().length} of {MAX_CUSTOM_LOSSES})
        </h2>
        <Show
          when={mine().length > 0}
          fallback={<p class="hint">None yet: type one, or start from an example.</p>}
        >
          <ul class="custom-list" data-testid="custom-list">
            <For each={mine()}>
              {(loss) => (
                <li data-loss={loss.id}>
                  <div>
                    <strong>{loss.name}</strong> <code class="hint">{loss.id}</code>
                  </div>
                  <div class="actions">
                    <button type="button" onClick={() => edit(loss.id)} aria-label={`Edit ${loss.name}`}>
                      Edit
                    </button>
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
                    <button
                      type="button"
                      onClick={() => open(loss.id, 'info')}
                      aria-label={`${loss.name} info`}
                    >
                      Info
                    </button>
                    <button type="button" onClick={() => remove(loss.id)} aria-label={`Remove ${loss.name}`}>
                      Remove
                    </button>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <fieldset>
          <legend>Start from an example</legend>
          <For each={EXAMPLES}>
            {(example) => (
              <div class="example">
                <button type="button" class="link-button" onClick={() => startNew(example.spec)}>
                  {example.title}
                </button>
                <span class="hint">{example.about}</span>
              </div>
            )}
          </For>
        </fieldset>
        <fieldset>
          <legend>Or copy a catalog loss</legend>
          <div class="field">
            <label for="custom-copy">Catalog loss</label>
            <select
              id="custom-copy"
              value=""
              onChange={(e) => {
                const loss = copyableLosses().find((l) => l.id === e.currentTarget.value);
                e.currentTarget.value = '';
                if (loss) startNew(copyOf(loss, `my_${loss.id}`));
              }}
            >
              <option value="">Choose a loss…</option>
              <For each={copyableLosses()}>{(loss) => <option value={loss.id}>{loss.name}</option>}</For>
            </select>
          </div>
          <span class="hint">
            Its formula as core prints its tree: it computes exactly what the catalog does, until you edit it.
          </span>
        </fieldset>
        <button
          type="button"
          onClick={() =>
            setDraft({
              id: freeId('my_loss', ids()),
              name: '',
              formula: '',
              variables: [dataVariable('r')],
              form: '',
              editing: undefined,
            })
          }
        >
          Start from a blank formula
        </button>
      </section>

      <section class="plot-panel custom-editor" aria-labelledby="custom-title">
        <h2 id="custom-title" class="plot-title">
          {editing() ? `Editing ${editing()}` : 'A new loss of your own'}
        </h2>
        <form
          class="custom-form"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <div class="field-row">
            <div class="field">
              <label for="custom-name">Name</label>
              <input
                id="custom-name"
                type="text"
                value={draft().name}
                placeholder="(the id)"
                aria-invalid={problem()?.field === 'name'}
                onInput={(e) => patch({ name: e.currentTarget.value })}
              />
            </div>
            <div class="field">
              <label for="custom-id">Id (for links)</label>
              <input
                id="custom-id"
                type="text"
                class="mono"
                value={draft().id}
                spellcheck={false}
                autocomplete="off"
                aria-invalid={problem()?.field === 'id'}
                onInput={(e) => patch({ id: e.currentTarget.value })}
              />
            </div>
          </div>

          <div class="field">
            <label for="custom-formula">Formula</label>
            <FormulaField
              id="custom-formula"
              value={draft().formula}
              mark={
                formulaProblem()?.position !== undefined
                  ? { position: formulaProblem()!.position!, length: formulaProblem()!.length ?? 0 }
                  : undefined
              }
              describedBy="custom-formula-status"
              onInput={(formula) => patch({ formula })}
            />
            <div id="custom-formula-status" class="formula-status" aria-live="polite">
              <Show
                when={formulaProblem()}
                fallback={
                  <span class="hint">
                    + − * / ^, parentheses, functions such as log, exp, sqrt, softplus, and if(condition, a,
                    b). See the list below.
                  </span>
                }
              >
                {(p) => (
                  <span class="error-text" data-testid="formula-error">
                    {p().message}
                  </span>
                )}
              </Show>
              <Show when={(check().preview as DraftProblem).unknownName}>
                {(name) => (
                  <button type="button" onClick={() => declare(name())}>
                    Declare {name()} as a variable
                  </button>
                )}
              </Show>
            </div>
          </div>

          <div class="custom-preview" data-testid="custom-preview">
            <Show
              when={preview()}
              fallback={<span class="hint">The preview appears when the formula parses.</span>}
            >
              {(p) => (
                <>
                  <div class="info-formula">
                    {/* What was typed; the line below says what is computed (after the rewrites). */}
                    <Tex tex={toTex(p().typed)} display />
                  </div>
                  <Show when={p().rewrites.length > 0}>
                    <div data-testid="custom-rewrites">
                      <h3>Rewritten for exactness</h3>
                      <ul>
                        <For each={p().rewrites}>
                          {(rewrite) => (
                            <li>
                              <span>{rewrite.description}</span>
                              <Show when={printRewrite(rewrite.before) && printRewrite(rewrite.after)}>
                                {' '}
                                <span class="hint">
                                  (here <code>{printRewrite(rewrite.before)}</code> →{' '}
                                  <code>{printRewrite(rewrite.after)}</code>)
                                </span>
                              </Show>
                            </li>
                          )}
                        </For>
                      </ul>
                    </div>
                  </Show>
                  <p class="hint" data-testid="custom-normalized">
                    Computed as <code>{p().normalized}</code>
                    {p().rewrites.length === 0 ? ' (no rewrites were needed).' : '.'}
                  </p>
                </>
              )}
            </Show>
          </div>

          <fieldset class="plain">
            <legend>Variables</legend>
            <VariablesTable
              variables={draft().variables}
              invalidField={problem()?.field}
              onChange={changeVariable}
              onRemove={(i) => patch({ variables: draft().variables.filter((_, k) => k !== i) })}
              onAdd={() =>
                patch({
                  variables: [
                    ...draft().variables,
                    emptyVariable(
                      freeId(
                        'a',
                        draft().variables.map((v) => v.name),
                      ),
                    ),
                  ],
                })
              }
            />
            <span class="hint">
              Data variables are what the loss scores (a residual, a margin, a probability); hyperparameters
              need a default. Domains: real, &gt; 0, &gt;= 0, [0, 1], (0, 1), {'{0, 1}'}, …
            </span>
          </fieldset>

          <div class="field">
            <label for="custom-form">Model form (for the fit lab’s landscapes)</label>
            <select
              id="custom-form"
              value={draft().form}
              aria-invalid={problem()?.field === 'form'}
              onChange={(e) => {
                const value = modelFormNames.find((f) => f === e.currentTarget.value);
                patch({ form: value ?? '' });
              }}
            >
              <option value="">none</option>
              <For each={modelFormNames}>{(form) => <option value={form}>{FORM_LABELS[form]}</option>}</For>
            </select>
          </div>

          <div class="custom-status" data-testid="custom-status" aria-live="polite">
            <Show
              when={problem()}
              fallback={<span class="ok-text">Ready to {editing() ? 'save' : 'add'}.</span>}
            >
              {(p) => (
                <span class="error-text" data-testid="custom-problem" data-field={p().field}>
                  {p().field === 'formula' ? 'Fix the formula (above) to add this loss.' : p().message}
                </span>
              )}
            </Show>
            <Show when={unusedName()}>
              {(name) => (
                <button type="button" onClick={() => undeclare(name())}>
                  Remove {name()}
                </button>
              )}
            </Show>
          </div>

          <div class="actions">
            <button type="submit" class="primary" disabled={!built() || full()} data-testid="custom-save">
              {editing() ? 'Save changes' : 'Add this loss'}
            </button>
            <Show when={editing()}>
              <button
                type="button"
                onClick={() => patch({ editing: undefined, id: freeId(draft().id, ids()) })}
              >
                Save as a new loss instead
              </button>
            </Show>
          </div>
          <Show when={full()}>
            <p class="hint">
              You have {MAX_CUSTOM_LOSSES} losses of your own, the most at once: remove one (left) to add
              another.
            </p>
          </Show>
        </form>

        <Show when={built()}>
          {(loss) => (
            <section class="custom-properties" aria-labelledby="custom-properties-title">
              <h3 id="custom-properties-title">Properties</h3>
              <PropertiesSummary loss={loss()} />
            </section>
          )}
        </Show>

        <details class="custom-help">
          <summary>The formula language</summary>
          <ul>
            <li>
              Numbers (<code>1.5</code>, <code>2e-3</code>), <code>pi</code>, <code>inf</code>, your
              variables.
            </li>
            <li>
              <code>+ - * /</code>, <code>^</code> (right-associative: <code>2^3^2</code> is <code>2^9</code>
              ), unary minus, parentheses.
            </li>
            <li>
              <code>if(condition, a, b)</code>, or <code>if(c1, a, c2, b, otherwise)</code>; conditions
              compare with <code>&lt; &lt;= &gt; &gt;= == !=</code> and combine with <code>and or not</code>.
            </li>
          </ul>
          <table class="functions-table">
            <thead>
              <tr>
                <th scope="col">Function</th>
                <th scope="col">Meaning</th>
              </tr>
            </thead>
            <tbody>
              <For each={[...formulaFunctions.entries()]}>
                {([name, f]) => (
                  <tr>
                    <th scope="row">
                      <code>{name}</code>
                    </th>
                    <td>{f.doc}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </details>
      </section>
    </div>
  );
}

/** A rewrite's side in formula syntax (conditions and folded booleans have no formula of their own). */
function printRewrite(side: unknown): string {
  if (typeof side !== 'object' || side === null || !('kind' in side)) return String(side);
  const kind = (side as { kind: string }).kind;
  if (kind === 'const' || kind === 'var' || kind === 'call' || kind === 'select' || kind === 'withGrad') {
    try {
      return printFormula(side as Parameters<typeof printFormula>[0], { maxLength: 80 });
    } catch {
      return '';
    }
  }
  return '';
}
