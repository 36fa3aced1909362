/**
 * The cases of the sweep benchmark: for every loss in the catalog, core's
 * path at 1024² and a hand-written JS loop of the same formula.
 *
 * The hand-written loops below are the baseline: each is written out
 * literally, the way a careful person would code that one loss by hand, and
 * shares nothing with core (no trees, no primitives, no compiled kernels).
 * Before timing, each loop is checked against core on a small grid so the two
 * sides provably compute the same thing.
 *
 * Losses of a single variable (mse, hinge, …) have no 2D sweep in core: for
 * them core's path is `evaluateBatch` over a column of 1024² points, against a
 * hand-written loop over the same column.
 *
 * sweep.bench.ts times both sides with vitest bench; report.ts prints the
 * ratio table (and measures paired, interleaved ratios).
 */
import { evaluateBatch, type LossDef, losses, type SweepSpec, sweep } from '@losslab/core';
import { handWritten } from '../src/handwritten.js';

export const SIZE = 1024;

/** Evenly spaced points over a variable's plot range (geometric for log ranges), endpoints exact. */
function coords(loss: LossDef, name: string, size: number): Float64Array {
  const v = loss.variables.find((w) => w.name === name);
  if (!v) throw new Error(`${loss.id}: no variable ${name}`);
  const { min, max, scale } = v.plot;
  const c = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const t = i / Math.max(1, size - 1);
    c[i] =
      scale === 'log' ? Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * t) : min + (max - min) * t;
  }
  c[0] = min;
  c[size - 1] = max;
  return c;
}

/** Every variable off the axes: its default, else 0 (a logit), else the middle of its plot range. */
function fixedParams(loss: LossDef, axes: readonly string[]): Record<string, number> {
  const p: Record<string, number> = {};
  for (const v of loss.variables) {
    if (axes.includes(v.name)) continue;
    if (v.default !== undefined) p[v.name] = v.default;
    else if (v.domain.kind === 'interval' && v.domain.min < 0 && v.domain.max > 0) p[v.name] = 0;
    else p[v.name] = 0.5 * (v.plot.min + v.plot.max);
  }
  return p;
}

export interface Case {
  readonly loss: LossDef;
  readonly axes: readonly string[];
  readonly core: (size: number, out: Float64Array) => void;
  readonly hand: ((size: number, out: Float64Array) => void) | undefined;
  /** Why the hand-written side differs from core, if it does. */
  readonly mismatch: string | undefined;
}

export function makeCase(loss: LossDef): Case {
  const entry = handWritten[loss.id];
  // The loop's axes when it has one (and they are variables of the loss); the catalog's defaults otherwise.
  const valid = entry?.axes.every((a) => loss.variables.some((v) => v.name === a)) ?? false;
  const axes: readonly string[] = valid && entry ? entry.axes : loss.defaultAxes;
  const params = fixedParams(loss, axes);
  const grids = new Map<number, { xs: Float64Array; ys: Float64Array }>();
  const grid = (size: number) => {
    let g = grids.get(size);
    if (!g) {
      const [ax, ay] = axes;
      g = ay
        ? { xs: coords(loss, ax!, size), ys: coords(loss, ay, size) }
        : { xs: coords(loss, ax!, size * size), ys: new Float64Array(0) };
      grids.set(size, g);
    }
    return g;
  };
  const core = (size: number, out: Float64Array): void => {
    const [ax, ay] = axes;
    if (ay) {
      const spec: SweepSpec = {
        loss: loss.id,
        x: { variable: ax!, ...range(loss, ax!), size },
        y: { variable: ay, ...range(loss, ay), size },
        fixed: params,
      };
      sweep(spec, { out });
    } else {
      evaluateBatch(loss.id, { ...params, [ax!]: grid(size).xs }, out);
    }
  };
  const hand =
    valid && entry
      ? (size: number, out: Float64Array): void => {
          const g = grid(size);
          entry.loop(out, g.xs, g.ys, params);
        }
      : undefined;
  return {
    loss,
    axes,
    core,
    hand,
    mismatch: hand ? compare(core, hand) : 'no hand-written loop for this loss',
  };
}

function range(loss: LossDef, name: string): { min: number; max: number; scale: 'linear' | 'log' } {
  const { min, max, scale } = loss.variables.find((v) => v.name === name)!.plot;
  return { min, max, scale };
}

/**
 * Both sides on a 64² grid: equal within 1e-9 relative (same ±∞), the
 * relative error floored at the grid's largest |value| (so 0 against 2e-16
 * from a different association is equal), or the first difference.
 */
function compare(core: Case['core'], hand: NonNullable<Case['hand']>): string | undefined {
  const n = 64;
  const a = new Float64Array(n * n);
  const b = new Float64Array(n * n);
  core(n, a);
  hand(n, b);
  let scale = 0;
  for (const x of a) if (Number.isFinite(x)) scale = Math.max(scale, Math.abs(x));
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    const same = x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y), scale, 1e-300);
    if (!same) return `differs at point ${k}: core ${x}, hand-written ${y}`;
  }
  return undefined;
}

export const cases: readonly Case[] = losses.map(makeCase);
