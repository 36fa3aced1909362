import type { CustomLossSpec } from '../custom/spec.js';
import type { AppliedRewrite } from '../custom/stabilize.js';
import type { Expr } from '../expr/nodes.js';

/** A set of finite reals a variable may take. */
export type Domain =
  | {
      readonly kind: 'interval';
      /** −Infinity for unbounded below (then never inclusive). */
      readonly min: number;
      readonly max: number;
      readonly minInclusive: boolean;
      readonly maxInclusive: boolean;
    }
  | { readonly kind: 'set'; readonly values: readonly number[] };

export type AxisScale = 'linear' | 'log';

export type VariableRole = 'data' | 'hyper';

export interface VariableDef {
  readonly name: string;
  readonly role: VariableRole;
  /** Human label, e.g. "residual r = ŷ − y". */
  readonly label: string;
  /** TeX symbol, e.g. `\\delta`. */
  readonly symbol: string;
  /** Absent for data variables that must be given. */
  readonly default?: number;
  readonly domain: Domain;
  /** A sensible range to plot over, inside the domain. */
  readonly plot: { readonly min: number; readonly max: number; readonly scale: AxisScale };
}

export type LossFamily =
  | 'regression'
  | 'margin'
  | 'probability'
  | 'multiclass'
  | 'distribution'
  | 'embedding'
  | 'segmentation'
  | 'adversarial'
  /** Typed by a user as a formula (`customLoss`). */
  | 'custom';

export interface LossProperties {
  /** Convex in its data variable(s). */
  readonly convex: boolean;
  /** Differentiable everywhere in its data variable(s). */
  readonly smooth: boolean;
  /** Bounded influence: bounded gradient in the data variable. */
  readonly robust: boolean;
  /** The distribution whose negative log-likelihood this is, or null. */
  readonly probabilistic: string | null;
}

export interface LossDef<Id extends string = string> {
  readonly id: Id;
  readonly name: string;
  readonly family: LossFamily;
  /** In the catalog's order: data variables first, then hyperparameters. */
  readonly variables: readonly VariableDef[];
  /** The single definition of the loss's value. */
  readonly expr: Expr;
  readonly tex: string;
  readonly properties: LossProperties;
  /** When to use it, in a sentence or two. */
  readonly use: string;
  /** A primary reference. */
  readonly reference: string;
  /**
   * The variables a 2D sweep shows by default: two, or one for losses of a
   * single variable (which have no 2D sweep).
   */
  readonly defaultAxes: readonly [string] | readonly [string, string];
  /**
   * True for losses whose value is finite in exact arithmetic everywhere on
   * their domain (no pole: pseudo_huber, general_robust, dice, …). Then a
   * ±∞ value can only be an overflow and the partials never need the
   * structural test of expr/infinity.ts, which is conservative (it cannot see
   * that |α − 2| in a denominator is never 0 where it is used) and, on the
   * GPU, as large as the loss itself. Checked by test/losses/edges.test.ts.
   */
  readonly finiteOnDomain?: boolean;
  /** Where the definition came from; absent for the catalog's own losses. */
  readonly source?: LossSource;
}

/** A loss typed as a formula (`customLoss`): what the user wrote and what was made of it. */
export interface CustomSource {
  readonly kind: 'custom';
  /** The formula as typed. */
  readonly formula: string;
  /** The specification, normalised (JSON-safe): `customLoss(source.spec)` rebuilds the loss, e.g. in a worker. */
  readonly spec: CustomLossSpec;
  /** The stabilising rewrites applied to the formula's tree (log(1 + x) → log1p(x), …), in order. */
  readonly rewrites: readonly AppliedRewrite[];
}

export type LossSource = CustomSource;
