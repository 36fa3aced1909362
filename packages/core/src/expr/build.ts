/**
 * Hash-consing constructors for expression trees, with the algebraic
 * simplifications that keep derivative trees small (x·1, x + 0, constant
 * folding). Every node is built here, so equal subtrees are identical objects.
 */
import type {
  CallNode,
  CompareOp,
  Cond,
  ConstNode,
  Expr,
  SelectNode,
  VarNode,
  WithGradNode,
} from './nodes.js';
import { cpuPrimitives, type PrimitiveName, primitiveArity } from './primitives.js';

/**
 * The hash-consing table: key → node, held weakly. A node lives as long as
 * something uses it (the catalog's trees, a definition, a tree being built);
 * once nothing does, its entry goes. Formulas typed into the app (a parse at
 * every keystroke) and their derivatives would otherwise stay in memory for
 * good. Identity is unaffected: while a node is alive, every equal node built
 * is that node.
 */
type Table = Map<string, WeakRef<Expr | Cond>>;
const exprTable: Table = new Map();
const condTable: Table = new Map();
const collected = new FinalizationRegistry<{ table: Table; key: string }>(({ table, key }) => {
  if (table.get(key)?.deref() === undefined) table.delete(key);
});

/**
 * Every interned node's number. A composite node's key names its children
 * by these numbers, not by their keys: children are interned, so equal
 * numbers mean equal subtrees, and a key stays a few characters long however
 * deep the tree (spelling children out made keys grow with the size of the
 * whole subtree, exponentially in the depth of a shared DAG, which a nest
 * of max() or a typed formula's derivative can reach). Numbers are never
 * reused, so a key cannot name a collected node's successor.
 */
const ids = new WeakMap<Expr | Cond, number>();
let nextId = 0;

/** The reference to an interned node inside another node's key. */
const ref = (node: Expr | Cond): string => `@${ids.get(node)}`;

function internIn<T extends Expr | Cond>(table: Table, node: T): T {
  const existing = table.get(node.key)?.deref();
  if (existing) return existing as T;
  table.set(node.key, new WeakRef(node));
  collected.register(node, { table, key: node.key });
  ids.set(node, nextId++);
  return node;
}

const intern = <T extends Expr>(node: T): T => internIn(exprTable, node);
const internCond = <T extends Cond>(node: T): T => internIn(condTable, node);

function numberKey(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

export function c(value: number): ConstNode {
  return intern({ kind: 'const', value, key: `#${numberKey(value)}` });
}

export function v(name: string): VarNode {
  return intern({ kind: 'var', name, key: `$${name}` });
}

export const ZERO = c(0);
export const ONE = c(1);
export const HALF = c(0.5);
export const TWO = c(2);

export type ExprLike = Expr | number;

function lift(e: ExprLike): Expr {
  return typeof e === 'number' ? c(e) : e;
}

export function isConst(e: Expr, value?: number): e is ConstNode {
  return e.kind === 'const' && (value === undefined || e.value === value);
}

/** A primitive call, folded when every argument is a constant. */
export function call(op: PrimitiveName, ...argsIn: ExprLike[]): Expr {
  const arity = primitiveArity[op];
  if (arity === 'variadic' ? argsIn.length < 2 : argsIn.length !== arity) {
    throw new Error(`primitive ${op} takes ${arity} arguments, got ${argsIn.length}`);
  }
  const args = argsIn.map(lift);
  if (args.every((a) => a.kind === 'const')) {
    return c(cpuPrimitives[op](...args.map((a) => (a as ConstNode).value)));
  }
  const node: CallNode = { kind: 'call', op, args, key: `${op}(${args.map(ref).join(',')})` };
  return intern(node);
}

/** t where e is t scaled by `k` (k·t or t·k). */
function scaledBy(e: Expr, k: number): Expr | undefined {
  if (e.kind !== 'call' || e.op !== 'mul') return undefined;
  const [p, q] = e.args as [Expr, Expr];
  return isConst(p, k) ? q : isConst(q, k) ? p : undefined;
}

/** t where e is −½t (−½·t, t·(−½) or −(½t)). */
function minusHalfOf(e: Expr): Expr | undefined {
  if (e.kind === 'call' && e.op === 'neg') return scaledBy(e.args[0]!, 0.5);
  return scaledBy(e, -0.5);
}

// Arithmetic with the simplifications derivative trees need. Multiplying by a
// structural zero gives zero: such zeros come from differentiating a subtree
// that does not depend on the variable, where 0 is the exact answer.
//
// Two halves of one term are that term: the product rule turns t·(½t) into
// ½t + t·½, and t·(u − ½t) into (u − ½t) + t·(−½). Summed as written, the
// first overflows where t does not (t + t, as a compiler allowed to factor
// ½ out computes it, at t = 2e38 in f32), and the second rounds u − ½t before
// taking the other half away: at u = t(1 + 2⁻⁴⁰) every digit of u − t is lost.
// Combined, they are t and u − t: exact, since ½t + ½t = t in floating point.
export function add(a: ExprLike, b: ExprLike): Expr {
  const x = lift(a);
  const y = lift(b);
  if (isConst(x, 0)) return y;
  if (isConst(y, 0)) return x;
  if (y.kind === 'call' && y.op === 'neg') return sub(x, y.args[0]!);
  const half = scaledBy(x, 0.5);
  if (half !== undefined && half === scaledBy(y, 0.5)) return half;
  if (x.kind === 'call' && x.op === 'sub') {
    const t = scaledBy(x.args[1]!, 0.5);
    if (t !== undefined && t === minusHalfOf(y)) return sub(x.args[0]!, t);
  }
  return call('add', x, y);
}

export function sub(a: ExprLike, b: ExprLike): Expr {
  const x = lift(a);
  const y = lift(b);
  if (isConst(y, 0)) return x;
  if (isConst(x, 0)) return neg(y);
  if (y.kind === 'call' && y.op === 'neg') return add(x, y.args[0]!);
  if (x.kind === 'call' && x.op === 'sub') {
    // (u − ½t) − ½t = u − t.
    const t = scaledBy(x.args[1]!, 0.5);
    if (t !== undefined && t === scaledBy(y, 0.5)) return sub(x.args[0]!, t);
  }
  return call('sub', x, y);
}

export function mul(a: ExprLike, b: ExprLike): Expr {
  const x = lift(a);
  const y = lift(b);
  if (isConst(x, 0) || isConst(y, 0)) return ZERO;
  if (isConst(x, 1)) return y;
  if (isConst(y, 1)) return x;
  if (isConst(x, -1)) return neg(y);
  if (isConst(y, -1)) return neg(x);
  return call('mul', x, y);
}

export function div(a: ExprLike, b: ExprLike): Expr {
  const x = lift(a);
  const y = lift(b);
  if (isConst(x, 0)) return ZERO;
  if (isConst(y, 1)) return x;
  return call('div', x, y);
}

export function neg(a: ExprLike): Expr {
  const x = lift(a);
  if (x.kind === 'call' && x.op === 'neg') return x.args[0]!;
  return call('neg', x);
}

export const abs = (a: ExprLike): Expr => call('abs', a);
export const max = (a: ExprLike, b: ExprLike): Expr => call('max', a, b);
export const min = (a: ExprLike, b: ExprLike): Expr => call('min', a, b);
export const square = (a: ExprLike): Expr => call('square', a);
export const sqrt = (a: ExprLike): Expr => call('sqrt', a);
export const hypot = (a: ExprLike, b: ExprLike): Expr => call('hypot', a, b);
export const pow = (a: ExprLike, b: ExprLike): Expr => {
  const y = lift(b);
  if (isConst(y, 1)) return lift(a);
  if (isConst(y, 2)) return square(a);
  return call('pow', a, y);
};
export const exp = (a: ExprLike): Expr => call('exp', a);
export const expm1 = (a: ExprLike): Expr => call('expm1', a);
/**
 * w₁·…·wₙ·eᵃ, finite wherever the product is (eᵃ alone, or a product of some
 * of the weights, may over- or underflow).
 */
export function expmul(a: ExprLike, ...ws: ExprLike[]): Expr {
  if (ws.length === 0) throw new Error('expmul takes a weight');
  const lifted = ws.map(lift);
  if (lifted.some((x) => isConst(x, 0))) return ZERO;
  // Weights of ±1 drop out, an odd number of −1 as a sign.
  const weights = lifted.filter((x) => !isConst(x, 1) && !isConst(x, -1));
  const negative = (lifted.length - weights.length - lifted.filter((x) => isConst(x, 1)).length) % 2 === 1;
  const product = weights.length === 0 ? exp(a) : call('expmul', a, ...weights);
  return negative ? neg(product) : product;
}
/** a + b + c, compensated (see primitives.ts): exact where plain sums cancel. */
export const sum3 = (a: ExprLike, b: ExprLike, c: ExprLike): Expr => call('sum3', a, b, c);
export const log = (a: ExprLike): Expr => call('log', a);
export const log1p = (a: ExprLike): Expr => call('log1p', a);
/** log1p(x) − x, exact near 0. */
export const log1pmx = (a: ExprLike): Expr => call('log1pmx', a);
export const exprel = (a: ExprLike): Expr => call('exprel', a);
export const softplus = (a: ExprLike): Expr => call('softplus', a);
export const sigmoid = (a: ExprLike): Expr => call('sigmoid', a);
export const logSigmoid = (a: ExprLike): Expr => call('logSigmoid', a);
export const tanh = (a: ExprLike): Expr => call('tanh', a);
export const logCosh = (a: ExprLike): Expr => call('logCosh', a);
export const xlogy = (a: ExprLike, b: ExprLike): Expr => (isConst(lift(a), 0) ? ZERO : call('xlogy', a, b));
export const xlog1py = (a: ExprLike, b: ExprLike): Expr =>
  isConst(lift(a), 0) ? ZERO : call('xlog1py', a, b);
export const logSumExp = (...xs: ExprLike[]): Expr => call('logSumExp', ...xs);

/** Sum of any number of terms (0 for none). */
export function sum(...xs: ExprLike[]): Expr {
  return xs.reduce<Expr>((acc, x) => add(acc, x), ZERO);
}

// Conditions. Constant conditions fold to booleans, which `select` resolves.
export type CondLike = Cond | boolean;

function compare(op: CompareOp, a: ExprLike, b: ExprLike): CondLike {
  const x = lift(a);
  const y = lift(b);
  if (x.kind === 'const' && y.kind === 'const') return compareNumbers(op, x.value, y.value);
  return internCond({ kind: 'compare', op, a: x, b: y, key: `${op}(${ref(x)},${ref(y)})` });
}

export function compareNumbers(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
  }
}

export const lt = (a: ExprLike, b: ExprLike): CondLike => compare('lt', a, b);
export const le = (a: ExprLike, b: ExprLike): CondLike => compare('le', a, b);
export const gt = (a: ExprLike, b: ExprLike): CondLike => compare('gt', a, b);
export const ge = (a: ExprLike, b: ExprLike): CondLike => compare('ge', a, b);
export const eq = (a: ExprLike, b: ExprLike): CondLike => compare('eq', a, b);
export const ne = (a: ExprLike, b: ExprLike): CondLike => compare('ne', a, b);

/** |a| = ∞ (false for NaN). */
export function isInfinite(a: ExprLike): CondLike {
  const x = lift(a);
  if (x.kind === 'const') return Math.abs(x.value) === Number.POSITIVE_INFINITY;
  // Variables are finite: the catalog's domains hold finite reals only.
  if (x.kind === 'var') return false;
  return internCond({ kind: 'infinite', a: x, key: `inf(${ref(x)})` });
}

export function and(a: CondLike, b: CondLike): CondLike {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  return internCond({ kind: 'and', a, b, key: `and(${ref(a)},${ref(b)})` });
}

export function or(a: CondLike, b: CondLike): CondLike {
  if (a === true || b === true) return true;
  if (a === false) return b;
  if (b === false) return a;
  return internCond({ kind: 'or', a, b, key: `or(${ref(a)},${ref(b)})` });
}

export function not(a: CondLike): CondLike {
  if (typeof a === 'boolean') return !a;
  if (a.kind === 'not') return a.a;
  return internCond({ kind: 'not', a, key: `not(${ref(a)})` });
}

export function all(...cs: CondLike[]): CondLike {
  return cs.reduce<CondLike>((acc, x) => and(acc, x), true);
}

export function any(...cs: CondLike[]): CondLike {
  return cs.reduce<CondLike>((acc, x) => or(acc, x), false);
}

/** `cond ? then : otherwise`. */
export function select(cond: CondLike, then: ExprLike, otherwise: ExprLike): Expr {
  const t = lift(then);
  const o = lift(otherwise);
  if (cond === true) return t;
  if (cond === false) return o;
  if (t === o) return t;
  // 0 and −0 are the same value for every consumer here (outputs are normalised to +0).
  if (t.kind === 'const' && o.kind === 'const' && t.value === o.value) return t;
  const node: SelectNode = {
    kind: 'select',
    cond,
    // biome-ignore lint/suspicious/noThenProperty: a select's branch; nodes are plain data, never awaited
    then: t,
    otherwise: o,
    key: `sel(${ref(cond)},${ref(t)},${ref(o)})`,
  };
  return intern(node);
}

/**
 * `value`, with some partial derivatives given explicitly rather than derived.
 * For removable singularities only: the printers see `value` alone.
 */
export function withGrad(value: ExprLike, partials: Record<string, ExprLike>): Expr {
  const val = lift(value);
  const ps: Record<string, Expr> = {};
  for (const [k, p] of Object.entries(partials)) ps[k] = lift(p);
  const keys = Object.keys(ps)
    .sort()
    .map((k) => `${k}:${ref(ps[k]!)}`)
    .join(',');
  const node: WithGradNode = { kind: 'withGrad', value: val, partials: ps, key: `grad(${ref(val)};${keys})` };
  return intern(node);
}

export const POS_INF = c(Number.POSITIVE_INFINITY);
export const NEG_INF = c(Number.NEGATIVE_INFINITY);
export const NAN = c(Number.NaN);
