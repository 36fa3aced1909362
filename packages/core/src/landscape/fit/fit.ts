/**
 * fitModel: a minimizer of L(w, b), by the method the loss allows.
 *
 * 1. A term that is identically 0 (focal with α = 0): every point is a
 *    minimizer of the loss part; (0, 0) is returned.
 * 2. A direction along which L falls forever (separable data for logistic,
 *    bce, …; see tails.ts): no finite minimizer, a RangeError.
 * 3. mse: the weighted least-squares line in closed form, refined.
 * 4. Convex and piecewise linear in s (mae, quantile, ε-insensitive, hinge,
 *    read from the tree): the exact search of piecewise.ts.
 * 5. Convex and smooth: Newton with a line search; the end point is verified
 *    (Newton's predicted decrease below 1e-13 of L, or the gradient at the
 *    rounding level of its terms) before it is called global.
 * 6. Not convex: Newton from `start` (default: the least-squares line), a
 *    local minimum, global: false.
 *
 * `unique` says whether the minimizer is the only one: for a global result,
 * the only global minimizer; for a local one, a strict local minimum (the
 * Hessian positive definite there).
 */
import { c, isConst } from '../../expr/build.js';
import { substitute } from '../../expr/substitute.js';
import { ModelEvaluator } from '../evaluator.js';
import { isCatalogLoss } from '../forms.js';
import { checkPoint, type ModelPoint, type ModelSpec, type ResolvedModel, resolveModel } from '../model.js';
import { convexity } from './convexity.js';
import { fitLeastSquares, leastSquaresLine } from './least-squares.js';
import { newton } from './newton.js';
import { piecewiseProblem, solvePiecewise } from './piecewise.js';
import { escapeDirection } from './tails.js';
import { curvatureOf } from './term-of-s.js';

export interface FitOptions {
  /** Where the local search of a non-convex loss starts; default: the least-squares line. */
  readonly start?: ModelPoint;
}

export interface FitResult {
  readonly w: number;
  readonly b: number;
  /** L(w, b), as totalLoss gives it. */
  readonly value: number;
  /** The global minimum of a convex L, verified optimal. */
  readonly global: boolean;
  /** No other minimizer (see the module comment for local results). */
  readonly unique: boolean;
  /** How it was found. */
  readonly method: string;
}

const EPS = Number.EPSILON;

/** Is every term 0 for these hyperparameters, whatever the data? */
function zeroLoss(model: ResolvedModel): boolean {
  const bindings: Record<string, ReturnType<typeof c>> = {};
  for (const p of model.params) bindings[p.name] = c(p.value);
  return isConst(substitute(model.term.value, bindings), 0);
}

/**
 * Is a smooth convex minimizer unique? H = Σ ℓ″ᵢ·ωᵢ[xᵢ², xᵢ; xᵢ, 1] + diag(l2, 0)
 * is positive definite iff the points that curve (ℓ″ᵢ > 0 at the minimum)
 * take two values of x, or one with the ridge. Decided on the terms, not on
 * H's determinant, which cancels when x varies little around a large mean.
 */
function curvedEnough(model: ResolvedModel, p: ModelPoint): boolean {
  const curvature = curvatureOf(model);
  const { x, y, count } = model.data;
  let first: number | undefined;
  for (let i = 0; i < count; i++) {
    if (!(curvature(p.w * x[i]! + p.b, y[i]!, model.hyper) > 0)) continue;
    if (model.l2 > 0) return true;
    if (first === undefined) first = x[i]!;
    else if (x[i] !== first) return true;
  }
  return false;
}

/**
 * How far rounding alone can put ∇L from 0 at p: each term's s = w·x + b (and
 * r = s − y) carries an error of a few u·(|w·x| + |b| + |y|), which its
 * curvature turns into a gradient error. At an exact fit (L = 0, every
 * residual at rounding level) this, not the size of the terms, is the floor.
 */
function gradientNoise(model: ResolvedModel, p: ModelPoint): { w: number; b: number } {
  const curvature = curvatureOf(model);
  const { x, y, weight, count, divisor } = model.data;
  let w = 0;
  let b = 0;
  for (let i = 0; i < count; i++) {
    const s = p.w * x[i]! + p.b;
    const rho = Math.abs(p.w * x[i]!) + Math.abs(p.b) + Math.abs(y[i]!);
    const term = (weight ? weight[i]! : 1) * Math.abs(curvature(s, y[i]!, model.hyper)) * rho;
    if (!Number.isFinite(term)) continue;
    w += term * Math.abs(x[i]!);
    b += term;
  }
  return { w: (16 * EPS * w) / divisor, b: (16 * EPS * b) / divisor };
}

function noMinimizerError(model: ResolvedModel, d: ModelPoint): RangeError {
  const id = model.loss.id;
  if (d.w === 0) {
    return new RangeError(
      `${id}: no finite minimizer: L keeps decreasing as b → ${d.b > 0 ? '+' : '−'}∞ (every term improves by moving b that way${
        model.l2 > 0 ? '; the ridge penalizes only w' : ''
      }). Give both classes, or soft labels.`,
    );
  }
  return new RangeError(
    `${id}: no finite minimizer: the data are (weakly) separable, and L keeps decreasing along (w, b) → ∞·(${d.w}, ${d.b}). Add a ridge (l2 > 0) or overlapping data.`,
  );
}

export function fitModel(model: ModelSpec, options: FitOptions = {}): FitResult {
  const resolved = resolveModel(model);
  if (typeof options !== 'object' || options === null)
    throw new RangeError(`${resolved.loss.id}: fit options must be an object`);
  const start = options.start === undefined ? undefined : checkPoint(resolved.loss, options.start, 'start');
  const evaluator = new ModelEvaluator(resolved);
  const done = (p: ModelPoint, global: boolean, unique: boolean, method: string): FitResult => ({
    w: p.w + 0,
    b: p.b + 0,
    value: evaluator.value(p),
    global,
    unique,
    method,
  });

  if (zeroLoss(resolved)) {
    return done(
      { w: 0, b: 0 },
      true,
      false,
      'zero loss: the loss is 0 for these parameters, so w = 0 (the ridge) and any b',
    );
  }
  const runaway = escapeDirection(resolved);
  if (runaway) throw noMinimizerError(resolved, runaway);

  const rule = convexity(resolved);
  if (rule.convex && isCatalogLoss(resolved.loss) && resolved.loss.id === 'mse') {
    const line = fitLeastSquares(evaluator);
    return done(line, true, line.unique, 'closed form: weighted least squares (normal equations, refined)');
  }
  if (rule.convex) {
    const problem = piecewiseProblem(resolved);
    if (problem) {
      const result = solvePiecewise(problem, evaluator);
      return done(
        result,
        result.verified,
        result.unique,
        `exact search over the piecewise-linear arrangement (${result.steps} moves)`,
      );
    }
    const line = leastSquaresLine(resolved.data);
    const begin = resolved.form.name === 'residual' ? { w: line.w, b: line.b } : { w: 0, b: 0 };
    const result = newton(evaluator, begin, { local: false });
    const { at } = result;
    const noise = gradientNoise(resolved, result);
    const verified =
      result.decrement <= 1e-13 * Math.abs(at.value) ||
      (Math.abs(at.w) <= 64 * EPS * at.scaleW + noise.w && Math.abs(at.b) <= 64 * EPS * at.scaleB + noise.b);
    return done(
      result,
      verified,
      curvedEnough(resolved, result),
      `Newton with line search (${result.iterations} steps; ${rule.rule})`,
    );
  }
  const line = leastSquaresLine(resolved.data);
  const begin = start ?? { w: line.w, b: line.b };
  const result = newton(evaluator, begin, { local: true });
  const h = result.hessian;
  const strict = h.ww > 0 && h.bb > 0 && h.ww * h.bb - h.wb * h.wb > 1e-10 * h.ww * h.bb;
  return done(
    result,
    false,
    strict,
    `local Newton with line search from (${begin.w}, ${begin.b}); ${rule.rule}`,
  );
}
