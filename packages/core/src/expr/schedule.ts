/**
 * Turns expression DAGs into straight-line code for any target language.
 * A `Target` says how to spell constants, calls and selects; `emitProgram`
 * decides which subtrees get a named temporary (shared ones, and ones that
 * can be hoisted out of an inner loop) and in which loop level each lives.
 * The JS compiler (core) and the WGSL generator (@losslab/gpu) both use it.
 */
import type { CompareOp, Cond, Expr } from './nodes.js';
import type { PrimitiveName } from './primitives.js';

export interface Target {
  constant(value: number): string;
  variable(name: string): string;
  call(op: PrimitiveName, args: readonly string[]): string;
  select(cond: string, then: string, otherwise: string): string;
  compare(op: CompareOp, a: string, b: string): string;
  logic(op: 'and' | 'or', a: string, b: string): string;
  not(a: string): string;
  /** |a| = ∞ as a boolean expression. */
  infinite(a: string): string;
  /** A statement binding a temporary: `const t3 = …;` */
  declare(name: string, value: string): string;
  /**
   * Statements for if/else, for targets where a select evaluates both sides
   * (WGSL) or where work shared inside one side should stay there (JS).
   * Without them every select is spelled with `select`.
   */
  readonly branches?: BranchSyntax;
}

export interface BranchSyntax {
  /** An uninitialised f32 temporary: `let t3;` / `var t3: f32;` */
  declareVar(name: string): string;
  assign(name: string, value: string): string;
  /** `if (cond) {` */
  open(cond: string): string;
  /** `} else {` */
  readonly otherwise: string;
  /** `}` */
  readonly close: string;
}

export interface Program {
  /** Statements per loop level (index = level), in dependency order. */
  readonly levels: string[][];
  /** The expression text for each output, valid at the innermost level. */
  readonly outputs: string[];
}

export interface EmitOptions {
  /** Loop level of each variable (default 0). Constants are level 0. */
  readonly variableLevels?: Readonly<Record<string, number>>;
  /** Number of loop levels (default: 1 + the highest variable level). */
  readonly levelCount?: number;
  /** Prefix for temporaries (default `t`). */
  readonly tempPrefix?: string;
  /**
   * A select becomes if/else (given `target.branches`) when one side holds
   * at least this much work of its own, in `nodeCost` units (default 12:
   * about one exp or log, or three divisions). Cheaper selects stay selects:
   * a branch costs more than a few arithmetic operations.
   */
  readonly branchCost?: number;
}

/** Rough cost of a primitive, in multiply-adds: what decides when a branch pays. */
const primitiveCost: Partial<Record<PrimitiveName, number>> = {
  add: 1,
  sub: 1,
  mul: 1,
  neg: 1,
  abs: 1,
  max: 1,
  min: 1,
  square: 1,
  div: 4,
  sqrt: 4,
  hypot: 8,
};
const TRANSCENDENTAL_COST = 20;

function nodeCost(n: Node): number {
  switch (n.kind) {
    case 'const':
    case 'var':
    case 'withGrad':
      return 0;
    case 'call':
      return (primitiveCost[n.op] ?? TRANSCENDENTAL_COST) * (n.op === 'logSumExp' ? n.args.length : 1);
    default:
      // Selects, comparisons and logic: one cheap instruction each.
      return 0.5;
  }
}

type SelectExpr = Expr & { kind: 'select' };

/** Branched selects on one condition, emitted as one if/else. */
interface Group {
  readonly cond: Cond;
  readonly members: SelectExpr[];
  readonly arms: readonly [Block, Block];
}

/** A block of statements: a loop level's body, or one side of an if/else inside it. */
interface Block {
  readonly parent: Block | null;
  readonly depth: number;
}

function commonBlock(a: Block, b: Block): Block {
  let x = a;
  let y = b;
  while (x.depth > y.depth) x = x.parent!;
  while (y.depth > x.depth) y = y.parent!;
  while (x !== y) {
    x = x.parent!;
    y = y.parent!;
  }
  return x;
}

type Node = Expr | Cond;

function children(n: Node): Node[] {
  switch (n.kind) {
    case 'const':
    case 'var':
      return [];
    case 'call':
      return [...n.args];
    case 'select':
      return [n.cond, n.then, n.otherwise];
    case 'withGrad':
      return [n.value];
    case 'compare':
      return [n.a, n.b];
    case 'and':
    case 'or':
      return [n.a, n.b];
    case 'not':
    case 'infinite':
      return [n.a];
  }
}

const isLeaf = (n: Node): boolean => n.kind === 'const' || n.kind === 'var';

export function emitProgram(outputs: readonly Expr[], target: Target, options: EmitOptions = {}): Program {
  const varLevels = options.variableLevels ?? {};
  const prefix = options.tempPrefix ?? 't';
  const uses = new Map<Node, number>();
  const level = new Map<Node, number>();
  const order: Node[] = [];

  const visit = (n: Node): void => {
    const seen = uses.get(n);
    uses.set(n, (seen ?? 0) + 1);
    if (seen !== undefined) return;
    let lv = n.kind === 'var' ? (varLevels[n.name] ?? 0) : 0;
    for (const child of children(n)) {
      visit(child);
      lv = Math.max(lv, level.get(child)!);
    }
    level.set(n, lv);
    order.push(n);
  };
  outputs.forEach(visit);

  const maxVarLevel = Math.max(0, ...Object.values(varLevels));
  const levelCount = options.levelCount ?? maxVarLevel + 1;
  const innermost = levelCount - 1;

  // A node gets a temporary if it is shared, or if it can be computed in an
  // outer loop level than some consumer (hoisting), and it is not a leaf.
  const hoistable = new Set<Node>();
  for (const n of order) {
    const lv = level.get(n)!;
    for (const child of children(n)) {
      if (!isLeaf(child) && level.get(child)! < lv) hoistable.add(child);
    }
  }
  for (const out of outputs) if (!isLeaf(out) && level.get(out)! < innermost) hoistable.add(out);

  // Where each node is computed: the innermost block enclosing all its uses,
  // so work needed by one side of a branched select happens only there.
  // Branched selects on the same condition in the same block share one
  // if/else (a partial and its value usually branch alike), unless one
  // depends on the other.
  const roots: Block[] = Array.from({ length: levelCount }, () => ({ parent: null, depth: 0 }));
  const isSelect = (n: Node): n is SelectExpr => n.kind === 'select';
  // What lies below a node, as a bitset over `order` (children come before their parents, so
  // a node's descendants have smaller indices): a typed formula's derivative can be a DAG of
  // thousands of nodes, where sets of descendants cost time and memory quadratic in its size.
  const index = new Map<Node, number>(order.map((n, i) => [n, i]));
  const descendants = new Map<Node, Uint32Array>();
  const below = (n: Node): Uint32Array => {
    let bits = descendants.get(n);
    if (!bits) {
      bits = new Uint32Array((index.get(n)! >> 5) + 1);
      for (const child of children(n)) {
        const i = index.get(child)!;
        bits[i >> 5]! |= 1 << (i & 31);
        const under = below(child);
        for (let w = 0; w < under.length; w++) bits[w]! |= under[w]!;
      }
      descendants.set(n, bits);
    }
    return bits;
  };
  const isBelow = (n: Node, m: Node): boolean => {
    const i = index.get(n)!;
    const bits = below(m);
    return i >> 5 < bits.length && (bits[i >> 5]! & (1 << (i & 31))) !== 0;
  };
  const place = (branched: ReadonlySet<Node>) => {
    const blockOf = new Map<Node, Block>();
    const groupOf = new Map<Node, Group>();
    const groupsIn = new Map<Block, Group[]>();
    const useAt = (n: Node, b: Block): void => {
      const seen = blockOf.get(n);
      blockOf.set(n, seen ? commonBlock(seen, b) : b);
    };
    for (const out of outputs) useAt(out, roots[Math.min(level.get(out)!, innermost)]!);
    for (let k = order.length - 1; k >= 0; k--) {
      const n = order[k]!;
      const b = blockOf.get(n)!;
      const lv = level.get(n)!;
      const at = (child: Node, inner: Block): void => {
        const clv = level.get(child)!;
        useAt(child, clv < lv ? roots[Math.min(clv, innermost)]! : inner);
      };
      if (isSelect(n) && branched.has(n)) {
        const here = groupsIn.get(b) ?? [];
        // Members come later in topological order: n cannot depend on them, only they on n.
        let group = here.find((g) => g.cond === n.cond && !g.members.some((m) => isBelow(n, m)));
        if (!group) {
          group = {
            cond: n.cond,
            members: [],
            arms: [
              { parent: b, depth: b.depth + 1 },
              { parent: b, depth: b.depth + 1 },
            ],
          };
          here.push(group);
          groupsIn.set(b, here);
        }
        group.members.push(n);
        groupOf.set(n, group);
        at(n.cond, b);
        at(n.then, group.arms[0]);
        at(n.otherwise, group.arms[1]);
      } else for (const child of children(n)) at(child, b);
    }
    return { blockOf, groupOf };
  };

  let branched = new Set<Node>(
    target.branches ? order.filter((n) => isSelect(n) && !(isLeaf(n.then) && isLeaf(n.otherwise))) : [],
  );
  let placement = place(branched);
  if (branched.size > 0) {
    // Keep the branches whose sides do enough work of their own.
    const work = new Map<Block, number>();
    for (const n of order) {
      let b: Block | null = placement.blockOf.get(n)!;
      const cost = nodeCost(n);
      for (; b !== null && b.depth > 0; b = b.parent) work.set(b, (work.get(b) ?? 0) + cost);
    }
    const threshold = options.branchCost ?? 12;
    const kept = new Set<Node>();
    for (const [n, { arms }] of placement.groupOf)
      if (Math.max(work.get(arms[0]) ?? 0, work.get(arms[1]) ?? 0) >= threshold) kept.add(n);
    if (kept.size !== branched.size) {
      branched = kept;
      placement = place(branched);
    }
  }
  const { blockOf, groupOf } = placement;

  const names = new Map<Node, string>();
  const text = (n: Node): string => names.get(n) ?? spell(n);
  const spell = (n: Node): string => {
    switch (n.kind) {
      case 'const':
        return target.constant(n.value);
      case 'var':
        return target.variable(n.name);
      case 'call':
        return target.call(n.op, n.args.map(text));
      case 'select':
        return target.select(text(n.cond), text(n.then), text(n.otherwise));
      case 'withGrad':
        return text(n.value);
      case 'compare':
        return target.compare(n.op, text(n.a), text(n.b));
      case 'and':
      case 'or':
        return target.logic(n.kind, text(n.a), text(n.b));
      case 'not':
        return target.not(text(n.a));
      case 'infinite':
        return target.infinite(text(n.a));
    }
  };

  // Temporaries: shared nodes, hoisted nodes, and branched selects.
  const named: Node[] = [];
  const byBlock = new Map<Block, Node[]>();
  let counter = 0;
  for (const n of order) {
    if (isLeaf(n) || n.kind === 'withGrad') continue;
    if ((uses.get(n) ?? 0) < 2 && !hoistable.has(n) && !branched.has(n)) continue;
    names.set(n, `${prefix}${counter++}`);
    named.push(n);
    const b = blockOf.get(n)!;
    const list = byBlock.get(b);
    if (list) list.push(n);
    else byBlock.set(b, [n]);
  }

  // A block's statements: its named nodes, a group of selects counting as one
  // item, in an order where each item follows everything it uses.
  type Item = Node | Group;
  const itemOf = (n: Node): Item => groupOf.get(n) ?? n;
  const ordered = (b: Block): Item[] => {
    const items: Item[] = [];
    for (const n of byBlock.get(b) ?? []) {
      const item = itemOf(n);
      if (!items.includes(item)) items.push(item);
    }
    const inBlock = new Set(items);
    const itemsUsedBy = (item: Item): Set<Item> => {
      const found = new Set<Item>();
      const seen = new Set<Node>();
      const walk = (n: Node): void => {
        if (seen.has(n)) return;
        seen.add(n);
        const other = names.has(n) && blockOf.get(n) === b ? itemOf(n) : null;
        if (other !== null && other !== item && inBlock.has(other)) {
          found.add(other);
          return;
        }
        children(n).forEach(walk);
      };
      for (const n of 'members' in item ? item.members : [item]) children(n).forEach(walk);
      return found;
    };
    const pending = items.map((item) => ({ item, uses: itemsUsedBy(item) }));
    const done = new Set<Item>();
    const result: Item[] = [];
    while (pending.length > 0) {
      const next = pending.findIndex((p) => [...p.uses].every((u) => done.has(u)));
      if (next < 0) throw new Error('emitProgram: cyclic branch groups');
      const item = pending.splice(next, 1)[0]!.item;
      done.add(item);
      result.push(item);
    }
    return result;
  };

  const syntax = target.branches;
  const emitBlock = (b: Block, lines: string[], indent: string): void => {
    for (const item of ordered(b)) {
      if (!('members' in item)) {
        lines.push(indent + target.declare(names.get(item)!, spell(item)));
        continue;
      }
      if (!syntax) throw new Error('emitProgram: branches without branch syntax');
      const inner = `${indent}  `;
      for (const m of item.members) lines.push(indent + syntax.declareVar(names.get(m)!));
      lines.push(indent + syntax.open(text(item.cond)));
      emitBlock(item.arms[0], lines, inner);
      for (const m of item.members) lines.push(inner + syntax.assign(names.get(m)!, text(m.then)));
      lines.push(indent + syntax.otherwise);
      emitBlock(item.arms[1], lines, inner);
      for (const m of item.members) lines.push(inner + syntax.assign(names.get(m)!, text(m.otherwise)));
      lines.push(indent + syntax.close);
    }
  };
  const levels = roots.map((root) => {
    const lines: string[] = [];
    emitBlock(root, lines, '');
    return lines;
  });
  return { levels, outputs: outputs.map(text) };
}
