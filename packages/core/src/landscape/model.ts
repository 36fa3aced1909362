/**
 * A model spec checked completely, before any work (landscape-contract.md,
 * "Bad input"): the loss and its form, its hyperparameters, the reduction,
 * the ridge coefficient and every entry of every column. The result holds
 * the dataset as the kernels read it.
 */

import { type LossRef, resolveLoss } from '../api/registry.js';
import { checkValue, findVariable, missingError } from '../api/validate.js';
import { formatDomain, inDomain } from '../catalog/domain.js';
import type { LossDef } from '../catalog/types.js';
import { type ModelForm, type ModelTerm, modelFormOf, modelTerm, noFormError } from './forms.js';
import type { PreparedData } from './kernels.js';

export interface Dataset {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Non-negative, not all zero; 1 for every point when absent. */
  readonly weight?: ArrayLike<number>;
}

export type ModelReduction = 'mean' | 'sum';

export interface ModelSpec {
  readonly loss: LossRef;
  /** The loss's hyperparameters; omitted ones take their defaults. */
  readonly params?: Readonly<Record<string, number>>;
  readonly data: Dataset;
  /** 'mean' (default): Σ weightᵢ·ℓᵢ / n, n counting every point; 'sum': Σ weightᵢ·ℓᵢ. */
  readonly reduction?: ModelReduction;
  /** Ridge coefficient of ½·l2·w² (w only), ≥ 0; default 0. */
  readonly l2?: number;
}

export interface ModelPoint {
  readonly w: number;
  readonly b: number;
}

export interface ResolvedModel {
  readonly loss: LossDef;
  readonly form: ModelForm;
  readonly term: ModelTerm;
  /** Every hyperparameter with its value, in declaration order. */
  readonly params: readonly { readonly name: string; readonly value: number }[];
  readonly hyper: readonly number[];
  readonly reduction: ModelReduction;
  readonly l2: number;
  /** Number of data points, zero-weight ones included. */
  readonly n: number;
  readonly data: PreparedData;
}

/** A numeric column: an array-like of numbers with an integer length. */
function columnLength(loss: LossDef, name: string, column: unknown): number {
  const length = (column as { length?: unknown } | null)?.length;
  if (
    typeof column !== 'object' ||
    column === null ||
    typeof length !== 'number' ||
    !Number.isInteger(length)
  ) {
    throw new RangeError(`${loss.id}: column ${name} must be an array of numbers, got ${typeof column}`);
  }
  return length;
}

/** Checks a spec completely and prepares its data; throws a RangeError naming what is wrong. */
export function resolveModel(model: ModelSpec): ResolvedModel {
  if (typeof model !== 'object' || model === null) throw new RangeError('model: spec must be an object');
  const loss = resolveLoss(model.loss);
  const form = modelFormOf(loss);
  if (!form) throw noFormError(loss);
  const term = modelTerm(loss);

  const given = model.params ?? {};
  if (typeof given !== 'object' || given === null)
    throw new RangeError(`${loss.id}: params must be an object`);
  for (const name of Object.keys(given)) {
    const variable = findVariable(loss, name);
    if (form.dataVariables.includes(variable.name)) {
      throw new RangeError(
        `${loss.id}: ${name} is a data variable of the ${form.name} form (${form.term}), not a parameter; the parameters are ${
          term.hyper.map((h) => h.name).join(', ') || 'none'
        }`,
      );
    }
  }
  const params = term.hyper.map((variable) => {
    const value = given[variable.name];
    if (value !== undefined) return { name: variable.name, value: checkValue(loss, variable, value) };
    if (variable.default === undefined) throw missingError(loss, variable);
    return { name: variable.name, value: variable.default };
  });

  const reduction = model.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum') {
    throw new RangeError(`${loss.id}: unknown reduction '${String(reduction)}'; use 'mean' or 'sum'`);
  }
  const l2 = model.l2 ?? 0;
  if (typeof l2 !== 'number' || !Number.isFinite(l2) || l2 < 0) {
    throw new RangeError(`${loss.id}: l2 = ${String(l2)} must be a finite number ≥ 0`);
  }

  const data = model.data;
  if (typeof data !== 'object' || data === null)
    throw new RangeError(`${loss.id}: data must be { x, y, weight? }`);
  const n = columnLength(loss, 'x', data.x);
  if (n === 0) throw new RangeError(`${loss.id}: the dataset is empty (column x has length 0)`);
  const yLength = columnLength(loss, 'y', data.y);
  if (yLength !== n)
    throw new RangeError(`${loss.id}: column y has length ${yLength}, but x has length ${n}`);
  const weights = data.weight;
  if (weights !== undefined) {
    const length = columnLength(loss, 'weight', weights);
    if (length !== n)
      throw new RangeError(`${loss.id}: column weight has length ${length}, but x has length ${n}`);
  }

  const labels = form.labels(loss);
  let kept = 0;
  let allOne = true;
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new RangeError(
        `${loss.id}: column x has ${String(x)} at index ${i}; every x must be a finite number`,
      );
    }
    const y = data.y[i];
    if (typeof y !== 'number' || !inDomain(labels, y)) {
      throw new RangeError(
        `${loss.id}: column y has ${String(y)} at index ${i}, outside its domain ${formatDomain(labels)} (the labels of the ${form.name} form)`,
      );
    }
    if (weights !== undefined) {
      const w = weights[i];
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
        throw new RangeError(
          `${loss.id}: column weight has ${String(w)} at index ${i}; every weight must be a finite number ≥ 0`,
        );
      }
      if (w > 0) kept++;
      if (w !== 1) allOne = false;
    } else kept++;
  }
  if (kept === 0)
    throw new RangeError(`${loss.id}: every weight is 0 (column weight); at least one must be positive`);

  // Zero-weight points add exactly 0 (even where their term would overflow): they are left out.
  const x = new Float64Array(kept);
  const y = new Float64Array(kept);
  const weight = allOne ? null : new Float64Array(kept);
  for (let i = 0, k = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) continue;
    x[k] = data.x[i]!;
    y[k] = data.y[i]!;
    if (weight) weight[k] = w;
    k++;
  }
  return {
    loss,
    form,
    term,
    params,
    hyper: params.map((p) => p.value),
    reduction,
    l2,
    n,
    data: { x, y, weight, count: kept, divisor: reduction === 'mean' ? n : 1, l2 },
  };
}

/** A point (w, b) of the model, checked finite. */
export function checkPoint(loss: LossDef, at: unknown, what = 'point'): ModelPoint {
  if (typeof at !== 'object' || at === null) throw new RangeError(`${loss.id}: ${what} must be { w, b }`);
  const { w, b } = at as { w?: unknown; b?: unknown };
  for (const [name, value] of [
    ['w', w],
    ['b', b],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`${loss.id}: ${what} ${name} = ${String(value)} is not a finite number`);
    }
  }
  return { w: w as number, b: b as number };
}
