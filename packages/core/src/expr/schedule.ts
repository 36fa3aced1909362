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
  /** A statement binding a temporary: `const t3 = …;` */
  declare(name: string, value: string): string;
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

  const names = new Map<Node, string>();
  const levels: string[][] = Array.from({ length: levelCount }, () => []);
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
    }
  };

  let counter = 0;
  for (const n of order) {
    if (isLeaf(n) || n.kind === 'withGrad') continue;
    if ((uses.get(n) ?? 0) < 2 && !hoistable.has(n)) continue;
    const name = `${prefix}${counter++}`;
    levels[Math.min(level.get(n)!, innermost)]!.push(target.declare(name, spell(n)));
    names.set(n, name);
  }
  return { levels, outputs: outputs.map(text) };
}
