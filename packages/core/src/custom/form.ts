/**
 * The model form of a custom loss: how a landscape (landscape-contract.md)
 * puts a model's output s = w·x + b into it. The form's slots take the
 * loss's data variables in declaration order — for 'logit', the first is
 * the logit and the second the label — and each slot's domain must hold
 * every value the form passes to it.
 */
import { domains, formatDomain } from '../catalog/domain.js';
import type { Domain, LossDef } from '../catalog/types.js';
import type { ModelFormName } from '../landscape/forms.js';
import { domainContains } from './domain-text.js';

/** The landscape contract's form names (landscape/forms.ts holds what each form does). */
export type ModelForm = ModelFormName;

export const modelFormNames: readonly ModelForm[] = [
  'residual',
  'margin',
  'logit',
  'poisson',
  'probability',
  'p_t',
];

interface Slot {
  readonly role: string;
  /** What the form passes: the variable's domain must contain it. */
  readonly needs: Domain;
}

const prediction = (role: string): Slot => ({ role, needs: domains.real });
const probability = (role: string): Slot => ({ role, needs: domains.unit });

/** Each form's slots, in order. */
export const formSlots: Readonly<Record<ModelForm, readonly Slot[]>> = {
  residual: [prediction('the residual s − y')],
  margin: [prediction('the margin (2y − 1)·s')],
  logit: [prediction('the logit s'), probability('the label y')],
  poisson: [prediction('the log rate s'), { role: 'the count y', needs: domains.nonNegative }],
  probability: [probability('the probability σ(s)'), probability('the label y')],
  p_t: [probability('the probability of the true class σ((2y − 1)·s)')],
};

/** Why the data variables cannot take this form, or null if they can. */
export function formMismatch(
  form: ModelForm,
  data: readonly { readonly name: string; readonly domain: Domain }[],
): string | null {
  const slots = formSlots[form];
  if (data.length !== slots.length) {
    const names = slots.map((s) => s.role).join(' and ');
    return `the ${form} form takes ${slots.length} data variable${slots.length === 1 ? '' : 's'} (${names}); the loss declares ${data.length}`;
  }
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const variable = data[i]!;
    if (!domainContains(variable.domain, slot.needs)) {
      return `the ${form} form passes ${slot.role} (${formatDomain(slot.needs)}) to ${variable.name}, whose domain is ${formatDomain(variable.domain)}`;
    }
  }
  return null;
}

/**
 * A custom loss's model form and the variables its slots take, or null
 * (catalog losses: the landscape module's own table; custom losses declared
 * without a form). What the landscape API reads for a definition.
 */
export function customModelForm(loss: LossDef): { form: ModelForm; variables: readonly string[] } | null {
  if (loss.source?.kind !== 'custom' || loss.source.spec.form === undefined) return null;
  return {
    form: loss.source.spec.form,
    variables: loss.variables.filter((v) => v.role === 'data').map((v) => v.name),
  };
}
