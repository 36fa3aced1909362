/** Variable definitions shared by several losses (the catalog's conventions table). */
import { domains } from '../catalog/domain.js';
import type { AxisScale, Domain, VariableDef } from '../catalog/types.js';

interface Extra {
  readonly default?: number;
  readonly label?: string;
  readonly symbol?: string;
  readonly plot?: { readonly min: number; readonly max: number; readonly scale?: AxisScale };
}

function variable(
  name: string,
  role: VariableDef['role'],
  label: string,
  symbol: string,
  domain: Domain,
  plot: { min: number; max: number; scale?: AxisScale },
  extra: Extra = {},
): VariableDef {
  const p = extra.plot ?? plot;
  return {
    name,
    role,
    label: extra.label ?? label,
    symbol: extra.symbol ?? symbol,
    ...(extra.default !== undefined ? { default: extra.default } : {}),
    domain,
    plot: { min: p.min, max: p.max, scale: p.scale ?? 'linear' },
  };
}

export const residual = (extra?: Extra): VariableDef =>
  variable('r', 'data', 'residual r = ŷ − y', 'r', domains.real, { min: -3, max: 3 }, extra);
export const margin = (extra?: Extra): VariableDef =>
  variable('m', 'data', 'margin m = y·f(x)', 'm', domains.real, { min: -3, max: 3 }, extra);
export const probability = (extra?: Extra): VariableDef =>
  variable('p', 'data', 'predicted probability p', 'p', domains.unit, { min: 0, max: 1 }, extra);
export const logit = (extra?: Extra): VariableDef =>
  variable('z', 'data', 'logit z', 'z', domains.real, { min: -6, max: 6 }, extra);
export const trueClassProbability = (extra?: Extra): VariableDef =>
  variable('pt', 'data', 'probability of the true class p_t', 'p_t', domains.unit, { min: 0, max: 1 }, extra);
/** The (soft) label y ∈ [0, 1] of probability losses; defaults to 1. */
export const softLabel = (extra?: Extra): VariableDef =>
  variable('y', 'data', 'target y', 'y', domains.unit, { min: 0, max: 1 }, { default: 1, ...extra });

/** A hyperparameter. */
export function hyper(
  name: string,
  symbol: string,
  label: string,
  defaultValue: number,
  domain: Domain,
  plot: { min: number; max: number; scale?: AxisScale },
): VariableDef {
  return variable(name, 'hyper', label, symbol, domain, plot, { default: defaultValue });
}

/** A data variable with its own domain and plot range. */
export function data(
  name: string,
  symbol: string,
  label: string,
  domain: Domain,
  plot: { min: number; max: number; scale?: AxisScale },
  defaultValue?: number,
): VariableDef {
  return variable(
    name,
    'data',
    label,
    symbol,
    domain,
    plot,
    defaultValue !== undefined ? { default: defaultValue } : {},
  );
}
