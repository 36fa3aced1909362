/**
 * The landscape's grid size, chosen so a redraw fits a time budget. A
 * landscape costs about (grid cells × data points × the loss's cost per
 * evaluation); the cost is learnt from the landscapes already computed (per
 * loss, as a running median of the last few), and the next grid is the
 * largest that fits the budget: small while the user drags (~50 ms a
 * redraw), finer once the data settles.
 */

/** Smallest and largest grid sides; sizes are multiples of STEP so consecutive frames rarely change size. */
export const MIN_GRID = 32;
const STEP = 16;
const HISTORY = 5;

export interface GridBudget {
  /** Milliseconds a redraw may take. */
  readonly budgetMs: number;
  /** The largest side (the backend's or the view's cap). */
  readonly max: number;
}

/** While the pointer moves: the issue's ~50 ms a redraw, a margin kept for drawing and the fits. */
export const LIVE_BUDGET: Omit<GridBudget, 'max'> = { budgetMs: 40 };
/** Once the data has settled: one finer picture, in about a quarter second. */
export const SETTLED_BUDGET: Omit<GridBudget, 'max'> = { budgetMs: 250 };

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
};

export class ResolutionGovernor {
  /** Milliseconds per (cell × data point), by loss. */
  private readonly costs = new Map<string, number[]>();
  /** Losses whose first (cold) landscape has been seen. */
  private readonly warm = new Set<string>();

  /**
   * Records a computed landscape: `ms` for `cells` grid cells over `n`
   * points. A loss's first landscape is left out: it pays for starting the
   * workers and compiling the kernels, and would make every later grid too
   * coarse.
   */
  observe(loss: string, cells: number, n: number, ms: number): void {
    if (!(ms > 0) || !(cells > 0) || !(n > 0)) return;
    if (!this.warm.has(loss)) {
      this.warm.add(loss);
      return;
    }
    const cost = ms / (cells * n);
    const list = this.costs.get(loss) ?? [];
    list.push(cost);
    if (list.length > HISTORY) list.shift();
    this.costs.set(loss, list);
  }

  /** The cost per cell and point learnt for a loss, or undefined before the first landscape. */
  cost(loss: string): number | undefined {
    const list = this.costs.get(loss);
    return list && list.length > 0 ? median(list) : undefined;
  }

  /**
   * The grid side for the next landscape of `loss` over `n` points: the
   * largest multiple of 16 whose predicted time fits the budget, within
   * [MIN_GRID, max]. Before any measurement: a guess that errs small
   * (one cheap evaluation is ~5 ns on the CPU).
   */
  size(loss: string, n: number, budget: GridBudget): number {
    const cost = this.cost(loss) ?? 5e-6;
    const cells = budget.budgetMs / (cost * Math.max(1, n));
    return chooseSide(Math.sqrt(cells), budget.max);
  }
}

/** A side from a wished-for real side: rounded down to a multiple of STEP, clamped. */
export function chooseSide(wished: number, max: number): number {
  const top = Math.max(MIN_GRID, Math.floor(max / STEP) * STEP);
  if (!Number.isFinite(wished)) return top;
  return Math.min(top, Math.max(MIN_GRID, Math.floor(wished / STEP) * STEP));
}
