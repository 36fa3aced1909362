/**
 * The left side of the Your loss view: the session's own losses (each to
 * edit, open in a view, or remove), the examples to start from, and any
 * catalog loss to copy.
 */
import type { CustomLossSpec, LossDef } from '@losslab/core';
import { For, Show } from 'solid-js';
import { copyableLosses, copyOf, EXAMPLES } from '../../custom-loss/examples';
import { MAX_CUSTOM_LOSSES } from '../../state/catalog';
import type { ViewId } from '../../state/types';

export function LossShelf(props: {
  readonly losses: readonly LossDef[];
  readonly onEdit: (id: string) => void;
  readonly onOpen: (id: string, view: ViewId) => void;
  readonly onRemove: (id: string) => void;
  /** Starts a new draft from a specification (an example's, or a catalog loss's copy). */
  readonly onStart: (spec: CustomLossSpec) => void;
  readonly onBlank: () => void;
}) {
  return (
    <section class="controls" aria-label="Your losses and examples">
      <h2>
        Your losses ({props.losses.length} of {MAX_CUSTOM_LOSSES})
      </h2>
      <Show
        when={props.losses.length > 0}
        fallback={<p class="hint">None yet: type one, or start from an example.</p>}
      >
        <ul class="custom-list" data-testid="custom-list">
          <For each={props.losses}>
            {(loss) => (
              <li data-loss={loss.id}>
                <div>
                  <strong>{loss.name}</strong> <code class="hint">{loss.id}</code>
                </div>
                <div class="actions">
                  <button
                    type="button"
                    onClick={() => props.onEdit(loss.id)}
                    aria-label={`Edit ${loss.name}`}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    onClick={() => props.onOpen(loss.id, 'curves')}
                    aria-label={`${loss.name} curves`}
                  >
                    Curves
                  </button>
                  <button
                    type="button"
                    onClick={() => props.onOpen(loss.id, 'heatmap')}
                    aria-label={`${loss.name} heatmap`}
                  >
                    Heatmap
                  </button>
                  <button
                    type="button"
                    onClick={() => props.onOpen(loss.id, 'surface')}
                    aria-label={`${loss.name} surface`}
                  >
                    Surface
                  </button>
                  <button
                    type="button"
                    onClick={() => props.onOpen(loss.id, 'info')}
                    aria-label={`${loss.name} info`}
                  >
                    Info
                  </button>
                  <button
                    type="button"
                    onClick={() => props.onRemove(loss.id)}
                    aria-label={`Remove ${loss.name}`}
                  >
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
              <button type="button" class="link-button" onClick={() => props.onStart(example.spec)}>
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
              if (loss) props.onStart(copyOf(loss, `my_${loss.id}`));
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
      <button type="button" onClick={() => props.onBlank()}>
        Start from a blank formula
      </button>
    </section>
  );
}
