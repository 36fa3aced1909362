/** A select of every loss in the catalog, grouped by family. */
import { type LossFamily, losses } from '@losslab/core';
import { For } from 'solid-js';

export const FAMILY_LABELS: Readonly<Record<LossFamily, string>> = {
  regression: 'Regression',
  margin: 'Binary classification (margin)',
  probability: 'Binary classification (probability, logit)',
  multiclass: 'Multi-class',
  distribution: 'Distributions',
  embedding: 'Embedding',
  segmentation: 'Segmentation',
  adversarial: 'Adversarial',
  custom: 'Your losses',
};

function families(): LossFamily[] {
  return [...new Set(losses.map((l) => l.family))];
}

export function LossSelect(props: {
  readonly id: string;
  readonly value: string;
  readonly onChange: (id: string) => void;
  readonly label?: string;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label ?? 'Loss'}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <For each={families()}>
          {(family) => (
            <optgroup label={FAMILY_LABELS[family]}>
              <For each={losses.filter((l) => l.family === family)}>
                {(loss) => (
                  <option value={loss.id} selected={loss.id === props.value}>
                    {loss.name}
                  </option>
                )}
              </For>
            </optgroup>
          )}
        </For>
      </select>
    </div>
  );
}
