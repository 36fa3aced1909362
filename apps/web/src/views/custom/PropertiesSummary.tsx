/** A custom loss's properties as core computes them, with its reasons for each one that does not hold. */
import { checkProperties, type LossDef, type PropertyReport } from '@losslab/core';
import { createMemo, For, Show } from 'solid-js';

/** The computed properties of a built loss, with core's reasons for each one that is false. */
export function PropertiesSummary(props: { loss: LossDef }) {
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
