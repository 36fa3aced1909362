/**
 * What `customLoss` takes, and its checks of everything but the formula:
 * the id, the display name, each variable's name, role, default, domain,
 * plot range and scale, and the model form. Each mistake is a
 * CustomLossError naming the field (`variables[1].domain`) and saying what
 * would be right.
 */

import { isLossId } from '../api/registry.js';
import { formatDomain, inDomain } from '../catalog/domain.js';
import type { AxisScale, Domain } from '../catalog/types.js';
import { domainText, parseDomain } from './domain-text.js';
import { CustomLossError } from './errors.js';
import { type ModelForm, modelFormNames } from './form.js';
import { reservedNames } from './functions.js';
import { formulaLimits } from './limits.js';
import { didYouMean } from './suggest.js';

export interface CustomVariableSpec {
  /** /^[A-Za-z][A-Za-z0-9_]{0,31}$/, not a function or constant name. */
  readonly name: string;
  /** 'data' (a prediction, residual, label, …) or 'hyperparameter'. */
  readonly role: 'data' | 'hyperparameter';
  /** Required for hyperparameters; data variables without one must always be given. */
  readonly default?: number;
  /** 'real', '> 0', '>= 0', '[0, 1]', '(0, 1]', '{-1, 1}', … (see domain-text.ts), or a Domain. */
  readonly domain: string | Domain;
  /** The range to plot, inside the domain (optional for a set domain). */
  readonly range?: readonly [number, number];
  /** 'linear' (default) or 'log' (needs range[0] > 0). */
  readonly scale?: AxisScale;
  /** A human label, e.g. "residual r = ŷ − y" (default: the name). */
  readonly label?: string;
}

export interface CustomLossSpec {
  /** /^[a-z][a-z0-9_]{0,31}$/ and not a catalog id. */
  readonly id: string;
  /** A display name (default: the id). */
  readonly name?: string;
  readonly formula: string;
  readonly variables: readonly CustomVariableSpec[];
  /** The model form for landscapes (landscape-contract.md). */
  readonly form?: ModelForm;
}

/** A specification after its checks: every field present, domains as text (JSON-safe). */
export interface NormalizedSpec extends CustomLossSpec {
  readonly name: string;
  readonly variables: readonly NormalizedVariable[];
}

export interface NormalizedVariable extends CustomVariableSpec {
  readonly domain: string;
  readonly range: readonly [number, number];
  readonly scale: AxisScale;
  readonly label: string;
}

/** A normalised variable with its domain parsed. */
export interface CheckedVariable extends NormalizedVariable {
  readonly parsedDomain: Domain;
}

export const idPattern = /^[a-z][a-z0-9_]{0,31}$/;
export const customVariablePattern = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

/** Printable text on one line: no control, format (bidi) or separator characters but spaces. */
const displayPattern = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]+$/u;

const specFields = ['id', 'name', 'formula', 'variables', 'form'];
const variableFields = ['name', 'role', 'default', 'domain', 'range', 'scale', 'label'];

const show = (value: unknown): string => {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 37)}…` : value}'`;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value;
};

function rejectUnknownFields(value: object, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new CustomLossError(
        `${where}unknown field ${show(key)}${didYouMean(key, allowed)} (the fields are ${allowed.join(', ')})`,
        where === '' ? key : `${where.replace(/: $/, '')}.${key}`,
      );
    }
  }
}

function displayText(value: unknown, max: number, field: string, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new CustomLossError(`${what} must be text, got ${show(value)}`, field);
  const text = value.trim();
  if (text.length === 0 || text.length > max || !displayPattern.test(text)) {
    throw new CustomLossError(
      `${what} must be 1 to ${max} printable characters on one line, got ${show(value)}`,
      field,
    );
  }
  return text;
}

/** Checks a specification (all but its formula) and normalises it. */
export function checkSpec(input: unknown): { spec: NormalizedSpec; variables: readonly CheckedVariable[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new CustomLossError(`a custom loss must be an object, got ${show(input)}`, '');
  rejectUnknownFields(input, specFields, '');
  const raw = input as Record<string, unknown>;

  const id = raw.id;
  if (typeof id !== 'string' || !idPattern.test(id)) {
    throw new CustomLossError(
      `id ${show(id)} must be lowercase letters, digits and _, starting with a letter, at most 32 characters`,
      'id',
    );
  }
  if (isLossId(id)) {
    throw new CustomLossError(
      `id '${id}' is a catalog loss; choose another, such as 'my_${id}'`.slice(0, 200),
      'id',
    );
  }
  const name = displayText(raw.name, 64, 'name', 'name') ?? id;
  if (typeof raw.formula !== 'string')
    throw new CustomLossError(`formula must be text, got ${show(raw.formula)}`, 'formula');

  const form = raw.form;
  if (form !== undefined && !modelFormNames.includes(form as ModelForm)) {
    throw new CustomLossError(
      `form ${show(form)} is not a model form${typeof form === 'string' ? didYouMean(form, modelFormNames) : ''}; the forms are ${modelFormNames.join(', ')}`,
      'form',
    );
  }

  if (!Array.isArray(raw.variables))
    throw new CustomLossError(`variables must be an array, got ${show(raw.variables)}`, 'variables');
  const list = raw.variables as unknown[];
  if (list.length === 0 || list.length > formulaLimits.maxVariables) {
    throw new CustomLossError(
      `a loss has 1 to ${formulaLimits.maxVariables} variables, got ${list.length}`,
      'variables',
    );
  }
  const variables = list.map((v, i) => checkVariable(v, i));
  const seen = new Map<string, number>();
  variables.forEach((v, i) => {
    const first = seen.get(v.name);
    if (first !== undefined) {
      throw new CustomLossError(
        `variables[${i}]: the name '${v.name}' is already used by variables[${first}]`,
        `variables[${i}].name`,
      );
    }
    seen.set(v.name, i);
  });
  const data = variables.filter((v) => v.role === 'data');
  if (data.length === 0) {
    throw new CustomLossError(
      'a loss needs a data variable (the prediction, residual or margin it scores); every variable here is a hyperparameter',
      'variables',
    );
  }
  if (!data.some((v) => v.parsedDomain.kind === 'interval')) {
    throw new CustomLossError(
      'a loss needs a data variable with an interval domain (a prediction): every data variable here takes a finite set of values',
      'variables',
    );
  }
  const spec: NormalizedSpec = {
    id,
    name,
    formula: raw.formula,
    variables: variables.map(({ parsedDomain: _, ...v }) => v),
    ...(form !== undefined ? { form: form as ModelForm } : {}),
  };
  return { spec, variables };
}

function checkVariable(input: unknown, i: number): CheckedVariable {
  const at = `variables[${i}]`;
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new CustomLossError(`${at} must be an object, got ${show(input)}`, at);
  rejectUnknownFields(input, variableFields, `${at}: `);
  const raw = input as Record<string, unknown>;
  const name = raw.name;
  if (typeof name !== 'string' || !customVariablePattern.test(name)) {
    throw new CustomLossError(
      `${at}: name ${show(name)} must be a letter followed by letters, digits or _ (at most 32 characters)`,
      `${at}.name`,
    );
  }
  if (reservedNames.has(name)) {
    throw new CustomLossError(
      `${at}: '${name}' is a function or word of the formula language; choose another name`,
      `${at}.name`,
    );
  }
  if (name in Object.prototype) {
    throw new CustomLossError(
      `${at}: '${name}' is reserved (a JavaScript object property); choose another name`,
      `${at}.name`,
    );
  }
  const where = `${at} (${name})`;
  let role = raw.role;
  if (role === 'hyper') role = 'hyperparameter';
  if (role !== 'data' && role !== 'hyperparameter') {
    throw new CustomLossError(
      `${where}: role must be 'data' or 'hyperparameter', got ${show(raw.role)}`,
      `${at}.role`,
    );
  }

  let domain: Domain;
  if (typeof raw.domain === 'string') {
    const parsed = parseDomain(raw.domain);
    if (typeof parsed === 'string')
      throw new CustomLossError(`${where}: domain ${show(raw.domain)}: ${parsed}`, `${at}.domain`);
    domain = parsed;
  } else {
    domain = checkDomainObject(raw.domain, where, `${at}.domain`);
  }

  const scale = raw.scale ?? 'linear';
  if (scale !== 'linear' && scale !== 'log')
    throw new CustomLossError(
      `${where}: scale must be 'linear' or 'log', got ${show(raw.scale)}`,
      `${at}.scale`,
    );

  let range: readonly [number, number];
  if (raw.range === undefined && domain.kind === 'set') {
    range = [Math.min(...domain.values), Math.max(...domain.values)];
  } else {
    const r = raw.range;
    if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new CustomLossError(
        `${where}: range must be [min, max], two finite numbers, got ${show(r)}`,
        `${at}.range`,
      );
    }
    const [min, max] = r as [number, number];
    if (!(min < max))
      throw new CustomLossError(
        `${where}: range [${min}, ${max}] is empty: min must be below max`,
        `${at}.range`,
      );
    if (domain.kind === 'interval') {
      for (const end of [min, max]) {
        if (!inDomain(domain, end)) {
          throw new CustomLossError(
            `${where}: range [${min}, ${max}] leaves the domain ${formatDomain(domain)} (${end} is outside it)`,
            `${at}.range`,
          );
        }
      }
    }
    range = [min, max];
  }
  if (scale === 'log' && (domain.kind === 'set' || !(range[0] > 0))) {
    throw new CustomLossError(
      `${where}: a log scale needs an interval domain and range[0] > 0, got range [${range[0]}, ${range[1]}]`,
      `${at}.scale`,
    );
  }

  const value = raw.default;
  if (value === undefined) {
    if (role === 'hyperparameter')
      throw new CustomLossError(`${where}: a hyperparameter needs a default`, `${at}.default`);
  } else if (typeof value !== 'number' || !inDomain(domain, value)) {
    throw new CustomLossError(
      `${where}: default ${show(value)} is outside its domain ${formatDomain(domain)}`,
      `${at}.default`,
    );
  }
  const label = displayText(raw.label, 80, `${at}.label`, `${where}: label`) ?? name;
  return {
    name,
    role,
    ...(value !== undefined ? { default: value as number } : {}),
    domain: domainText(domain),
    range,
    scale,
    label,
    parsedDomain: domain,
  };
}

function checkDomainObject(value: unknown, where: string, field: string): Domain {
  const bad = (why: string): CustomLossError =>
    new CustomLossError(`${where}: domain ${why}; write it as text, e.g. 'real', '> 0' or '[0, 1]'`, field);
  if (typeof value !== 'object' || value === null) throw bad(`must be text or a Domain, got ${show(value)}`);
  const d = value as Record<string, unknown>;
  if (d.kind === 'set') {
    const values = d.values;
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      !values.every((x) => typeof x === 'number' && Number.isFinite(x))
    )
      throw bad('is a set without finite values');
    if (new Set(values).size !== values.length) throw bad('lists a value twice');
    return { kind: 'set', values: [...(values as number[])] };
  }
  if (d.kind === 'interval') {
    const { min, max, minInclusive, maxInclusive } = d;
    if (
      typeof min !== 'number' ||
      typeof max !== 'number' ||
      Number.isNaN(min) ||
      Number.isNaN(max) ||
      !(min < max)
    )
      throw bad('is an interval without min < max');
    if (typeof minInclusive !== 'boolean' || typeof maxInclusive !== 'boolean')
      throw bad('is an interval without minInclusive and maxInclusive');
    const text = domainText({ kind: 'interval', min, max, minInclusive, maxInclusive });
    const parsed = parseDomain(text);
    if (typeof parsed === 'string') throw bad(parsed);
    return parsed;
  }
  throw bad(`has kind ${show(d.kind)}`);
}
