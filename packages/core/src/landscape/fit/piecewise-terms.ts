/**
 * A loss's term read as a piecewise-linear function of the model output s,
 * from its own tree: an interpreter over piecewise-linear functions (pieces
 * q·s + p between breakpoints) that follows add, sub, neg, products and
 * quotients by numbers, abs, max, min and selects on comparisons, with y and
 * the hyperparameters given as numbers. Anything else (a square, an exp of s)
 * is not piecewise linear, and the term is not one.
 */
import { compareNumbers } from '../../expr/build.js';
import type { Cond, Expr } from '../../expr/nodes.js';
import { cpuPrimitives } from '../../expr/primitives.js';
import { outputVariable } from '../forms.js';

/** f(s) = q·s + p on (breaks[k − 1], breaks[k]) for piece k. */
interface Linear {
  readonly q: number;
  readonly p: number;
}

class Piecewise {
  constructor(
    /** Ascending breakpoints. */
    readonly breaks: readonly number[],
    /** One more piece than breaks. */
    readonly pieces: readonly Linear[],
  ) {}

  static constant(value: number): Piecewise {
    return new Piecewise([], [{ q: 0, p: value }]);
  }

  /** A point inside piece k. */
  inside(k: number): number {
    const lo = this.breaks[k - 1];
    const hi = this.breaks[k];
    if (lo === undefined && hi === undefined) return 0;
    if (lo === undefined) return hi! - 1 - Math.abs(hi!);
    if (hi === undefined) return lo + 1 + Math.abs(lo);
    return lo + (hi - lo) / 2;
  }

  /** Both functions on a common set of breakpoints. */
  static align(a: Piecewise, b: Piecewise): { breaks: number[]; pa: Linear[]; pb: Linear[] } {
    const { breaks, pieces } = Piecewise.alignAll([a, b]);
    return { breaks, pa: pieces[0]!, pb: pieces[1]! };
  }

  /** Several functions on a common set of breakpoints: pieces[f][k] is function f on interval k. */
  static alignAll(fs: readonly Piecewise[]): { breaks: number[]; pieces: Linear[][] } {
    const breaks = [...new Set(fs.flatMap((f) => f.breaks))].sort((x, y) => x - y);
    const pieces = fs.map((f) => {
      const out: Linear[] = [];
      let at = 0;
      for (let k = 0; k <= breaks.length; k++) {
        out.push(f.pieces[at]!);
        if (k < breaks.length && f.breaks[at] === breaks[k]) at++;
      }
      return out;
    });
    return { breaks, pieces };
  }

  map(f: (l: Linear) => Linear): Piecewise {
    return new Piecewise(this.breaks, this.pieces.map(f));
  }

  /**
   * Splits every piece of `this` where the linear function `diff` of the same
   * piece changes sign, then picks per sub-piece by the sign of diff there.
   */
  static choose(
    breaksIn: readonly number[],
    diff: readonly Linear[],
    pick: (k: number, sign: number) => Linear,
  ): Piecewise {
    const breaks: number[] = [];
    const pieces: Linear[] = [];
    const probe = new Piecewise(breaksIn, diff);
    for (let k = 0; k < diff.length; k++) {
      const d = diff[k]!;
      const lo = breaksIn[k - 1] ?? Number.NEGATIVE_INFINITY;
      const hi = breaksIn[k] ?? Number.POSITIVE_INFINITY;
      const root = d.q !== 0 ? -d.p / d.q : Number.NaN;
      const sign = (s: number): number => Math.sign(d.q * s + d.p);
      if (root > lo && root < hi) {
        const left = root - 1 - Math.abs(root);
        const right = root + 1 + Math.abs(root);
        pieces.push(pick(k, Number.isFinite(lo) ? sign((lo + root) / 2) : sign(left)));
        breaks.push(root);
        pieces.push(pick(k, Number.isFinite(hi) ? sign((root + hi) / 2) : sign(right)));
      } else {
        pieces.push(pick(k, sign(probe.inside(k))));
      }
      if (k < breaksIn.length) breaks.push(breaksIn[k]!);
    }
    return new Piecewise(breaks, pieces).merged();
  }

  /** Adjacent equal pieces joined, so every breakpoint is a real kink. */
  merged(): Piecewise {
    const breaks: number[] = [];
    const pieces: Linear[] = [this.pieces[0]!];
    for (let k = 0; k < this.breaks.length; k++) {
      const next = this.pieces[k + 1]!;
      const last = pieces[pieces.length - 1]!;
      if (next.q === last.q && next.p === last.p) continue;
      breaks.push(this.breaks[k]!);
      pieces.push(next);
    }
    return new Piecewise(breaks, pieces);
  }
}

type Value = number | Piecewise;

const lift = (v: Value): Piecewise => (typeof v === 'number' ? Piecewise.constant(v) : v);

function combine(a: Value, b: Value, f: (x: Linear, y: Linear) => Linear): Piecewise {
  const { breaks, pa, pb } = Piecewise.align(lift(a), lift(b));
  return new Piecewise(
    breaks,
    pa.map((x, k) => f(x, pb[k]!)),
  ).merged();
}

class NotPiecewiseLinear extends Error {}

/**
 * The term as a piecewise-linear function of s, with y and the
 * hyperparameters given; throws NotPiecewiseLinear where it is not one.
 */
function analyse(e: Expr, env: Readonly<Record<string, number>>): Value {
  const memo = new Map<Expr, Value>();
  const visit = (n: Expr): Value => {
    const seen = memo.get(n);
    if (seen !== undefined) return seen;
    const result = compute(n);
    memo.set(n, result);
    return result;
  };
  const compute = (n: Expr): Value => {
    switch (n.kind) {
      case 'const':
        return n.value;
      case 'var': {
        if (n.name === outputVariable) return new Piecewise([], [{ q: 1, p: 0 }]);
        const value = env[n.name];
        if (value === undefined) throw new NotPiecewiseLinear(`no value for ${n.name}`);
        return value;
      }
      case 'withGrad':
        return visit(n.value);
      case 'select':
        return selectPiecewise(n.cond, visit(n.then), visit(n.otherwise));
      case 'call': {
        const args = n.args.map(visit);
        if (args.every((a) => typeof a === 'number')) return cpuPrimitives[n.op](...(args as number[]));
        const [a, b] = args as [Value, Value];
        switch (n.op) {
          case 'add':
            return combine(a, b, (x, y) => ({ q: x.q + y.q, p: x.p + y.p }));
          case 'sub':
            return combine(a, b, (x, y) => ({ q: x.q - y.q, p: x.p - y.p }));
          case 'neg':
            return lift(a).map((x) => ({ q: -x.q, p: -x.p }));
          case 'mul': {
            if (typeof a === 'number')
              return lift(b)
                .map((x) => ({ q: a * x.q, p: a * x.p }))
                .merged();
            if (typeof b === 'number') return a.map((x) => ({ q: x.q * b, p: x.p * b })).merged();
            throw new NotPiecewiseLinear('product of two functions of s');
          }
          case 'div':
            if (typeof b === 'number') return lift(a).map((x) => ({ q: x.q / b, p: x.p / b }));
            throw new NotPiecewiseLinear('division by a function of s');
          case 'abs': {
            const f = lift(a);
            return Piecewise.choose(f.breaks, f.pieces, (k, sign) => {
              const x = f.pieces[k]!;
              return sign < 0 ? { q: -x.q, p: -x.p } : x;
            });
          }
          case 'max':
          case 'min': {
            const { breaks, pa, pb } = Piecewise.align(lift(a), lift(b));
            const diff = pa.map((x, k) => ({ q: x.q - pb[k]!.q, p: x.p - pb[k]!.p }));
            const wantA = n.op === 'max' ? 1 : -1;
            return Piecewise.choose(breaks, diff, (k, sign) =>
              sign === wantA || sign === 0 ? pa[k]! : pb[k]!,
            );
          }
          default:
            throw new NotPiecewiseLinear(`${n.op} of a function of s`);
        }
      }
    }
  };
  const selectPiecewise = (cond: Cond, then: Value, otherwise: Value): Value => {
    if (cond.kind !== 'compare') throw new NotPiecewiseLinear('compound condition');
    const a = visit(cond.a);
    const b = visit(cond.b);
    if (typeof a === 'number' && typeof b === 'number')
      return compareNumbers(cond.op, a, b) ? then : otherwise;
    const { breaks: condBreaks, pa, pb } = Piecewise.align(lift(a), lift(b));
    const diff = pa.map((x, k) => ({ q: x.q - pb[k]!.q, p: x.p - pb[k]!.p }));
    // Where the condition holds, by the sign of a − b on each sub-piece.
    const holds = (sign: number): boolean => compareNumbers(cond.op, sign, 0);
    const mask = Piecewise.choose(condBreaks, diff, (_, sign) => ({ q: 0, p: holds(sign) ? 1 : 0 }));
    const { breaks, pieces } = Piecewise.alignAll([mask, lift(then), lift(otherwise)]);
    const [m, t, o] = pieces as [Linear[], Linear[], Linear[]];
    return new Piecewise(
      breaks,
      m.map((x, k) => (x.p === 1 ? t[k]! : o[k]!)),
    ).merged();
  };
  return visit(e);
}

/** One term's kinks: φ(s) has slope `slope0` left of every breakpoint and gains jumps[k] at breaks[k]. */
export interface TermKinks {
  readonly breaks: readonly number[];
  readonly jumps: readonly number[];
  readonly slope0: number;
}

/**
 * The term of point (y) as a convex piecewise-linear function of s, or null
 * where it is not one (not piecewise linear, not continuous, or not convex).
 */
export function termKinks(ofS: Expr, env: Readonly<Record<string, number>>): TermKinks | null {
  let f: Value;
  try {
    f = analyse(ofS, env);
  } catch (error) {
    if (error instanceof NotPiecewiseLinear) return null;
    throw error;
  }
  const pl = lift(f);
  const jumps: number[] = [];
  for (let k = 0; k < pl.breaks.length; k++) {
    const left = pl.pieces[k]!;
    const right = pl.pieces[k + 1]!;
    const at = pl.breaks[k]!;
    // Continuous (to rounding) and convex.
    const l = left.q * at + left.p;
    const r = right.q * at + right.p;
    if (Math.abs(l - r) > 1e-9 * (Math.abs(l) + Math.abs(r) + Math.abs(left.p) + Math.abs(right.p) + 1e-300))
      return null;
    const jump = right.q - left.q;
    if (jump < 0) return null;
    jumps.push(jump);
  }
  return { breaks: pl.breaks, jumps, slope0: pl.pieces[0]!.q };
}
