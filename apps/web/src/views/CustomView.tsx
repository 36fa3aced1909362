/**
 * The "Your loss" view: an editor for a loss typed as a formula — the
 * formula with its live KaTeX preview and its error underlined where it is,
 * the table of variables, the stabilising rewrites core applied, the
 * computed properties — and the list of the session's own losses (at most
 * four), each to open, edit or remove. An added loss is in the state (so in
 * the URL) and appears in every view like a catalog loss.
 */
import { type ModelFormName, modelFormNames } from '@losslab/core';
import { createMemo, For, Show } from 'solid-js';
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
import { EXAMPLES } from '../custom-loss/examples';
import { openLoss, removeCustomLoss, saveCustomLoss } from '../state/actions';
import { customLossesOf, MAX_CUSTOM_LOSSES } from '../state/catalog';
import type { AppStore } from '../state/store';
import type { ViewId } from '../state/types';
import { FormulaField } from './custom/FormulaField';
import { FormulaHelp } from './custom/FormulaHelp';
import { FormulaPreview } from './custom/FormulaPreview';
import { LossShelf } from './custom/LossShelf';
import { PropertiesSummary } from './custom/PropertiesSummary';
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
      <LossShelf
        losses={mine()}
        onEdit={edit}
        onOpen={open}
        onRemove={remove}
        onStart={startNew}
        onBlank={() =>
          setDraft({
            id: freeId('my_loss', ids()),
            name: '',
            formula: '',
            variables: [dataVariable('r')],
            form: '',
            editing: undefined,
          })
        }
      />

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

          <FormulaPreview parsed={preview()} />

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

        <FormulaHelp />
      </section>
    </div>
  );
}
