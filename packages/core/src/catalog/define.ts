/**
 * `defineLoss`: checks a loss definition against itself when the catalog
 * loads (and when `customLoss` builds one), and remembers it, so the APIs
 * that take a definition accept it without checking it again.
 */
import { freeVariables } from '../expr/nodes.js';
import { formatDomain, inDomain } from './domain.js';
import type { LossDef } from './types.js';

const defined = new WeakSet<object>();

/** A definition made by `defineLoss` (the catalog's, `customLoss`'s, a library's own). */
export function isDefinedLoss(value: unknown): value is LossDef {
  return typeof value === 'object' && value !== null && defined.has(value);
}

/** What a variable may be called: code generators rely on it (a WGSL or JS identifier after a prefix). */
export const variableNamePattern = /^[A-Za-z][A-Za-z0-9_]*$/;

export function defineLoss<const Id extends string>(def: LossDef<Id>): LossDef<Id> {
  const names = def.variables.map((v) => v.name);
  for (const name of names) {
    if (typeof name !== 'string' || !variableNamePattern.test(name))
      throw new Error(`loss ${def.id}: variable name ${JSON.stringify(name)} is not ${variableNamePattern}`);
  }
  const used = freeVariables(def.expr);
  for (const name of used) {
    if (!names.includes(name)) throw new Error(`loss ${def.id}: expression uses undeclared variable ${name}`);
  }
  for (const v of def.variables) {
    if (v.default !== undefined && !inDomain(v.domain, v.default)) {
      throw new Error(
        `loss ${def.id}: default of ${v.name} (${v.default}) is outside ${formatDomain(v.domain)}`,
      );
    }
    if (v.domain.kind === 'interval') {
      const { min, max } = v.plot;
      if (!(min < max)) throw new Error(`loss ${def.id}: plot range of ${v.name} is empty`);
      if (!inDomain(v.domain, min) || !inDomain(v.domain, max)) {
        throw new Error(`loss ${def.id}: plot range of ${v.name} leaves ${formatDomain(v.domain)}`);
      }
      if (v.plot.scale === 'log' && min <= 0)
        throw new Error(`loss ${def.id}: log plot of ${v.name} needs min > 0`);
    }
  }
  for (const axis of def.defaultAxes) {
    const variable = def.variables.find((v) => v.name === axis);
    if (!variable) throw new Error(`loss ${def.id}: default axis ${axis} is not a variable`);
    if (variable.domain.kind !== 'interval')
      throw new Error(`loss ${def.id}: default axis ${axis} is discrete`);
  }
  if (new Set(def.defaultAxes).size !== def.defaultAxes.length)
    throw new Error(`loss ${def.id}: repeated default axis`);
  if (def.defaultAxes.length === 1 && def.variables.filter((v) => v.domain.kind === 'interval').length > 1) {
    throw new Error(`loss ${def.id}: has two continuous variables but one default axis`);
  }
  if (new Set(names).size !== names.length) throw new Error(`loss ${def.id}: duplicate variable names`);
  defined.add(def);
  return def;
}
