/**
 * The "Your loss" editor's model: a draft of a custom loss as the user types
 * it (every field text, as in the form), and its check — the formula parsed
 * for the live preview, and the whole draft built by core's `customLoss`,
 * whose errors name the field (`variables[1].domain`) and, for the formula,
 * the position to underline. No checking of our own beyond turning text
 * into numbers: core is the one judge of a loss.
 */
import {
  CustomLossError,
  type CustomLossSpec,
  type CustomVariableSpec,
  FormulaError,
  isLossId,
  type LossDef,
  type ModelFormName,
  type ParsedFormula,
  parseFormula,
} from '@losslab/core';
import { buildCustomLoss, MAX_CUSTOM_LOSSES } from '../state/catalog';
import { parseNumber } from '../state/url';

export interface DraftVariable {
  readonly name: string;
  readonly role: 'data' | 'hyperparameter';
  /** Text of a number, or '' for none (data variables only). */
  readonly default: string;
  /** Domain text: 'real', '> 0', '[0, 1]', '{-1, 1}', … */
  readonly domain: string;
  /** Plot range ends, as text ('' for a set's own range). */
  readonly min: string;
  readonly max: string;
  readonly scale: 'linear' | 'log';
  /** A label carried over from a loss the draft started from; dropped when the name changes. */
  readonly label?: string;
}

export interface Draft {
  readonly id: string;
  readonly name: string;
  readonly formula: string;
  readonly variables: readonly DraftVariable[];
  /** The model form for landscapes (the fit lab), or '' for none. */
  readonly form: ModelFormName | '';
  /** The id of the custom loss this draft edits; undefined for a new loss. */
  readonly editing: string | undefined;
}

/** What is wrong with a draft: core's message, the field it names, and for the formula where. */
export interface DraftProblem {
  readonly message: string;
  /** A field path: 'id', 'name', 'formula', 'form', 'variables', 'variables[1].domain', … */
  readonly field: string;
  readonly position?: number;
  readonly length?: number;
  /** For an unknown name in the formula: the name, which the editor offers to declare. */
  readonly unknownName?: string;
}

export interface DraftCheck {
  /** The formula alone, parsed against the draft's variable names: the live preview, or where it fails. */
  readonly preview: ParsedFormula | DraftProblem;
  /** The whole draft, built: a loss ready to add, or the first problem. */
  readonly result: { readonly def: LossDef } | { readonly problem: DraftProblem };
}

export const emptyVariable = (name = ''): DraftVariable => ({
  name,
  role: 'hyperparameter',
  default: '1',
  domain: '> 0',
  min: '0.1',
  max: '10',
  scale: 'log',
});

export const dataVariable = (name = 'r'): DraftVariable => ({
  name,
  role: 'data',
  default: '',
  domain: 'real',
  min: '-5',
  max: '5',
  scale: 'linear',
});

/** A draft of a specification (a custom loss's own, to edit it, or an example's). */
export function draftOf(spec: CustomLossSpec, editing?: string): Draft {
  return {
    id: spec.id,
    name: spec.name ?? '',
    formula: spec.formula,
    form: spec.form ?? '',
    editing,
    variables: spec.variables.map((v) => ({
      name: v.name,
      role: v.role,
      default: v.default === undefined ? '' : String(v.default),
      domain: typeof v.domain === 'string' ? v.domain : '',
      min: v.range ? String(v.range[0]) : '',
      max: v.range ? String(v.range[1]) : '',
      scale: v.scale ?? 'linear',
      ...(v.label !== undefined && v.label !== v.name ? { label: v.label } : {}),
    })),
  };
}

function problemOf(error: unknown): DraftProblem {
  if (error instanceof FormulaError) {
    return { message: error.message, field: 'formula', position: error.position, length: error.length };
  }
  if (error instanceof CustomLossError) return { message: error.message, field: error.field };
  return { message: error instanceof Error ? error.message : String(error), field: '' };
}

/** The draft as core's specification, or the first field whose text is not a number. */
export function specOfDraft(draft: Draft): CustomLossSpec | DraftProblem {
  const variables: CustomVariableSpec[] = [];
  for (const [i, v] of draft.variables.entries()) {
    const at = `variables[${i}]`;
    const who = `${at} (${v.name || 'unnamed'})`;
    const number = (text: string, what: string, field: string): number | DraftProblem | undefined => {
      if (text.trim() === '') return undefined;
      return (
        parseNumber(text) ?? { message: `${who}: ${what} '${text.slice(0, 20)}' is not a number`, field }
      );
    };
    const value = number(v.default, 'default', `${at}.default`);
    const min = number(v.min, 'range start', `${at}.range`);
    const max = number(v.max, 'range end', `${at}.range`);
    for (const n of [value, min, max]) if (typeof n === 'object') return n;
    const range = min === undefined && max === undefined ? undefined : [min ?? Number.NaN, max ?? Number.NaN];
    variables.push({
      name: v.name.trim(),
      role: v.role,
      domain: v.domain,
      ...(value !== undefined ? { default: value as number } : {}),
      ...(range !== undefined ? { range: range as [number, number] } : {}),
      scale: v.scale,
      ...(v.label !== undefined ? { label: v.label } : {}),
    });
  }
  const name = draft.name.trim();
  return {
    id: draft.id.trim(),
    ...(name !== '' ? { name } : {}),
    formula: draft.formula,
    variables,
    ...(draft.form !== '' ? { form: draft.form } : {}),
  };
}

const isProblem = (x: CustomLossSpec | DraftProblem): x is DraftProblem => 'message' in x;

/**
 * A draft checked: the formula's preview, and the loss it builds. `others`
 * are the ids of the session's other custom losses (a new loss may not take
 * one, and there may be at most MAX_CUSTOM_LOSSES).
 */
export function checkDraft(draft: Draft, others: readonly string[]): DraftCheck {
  const names = draft.variables.map((v) => v.name.trim()).filter((n) => n !== '');
  let preview: DraftCheck['preview'];
  try {
    preview = parseFormula(draft.formula, names);
  } catch (error) {
    const problem = problemOf(error);
    // An undeclared name: the editor offers to declare it.
    preview =
      error instanceof FormulaError && error.code === 'unknown-variable'
        ? { ...problem, unknownName: draft.formula.slice(error.position, error.position + error.length) }
        : problem;
  }
  const spec = specOfDraft(draft);
  if (isProblem(spec)) return { preview, result: { problem: spec } };
  const taken = others.filter((id) => id !== draft.editing);
  if (taken.includes(spec.id)) {
    return {
      preview,
      result: { problem: { message: `id '${spec.id}' is taken by another of your losses`, field: 'id' } },
    };
  }
  if (draft.editing === undefined && others.length >= MAX_CUSTOM_LOSSES) {
    return {
      preview,
      result: {
        problem: {
          message: `you have ${MAX_CUSTOM_LOSSES} losses of your own, the most at once: remove one to add another`,
          field: '',
        },
      },
    };
  }
  try {
    return { preview, result: { def: buildCustomLoss(spec) } };
  } catch (error) {
    return { preview, result: { problem: problemOf(error) } };
  }
}

/** The first id of the form `base`, `base_2`, … that neither `taken` nor the catalog uses. */
export function freeId(base: string, taken: readonly string[]): string {
  const stem =
    base
      .replace(/[^a-z0-9_]/g, '_')
      .replace(/^[^a-z]+/, '')
      .slice(0, 28) || 'my_loss';
  const free = (id: string) => !taken.includes(id) && !isLossId(id);
  if (free(stem)) return stem;
  for (let k = 2; ; k++) if (free(`${stem}_${k}`)) return `${stem}_${k}`;
}
