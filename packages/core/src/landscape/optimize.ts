/**
 * Optimizer trajectories on L(w, b) with PyTorch's update rules (SGD with
 * momentum or Nesterov, and Adam), per coordinate, with θ = (w, b),
 * g = ∇L(θ) and every state starting at zero:
 *
 *   gd        θ ← θ − lr·g
 *   momentum  v ← μ·v + g;  θ ← θ − lr·v
 *   nesterov  v ← μ·v + g;  θ ← θ − lr·(g + μ·v)
 *   adam      m ← β₁·m + (1 − β₁)·g;  s ← β₂·s + (1 − β₂)·g²;
 *             θ ← θ − lr·(m/(1 − β₁ᵗ)) / (√(s/(1 − β₂ᵗ)) + ε)
 *
 * The gradient is the exact one of `totalGradient` and the values are
 * `totalLoss`'s, bit for bit.
 */
import { ModelEvaluator } from './evaluator.js';
import { checkPoint, type ModelPoint, type ModelSpec, resolveModel } from './model.js';

export type OptimizerMethod = 'gd' | 'momentum' | 'nesterov' | 'adam';

export const optimizerMethods: readonly OptimizerMethod[] = ['gd', 'momentum', 'nesterov', 'adam'];

/** The largest number of steps one call takes. */
export const maxOptimizerSteps = 100_000;

export interface OptimizeOptions {
  readonly method: OptimizerMethod;
  /** Learning rate, > 0. */
  readonly lr: number;
  /** Number of steps, an integer in [1, 100 000]. */
  readonly steps: number;
  readonly start: ModelPoint;
  /** μ of momentum and nesterov, in [0, 1); default 0.9. */
  readonly momentum?: number;
  /** Adam's β₁, β₂ in [0, 1) (defaults 0.9, 0.999) and ε > 0 (default 1e-8). */
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
}

export interface Trajectory {
  /** The start and every step: length steps + 1, or shorter where the run diverged. */
  readonly w: Float64Array;
  readonly b: Float64Array;
  /** L at each point. */
  readonly value: Float64Array;
  /** True where a step's w, b or value was not finite: that step and the rest are left out. */
  readonly diverged: boolean;
}

interface CheckedOptions {
  readonly method: OptimizerMethod;
  readonly lr: number;
  readonly steps: number;
  readonly start: ModelPoint;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

function checkOptions(id: string, options: OptimizeOptions): Omit<CheckedOptions, 'start'> {
  if (typeof options !== 'object' || options === null)
    throw new RangeError(`${id}: optimize needs options { method, lr, steps, start }`);
  const { method } = options;
  if (!optimizerMethods.includes(method)) {
    throw new RangeError(
      `${id}: unknown optimizer method '${String(method)}'; use ${optimizerMethods.join(', ')}`,
    );
  }
  const positive = (name: string, value: unknown): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0))
      throw new RangeError(`${id}: ${name} = ${String(value)} must be a finite number > 0`);
    return value;
  };
  const unitOpen = (name: string, value: unknown, fallback: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !(value >= 0 && value < 1))
      throw new RangeError(`${id}: ${name} = ${String(value)} is outside its domain [0, 1)`);
    return value;
  };
  const lr = positive('lr', options.lr);
  const steps = options.steps;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1 || steps > maxOptimizerSteps) {
    throw new RangeError(`${id}: steps = ${String(steps)} must be an integer in [1, ${maxOptimizerSteps}]`);
  }
  return {
    method,
    lr,
    steps,
    momentum: unitOpen('momentum', options.momentum, 0.9),
    beta1: unitOpen('beta1', options.beta1, 0.9),
    beta2: unitOpen('beta2', options.beta2, 0.999),
    eps: options.eps === undefined ? 1e-8 : positive('eps', options.eps),
  };
}

/** The optimizer's path from `start`: every step's (w, b) and L. */
export function optimize(model: ModelSpec, options: OptimizeOptions): Trajectory {
  const resolved = resolveModel(model);
  const id = resolved.loss.id;
  const checked = checkOptions(id, options);
  const start = checkPoint(resolved.loss, options.start, 'start');
  const { method, lr, steps, momentum: mu, beta1, beta2, eps } = checked;
  const evaluator = new ModelEvaluator(resolved);

  const ws = new Float64Array(steps + 1);
  const bs = new Float64Array(steps + 1);
  const values = new Float64Array(steps + 1);
  let w = start.w;
  let b = start.b;
  let at = evaluator.at(start);
  ws[0] = w;
  bs[0] = b;
  values[0] = at.value;
  let length = 1;
  let diverged = !Number.isFinite(at.value);
  // Optimizer state per coordinate.
  let vw = 0;
  let vb = 0;
  let mw = 0;
  let mb = 0;
  let sw = 0;
  let sb = 0;
  for (let t = 1; t <= steps && !diverged; t++) {
    const gw = at.w;
    const gb = at.b;
    switch (method) {
      case 'gd':
        w = w - lr * gw;
        b = b - lr * gb;
        break;
      case 'momentum':
        vw = mu * vw + gw;
        vb = mu * vb + gb;
        w = w - lr * vw;
        b = b - lr * vb;
        break;
      case 'nesterov':
        vw = mu * vw + gw;
        vb = mu * vb + gb;
        w = w - lr * (gw + mu * vw);
        b = b - lr * (gb + mu * vb);
        break;
      case 'adam': {
        mw = beta1 * mw + (1 - beta1) * gw;
        mb = beta1 * mb + (1 - beta1) * gb;
        sw = beta2 * sw + (1 - beta2) * gw * gw;
        sb = beta2 * sb + (1 - beta2) * gb * gb;
        const c1 = 1 - beta1 ** t;
        const c2 = 1 - beta2 ** t;
        w = w - (lr * (mw / c1)) / (Math.sqrt(sw / c2) + eps);
        b = b - (lr * (mb / c1)) / (Math.sqrt(sb / c2) + eps);
        break;
      }
    }
    if (!Number.isFinite(w) || !Number.isFinite(b)) {
      diverged = true;
      break;
    }
    at = evaluator.at({ w, b });
    if (!Number.isFinite(at.value)) {
      diverged = true;
      break;
    }
    ws[length] = w;
    bs[length] = b;
    values[length] = at.value;
    length++;
  }
  return {
    w: length === steps + 1 ? ws : ws.slice(0, length),
    b: length === steps + 1 ? bs : bs.slice(0, length),
    value: length === steps + 1 ? values : values.slice(0, length),
    diverged,
  };
}
