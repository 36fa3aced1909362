/**
 * emitProgram's placement of work into branches: an expensive subtree used
 * by one side of a select is computed only on that side, shared work is
 * computed once before the branch, cheap selects stay selects, and the
 * generated code computes the same numbers either way.
 */
import { describe, expect, it } from 'vitest';
import { jsTarget } from '../src/compile/js-target.js';
import { add, exp, gt, log, lt, mul, select, v } from '../src/expr/build.js';
import { interpret } from '../src/expr/interpret.js';
import type { Expr } from '../src/expr/nodes.js';
import { emitProgram, type Target } from '../src/index.js';

const x = v('x');
const y = v('y');
const target = jsTarget((name) => name);
const { branches: _, ...selectOnly } = target;
const flatTarget: Target = selectOnly;

function source(e: Expr, t: Target = target, levels?: Record<string, number>): string {
  const p = emitProgram([e], t, levels ? { variableLevels: levels } : {});
  return [...p.levels.flat(), `return ${p.outputs[0]};`].join('\n');
}

function compile(e: Expr, t: Target = target): (x: number, y: number) => number {
  return new Function('x', 'y', source(e, t)) as (x: number, y: number) => number;
}

/** The statements inside the `if` and `else` blocks of the first branch, by indentation. */
function blocks(src: string): { before: string[]; taken: string[]; otherwise: string[] } {
  const lines = src.split('\n');
  const open = lines.findIndex((l) => l.startsWith('if ('));
  const split = lines.indexOf('} else {');
  const close = lines.indexOf('}', split);
  expect(open, `no branch in:\n${src}`).toBeGreaterThanOrEqual(0);
  return {
    before: lines.slice(0, open),
    taken: lines.slice(open + 1, split),
    otherwise: lines.slice(split + 1, close),
  };
}

describe('emitProgram with branches', () => {
  it('computes work used by one side only on that side', () => {
    const shared = log(add(x, y));
    const e = select(lt(x, 0), mul(shared, exp(mul(shared, y))), add(x, 1));
    const src = source(e);
    const b = blocks(src);
    expect(b.taken.join('\n')).toContain('Math.exp');
    expect(b.taken.join('\n')).toContain('Math.log');
    expect(b.before.join('\n')).not.toContain('Math.log');
    expect(b.otherwise.join('\n')).not.toContain('Math.exp');
  });

  it('computes work both sides need once, before the branch', () => {
    const shared = log(add(x, y));
    const e = select(lt(x, 0), exp(mul(shared, y)), exp(mul(shared, x)));
    const b = blocks(source(e));
    expect(b.before.filter((l) => l.includes('Math.log'))).toHaveLength(1);
    expect(b.taken.join('\n')).not.toContain('Math.log');
    expect(b.otherwise.join('\n')).not.toContain('Math.log');
  });

  it('nests branches, and keeps cheap selects as selects', () => {
    const e = select(lt(x, 0), select(gt(y, 1), exp(y), log(y)), select(gt(y, 2), add(x, y), mul(x, y)));
    const src = source(e);
    expect(src.match(/^ *if \(/gm)).toHaveLength(2);
    expect(src).toMatch(/\? \(x \+ y\) : \(x \* y\)/);
  });

  it('leaves hoisted work at its loop level, outside any branch', () => {
    const e = select(lt(x, 0), exp(mul(log(y), x)), add(x, exp(y)));
    const p = emitProgram([e], target, { variableLevels: { y: 0, x: 1 } });
    expect(p.levels[0]!.join('\n')).toContain('Math.log(y)');
    expect(p.levels[0]!.join('\n')).toContain('Math.exp(y)');
    expect(p.levels[1]!.join('\n')).toMatch(/if \(/);
  });

  it('computes what selects compute, at points on both sides of every branch', () => {
    const shared = log(add(mul(x, x), 1));
    const e = add(
      select(
        lt(x, 0),
        mul(shared, exp(mul(shared, y))),
        select(gt(y, 0), exp(add(shared, y)), log(add(y, 3))),
      ),
      shared,
    );
    const branched = compile(e);
    const flat = compile(e, flatTarget);
    expect(source(e, flatTarget)).not.toContain('if (');
    for (const px of [-2, -0.5, 0, 0.5, 2])
      for (const py of [-1, 0, 0.25, 1, 2]) {
        const want = interpret(e, { x: px, y: py });
        expect(branched(px, py)).toBe(want);
        expect(flat(px, py)).toBe(want);
      }
  });
});
