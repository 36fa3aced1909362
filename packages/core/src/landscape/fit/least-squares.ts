/**
 * The weighted least-squares line with a ridge on w, in closed form: the
 * mse fit, and the default start of the local fits.
 *
 * With weights ωᵢ and c = 1/divisor, L = c·Σωᵢ(w·xᵢ + b − yᵢ)² + ½·l2·w² is
 * minimal at w = Sxy/(Sxx + l2/(2c)), b = ȳ − w·x̄, with x̄, ȳ the weighted
 * means and Sxx, Sxy the centred sums (centring keeps x ~ 1e6 from squaring
 * away the spread). Two steps of iterative refinement against the exact
 * (compensated) gradient then take the rounding of those sums out.
 */
import type { ModelEvaluator } from '../evaluator.js';
import type { PreparedData } from '../kernels.js';

/** Neumaier's compensated sum of f(i) for i < n. */
export function compensatedSum(n: number, f: (i: number) => number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const x = f(i);
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

export interface LineFit {
  readonly w: number;
  readonly b: number;
  /** False where x takes one value (among points of positive weight) and there is no ridge. */
  readonly unique: boolean;
}

/** The least-squares line of y on x (weighted, with the ridge), by the normal equations. */
export function leastSquaresLine(data: PreparedData): LineFit {
  const { x, y, weight, count } = data;
  const wt = (i: number): number => (weight ? weight[i]! : 1);
  const total = compensatedSum(count, wt);
  const mean = (v: Float64Array): number => {
    const m = compensatedSum(count, (i) => wt(i) * v[i]!) / total;
    // One correction pass: the mean of the residuals from the first estimate.
    return m + compensatedSum(count, (i) => wt(i) * (v[i]! - m)) / total;
  };
  const mx = mean(x);
  const my = mean(y);
  const sxx = compensatedSum(count, (i) => wt(i) * (x[i]! - mx) * (x[i]! - mx));
  const sxy = compensatedSum(count, (i) => wt(i) * (x[i]! - mx) * (y[i]! - my));
  const ridge = (data.l2 * data.divisor) / 2;
  const denominator = sxx + ridge;
  if (!(denominator > 0)) return { w: 0, b: my, unique: false };
  const w = sxy / denominator;
  return { w, b: my - w * mx, unique: true };
}

/**
 * The mse minimizer: the closed form, refined by Newton steps with the
 * exact Hessian of the squared loss and the compensated gradient.
 */
export function fitLeastSquares(evaluator: ModelEvaluator): LineFit {
  const data = evaluator.model.data;
  const start = leastSquaresLine(data);
  if (!start.unique) return start;
  const { x, weight, count } = data;
  const wt = (i: number): number => (weight ? weight[i]! : 1);
  const total = compensatedSum(count, wt);
  const mx = compensatedSum(count, (i) => wt(i) * x[i]!) / total;
  const sxx = compensatedSum(count, (i) => wt(i) * (x[i]! - mx) * (x[i]! - mx));
  const c = 1 / data.divisor;
  let point = { w: start.w, b: start.b };
  let at = evaluator.at(point);
  for (let round = 0; round < 3; round++) {
    // H = 2c[Σωx², Σωx; Σωx, Σω] + diag(l2, 0), solved in centred form.
    const dw = (at.w - mx * at.b) / (2 * c * sxx + data.l2);
    const db = at.b / (2 * c * total) - dw * mx;
    const next = { w: point.w - dw, b: point.b - db };
    if (next.w === point.w && next.b === point.b) break;
    const nextAt = evaluator.at(next);
    if (!(Math.abs(nextAt.w) + Math.abs(nextAt.b) < Math.abs(at.w) + Math.abs(at.b))) break;
    point = next;
    at = nextAt;
  }
  return { ...point, unique: true };
}
