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
    const given = ownProperty(vars, variable.name);
    if (given === undefined) {
      if (variable.default === undefined) throw missingError(loss, variable);
      return variable.default;
    }
    return checkValue(loss, variable, given);
  });
}

/**
 * `record[name]` if it is the record's own property: a variable called
 * `constructor` or `toString` must not find Object.prototype's.
 */
export function ownProperty<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}
