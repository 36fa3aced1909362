/** A select of every loss the session knows (the catalog's and the user's own), grouped by family. */
import type { LossDef, LossFamily } from '@losslab/core';
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

function families(losses: readonly LossDef[]): LossFamily[] {
  return [...new Set(losses.map((l) => l.family))];
}

export function LossSelect(props: {
  readonly id: string;
  /** The losses to choose from: `lossesOf(state).all`. */
  readonly losses: readonly LossDef[];
  readonly value: string;
  readonly onChange: (id: string) => void;
  readonly label?: string;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label ?? 'Loss'}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <For each={families(props.losses)}>
          {(family) => (
            <optgroup label={FAMILY_LABELS[family]}>
              <For each={props.losses.filter((l) => l.family === family)}>
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
