/** Turning user-supplied variables into checked, ordered arguments. */
import { formatDomain, inDomain } from '../catalog/domain.js';
import type { LossDef, VariableDef } from '../catalog/types.js';

export function domainError(loss: LossDef, variable: VariableDef, value: unknown): RangeError {
  return new RangeError(
    `${loss.id}: ${variable.name} = ${String(value)} is outside its domain ${formatDomain(variable.domain)}`,
  );
}

export function findVariable(loss: LossDef, name: string): VariableDef {
  const variable = loss.variables.find((v) => v.name === name);
  if (!variable) {
    throw new RangeError(
      `${loss.id}: unknown variable '${name}'; its variables are ${loss.variables.map((v) => v.name).join(', ')}`,
    );
  }
  return variable;
}

export function checkValue(loss: LossDef, variable: VariableDef, value: unknown): number {
  if (typeof value !== 'number' || !inDomain(variable.domain, value))
    throw domainError(loss, variable, value);
  return value;
}

/**
 * Checks a whole column with the domain's bounds hoisted out of the loop: on
 * cheap losses a per-element call would cost more than the loss itself.
 */
export function checkColumn(loss: LossDef, variable: VariableDef, column: ArrayLike<number>): void {
  const d = variable.domain;
  const n = column.length;
  if (d.kind === 'set') {
    for (let k = 0; k < n; k++) checkValue(loss, variable, column[k]);
    return;
  }
  const { min, max, minInclusive, maxInclusive } = d;
  for (let k = 0; k < n; k++) {
    const x = column[k]!;
    // x − x is 0 only for finite x (NaN and ±Infinity give NaN).
    const ok = x - x === 0 && (minInclusive ? x >= min : x > min) && (maxInclusive ? x <= max : x < max);
    if (!ok) throw domainError(loss, variable, x);
  }
}

export function rejectUnknown(loss: LossDef, names: Iterable<string>): void {
  for (const name of names) findVariable(loss, name);
}

export function missingError(loss: LossDef, variable: VariableDef): RangeError {
  return new RangeError(
    `${loss.id}: missing variable ${variable.name} (${variable.label}; domain ${formatDomain(variable.domain)})`,
  );
}

/** The loss's variables in declaration order, defaults filled in, every value checked. */
export function resolveArguments(loss: LossDef, vars: Readonly<Record<string, number>>): number[] {
  if (typeof vars !== 'object' || vars === null)
    throw new RangeError(`${loss.id}: variables must be an object`);
  rejectUnknown(loss, Object.keys(vars));
  return loss.variables.map((variable) => {
    const given = vars[variable.name];
    if (given === undefined) {
      if (variable.default === undefined) throw missingError(loss, variable);
      return variable.default;
    }
    return checkValue(loss, variable, given);
  });
}
