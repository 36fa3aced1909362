/**
 * `customLoss`: a loss typed as a formula, made into a definition every API
 * takes like a catalog id. The formula is parsed (no eval: parser.ts),
 * lowered onto core's expression tree (lower.ts), stabilised (stabilize.ts)
 * and checked against its variables; the definition carries its TeX, its
 * computed properties and its source, and goes through `defineLoss` like
 * the catalog's own.
 */
import { defineLoss } from '../catalog/define.js';
import type { LossDef, LossProperties, VariableDef } from '../catalog/types.js';
import type { Expr } from '../expr/nodes.js';
import { CustomLossError } from './errors.js';
import { formMismatch } from './form.js';
import { lower } from './lower.js';
import { parse, type Span } from './parser.js';
import { printFormula } from './print.js';
import { checkProperties } from './properties.js';
import { type CustomLossSpec, checkSpec } from './spec.js';
import { type AppliedRewrite, stabilize } from './stabilize.js';
import { texSymbol, toTex } from './tex.js';

export interface ParsedFormula {
  /** The tree computed: the formula as typed, after the stabilising rewrites. */
  readonly expr: Expr;
  /** The tree as typed, before them. */
  readonly typed: Expr;
  readonly rewrites: readonly AppliedRewrite[];
  /** TeX of `expr`, for KaTeX. */
  readonly tex: string;
  /** `expr` in formula syntax (what it computes, after the rewrites). */
  readonly normalized: string;
  /** The declared variables the formula uses, each with where it first does. */
  readonly uses: ReadonlyMap<string, Span>;
}

/**
 * A formula over the given variable names, parsed, checked and stabilised:
 * the editor's live preview. Throws a FormulaError (a RangeError with
 * `position`, `length` and `code`) for anything wrong in the text.
 */
export function parseFormula(formula: string, variables: readonly string[]): ParsedFormula {
  const ast = parse(formula);
  const { expr: typed, uses } = lower(ast, formula, variables);
  const { expr, rewrites } = stabilize(typed);
  return { expr, typed, rewrites, tex: toTex(expr), normalized: printFormula(expr), uses };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * A loss from a formula:
 *
 *     const mine = customLoss({
 *       id: 'my_cauchy',
 *       formula: '0.5 * c^2 * log(1 + (r/c)^2)',
 *       variables: [
 *         { name: 'r', role: 'data', domain: 'real', range: [-5, 5] },
 *         { name: 'c', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.1, 10], scale: 'log' },
 *       ],
 *     });
 *     evaluate(mine, { r: 2 });
 *
 * Throws a CustomLossError (a RangeError naming the field) for a bad id,
 * name, variable, domain, range, default or form, and a FormulaError (with
 * the position and length of the offending text) for a bad formula. The
 * definition is frozen; its `properties` are computed on first read.
 * Variables are ordered data first, then hyperparameters (the catalog's
 * order), each group as declared.
 */
export function customLoss(spec: CustomLossSpec): LossDef {
  const { spec: normalized, variables: checked } = checkSpec(spec);
  const parsed = parseFormula(
    normalized.formula,
    checked.map((v) => v.name),
  );
  checked.forEach((v, i) => {
    if (!parsed.uses.has(v.name)) {
      throw new CustomLossError(
        `variables[${i}]: '${v.name}' is declared but the formula never uses it`,
        `variables[${i}].name`,
      );
    }
  });
  const ordered = [...checked.filter((v) => v.role === 'data'), ...checked.filter((v) => v.role !== 'data')];
  if (normalized.form !== undefined) {
    const why = formMismatch(
      normalized.form,
      ordered.filter((v) => v.role === 'data').map((v) => ({ name: v.name, domain: v.parsedDomain })),
    );
    if (why) throw new CustomLossError(`form: ${why}`, 'form');
  }
  const variables: VariableDef[] = ordered.map((v) => ({
    name: v.name,
    role: v.role === 'data' ? 'data' : 'hyper',
    label: v.label,
    symbol: texSymbol(v.name),
    ...(v.default !== undefined ? { default: v.default } : {}),
    domain: v.parsedDomain,
    plot: { min: v.range[0], max: v.range[1], scale: v.scale },
  }));
  const continuous = variables.filter((v) => v.domain.kind === 'interval').map((v) => v.name);
  const defaultAxes: readonly [string] | readonly [string, string] =
    continuous.length >= 2 ? [continuous[0]!, continuous[1]!] : [continuous[0]!];

  let properties: LossProperties | undefined;
  const def = {
    id: normalized.id,
    name: normalized.name,
    family: 'custom' as const,
    variables,
    expr: parsed.expr,
    tex: parsed.tex,
    get properties(): LossProperties {
      if (properties === undefined) {
        const { convex, smooth, robust, probabilistic } = checkProperties(def);
        properties = Object.freeze({ convex, smooth, robust, probabilistic });
      }
      return properties;
    },
    use: 'Your own loss, typed as a formula; its properties are computed numerically over the plotted range.',
    reference: 'A custom formula (losslab).',
    defaultAxes,
    source: {
      kind: 'custom' as const,
      formula: normalized.formula,
      spec: normalized,
      rewrites: parsed.rewrites,
    },
  } satisfies LossDef;
  // Frozen before it is registered: what was checked is what every API computes. (Expression
  // nodes are shared, hash-consed and never mutated; freezing stops at them.)
  variables.forEach((v) => {
    Object.freeze(v.domain);
    Object.freeze(v.plot);
    Object.freeze(v);
  });
  Object.freeze(variables);
  Object.freeze(defaultAxes);
  deepFreeze(normalized);
  parsed.rewrites.forEach(Object.freeze);
  Object.freeze(parsed.rewrites);
  Object.freeze(def.source);
  Object.freeze(def);
  return defineLoss(def);
}
