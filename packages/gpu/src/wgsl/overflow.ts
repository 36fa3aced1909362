/**
 * The value of a loss, spelled with a shadow flag per node: "this f32
 * result is ±∞ only because f32 overflowed; the exact value is finite".
 *
 * core's rule makes a partial NaN where the value is infinite. In f32 a
 * value can be infinite because it is (log 0, x/0: core's f64 value is ∞
 * too) or because it overflowed (r² at r = 1e30, e^89: finite in f64). The
 * partial is NaN in the first case only, so the GPU has to tell them apart:
 * a node's result is an overflow if it is ±∞ while its exact value is not —
 * an arithmetic operation on finite operands (or on overflowed ones) that
 * is not at a singularity, and whose exact value would not overflow f64
 * either (e^x beyond x = 709.78 is ∞ in core too).
 */
import type { Cond, Expr, Target } from '@losslab/core';

export interface FlaggedValue {
  /** `let` statements, in dependency order. */
  readonly statements: string[];
  /** The value's expression. */
  readonly value: string;
  /** A bool expression: the value overflowed f32 but is finite. */
  readonly overflowed: string;
}

/** ln(f64 max): e^x is finite in f64 below this. */
const F64_EXP_LIMIT = 709.78;

export function flaggedValue(root: Expr, target: Target, use: (helper: string) => string): FlaggedValue {
  const statements: string[] = [];
  const values = new Map<Expr, string>();
  const flags = new Map<Expr, string>();
  const conds = new Map<Cond, string>();
  let counter = 0;
  const isInf = (t: string): string => `${use('ll_is_inf')}(${t})`;
  const finite = (t: string): string => `${use('ll_is_finite')}(${t})`;
  const any = (xs: string[]): string => {
    const real = xs.filter((x) => x !== 'false');
    return real.length === 0 ? 'false' : real.length === 1 ? real[0]! : `(${real.join(' || ')})`;
  };

  const cond = (c: Cond): string => {
    const hit = conds.get(c);
    if (hit) return hit;
    let text: string;
    switch (c.kind) {
      case 'compare':
        text = target.compare(c.op, expr(c.a), expr(c.b));
        break;
      case 'and':
      case 'or':
        text = target.logic(c.kind, cond(c.a), cond(c.b));
        break;
      case 'not':
        text = target.not(cond(c.a));
        break;
    }
    const name = `c${counter++}`;
    statements.push(`let ${name} = ${text};`);
    conds.set(c, name);
    return name;
  };

  const expr = (e: Expr): string => {
    const hit = values.get(e);
    if (hit) return hit;
    let text: string;
    let flag: string;
    switch (e.kind) {
      case 'const':
        values.set(e, target.constant(e.value));
        flags.set(e, 'false');
        return values.get(e)!;
      case 'var':
        values.set(e, target.variable(e.name));
        flags.set(e, 'false');
        return values.get(e)!;
      case 'withGrad': {
        const v = expr(e.value);
        values.set(e, v);
        flags.set(e, flags.get(e.value)!);
        return v;
      }
      case 'select': {
        const c = cond(e.cond);
        const t = expr(e.then);
        const o = expr(e.otherwise);
        text = target.select(c, t, o);
        const ft = flags.get(e.then)!;
        const fo = flags.get(e.otherwise)!;
        flag = ft === 'false' && fo === 'false' ? 'false' : `select(${fo}, ${ft}, ${c})`;
        break;
      }
      case 'call': {
        const args = e.args.map(expr);
        text = target.call(e.op, args);
        const name = `v${counter}`;
        const childFlags = any(e.args.map((a) => flags.get(a)!));
        // Inputs and finite constants are finite: only computed operands need the test.
        const computed = e.args.flatMap((a, i) =>
          a.kind === 'var' || (a.kind === 'const' && Number.isFinite(a.value)) ? [] : [finite(args[i]!)],
        );
        const allFinite =
          computed.length === 0
            ? 'true'
            : computed.length === 1
              ? computed[0]!
              : `(${computed.join(' && ')})`;
        switch (e.op) {
          case 'exp':
          case 'expm1':
          case 'exprel':
          case 'dexprel':
            // Overflowed only if f64 would not overflow too.
            flag = `(${isInf(name)} && ${allFinite} && ${args[0]} < ${F64_EXP_LIMIT})`;
            break;
          case 'pow':
            // x^y with x ≠ 0 (0^(y<0) is a pole), finite in f64 while y·log2|x| < 1024.
            flag = `(${isInf(name)} && ${args[0]} != 0.0 && (${childFlags} || (${allFinite} && ${args[1]} * log2(abs(${args[0]})) < 1024.0)))`;
            break;
          case 'div':
            // x/0 is a pole, not an overflow.
            flag = `(${isInf(name)} && ${args[1]} != 0.0 && (${childFlags} || ${allFinite}))`;
            break;
          case 'log':
          case 'log1p':
          case 'log1pmx':
          case 'xlogy':
          case 'xlog1py':
          case 'logSigmoid':
            // Infinite from finite operands only at a pole (log 0): an overflow only if an operand overflowed.
            flag = childFlags === 'false' ? 'false' : `(${isInf(name)} && ${childFlags})`;
            break;
          default:
            // Arithmetic and the rest: ±∞ from finite operands is an overflow.
            flag = `(${isInf(name)} && ${childFlags === 'false' ? allFinite : `(${childFlags} || ${allFinite})`})`;
        }
        statements.push(`let ${name} = ${text};`);
        counter++;
        values.set(e, name);
        if (flag === 'false') flags.set(e, 'false');
        else {
          const flagName = `o${counter - 1}`;
          statements.push(`let ${flagName} = ${flag};`);
          flags.set(e, flagName);
        }
        return name;
      }
    }
    const name = `v${counter++}`;
    statements.push(`let ${name} = ${text};`);
    values.set(e, name);
    if (flag === 'false') flags.set(e, 'false');
    else {
      const flagName = `o${counter - 1}`;
      statements.push(`let ${flagName} = ${flag};`);
      flags.set(e, flagName);
    }
    return name;
  };

  const value = expr(root);
  return { statements, value, overflowed: flags.get(root)! };
}
