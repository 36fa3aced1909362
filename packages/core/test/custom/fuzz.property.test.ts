/**
 * Fuzzing custom losses with random and hostile text. Whatever the formula,
 * the names or the labels, customLoss either returns a definition or throws
 * a CustomLossError (a FormulaError, with a position inside the text, for
 * the formula) — never another exception, a hang or a side effect — and a
 * definition it returns computes through every API, prints TeX that KaTeX
 * renders, and generates JavaScript made only of slots, temporaries,
 * numbers and the kernels' own words.
 */
import fc from 'fast-check';
import katex from 'katex';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CustomLossError,
  type CustomLossSpec,
  customLoss,
  type Expr,
  evaluate,
  ex,
  FormulaError,
  formulaFunctions,
  gradient,
  type LossDef,
  parseFormula,
  printFormula,
  sweep,
  sweepKernelSource,
  UndefinedValueError,
} from '../../src/index.js';

/** LOSSLAB_FUZZ_RUNS=20 multiplies every run count (a long local fuzz). */
const RUNS = Number(process.env.LOSSLAB_FUZZ_RUNS ?? 1);

const hostile = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'valueOf',
  'globalThis',
  'this',
  'process',
  'require',
  'import',
  'Function',
  'new Function("x")',
  'alert(1)',
  'eval',
  '`',
  '${',
  '}',
  '{',
  ';',
  '//',
  '/*',
  '*/',
  '"',
  "'",
  '\\',
  '\n',
  '\r',
  '\u2028',
  '\u0000',
  '\u202e',
  '\ufeff',
  '</script><img src=x onerror=alert(1)>',
  '\\href{javascript:alert(1)}{x}',
  '\\htmlClass',
  '\u0441',
  '\u0440',
  '\u03c1',
  '\uff52',
  '\u{1d42b}',
  '😀',
  '1e308',
  '1e309',
  '-0',
  '.5',
  '0x10',
  'NaN',
  'Infinity',
  'inf',
  'π',
  '∞',
  '−',
];
const grammar = [
  'r',
  'c',
  '2',
  '0',
  '1.5e-3',
  ' ',
  '(',
  ')',
  ',',
  '+',
  '-',
  '*',
  '/',
  '^',
  '**',
  '<',
  '<=',
  '==',
  '!=',
  'and',
  'or',
  'not',
  'if(',
  ...[...formulaFunctions.keys()].map((f) => `${f}(`),
];

const tokenSoup = fc
  .array(fc.constantFrom(...hostile, ...grammar, ...grammar), { maxLength: 40 })
  .map((parts) => parts.join(''));
const anyText = fc.oneof(
  tokenSoup,
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

const variables: CustomLossSpec['variables'] = [
  { name: 'r', role: 'data', domain: 'real', range: [-3, 3] },
  { name: 'c', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.1, 10], scale: 'log' },
];

/** The words a generated kernel may contain: its own, and Math's and the helpers' names. */
const allowedWords = new Set([
  'function',
  'return',
  'const',
  'let',
  'for',
  'if',
  'else',
  'Math',
  'P',
  'H',
  'X', // the kernel's exact-infinity check (compile/kernels.ts), a parameter like P and H
  'Infinity',
  'NaN',
  'out',
  'xs',
  'ys',
  'fixed',
  'rowStart',
  'rowEnd',
  'nx',
  'i',
  'j',
  'k',
  'anonymous',
  'length',
]);
function checkKernel(loss: LossDef): void {
  const [x, y] = loss.defaultAxes.length === 2 ? loss.defaultAxes : [loss.defaultAxes[0], 'c'];
  for (const output of ['value', { partial: 'r' }] as const) {
    const source = sweepKernelSource(loss, output, x!, y!);
    // No strings, comments, templates or escapes: nothing user-typed can hide in one.
    expect(source).not.toMatch(/["'`\\]|\/\/|\/\*/);
    for (const [word] of source.matchAll(/[A-Za-z_$][A-Za-z0-9_$]*/g)) {
      const ok =
        allowedWords.has(word) ||
        /^[vt]\d+$/.test(word) ||
        /^e$/.test(word) || // an exponent: 1e-7
        word in Math ||
        /^(add|sub|mul|div|neg|abs|max|min|square|sqrt|hypot|pow|exp|expm1|log|log1p|log1pmx|exprel|dexprel|softplus|sigmoid|logSigmoid|tanh|logCosh|xlogy|xlog1py|logSumExp[23]?|expmul[2-5]?|sum3)$/.test(
          word,
        );
      expect(ok, `${word} in ${source}`).toBe(true);
    }
  }
}

/** A returned definition works everywhere, and its text outputs are inert. */
function exercise(loss: LossDef): void {
  for (const point of [{ r: 0.5 }, { r: -2, c: 0.3 }, { r: 0, c: 7 }] as Record<string, number>[]) {
    for (const f of [() => evaluate(loss, point), () => gradient(loss, point)]) {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(UndefinedValueError);
      }
    }
  }
  const s = sweep({
    loss,
    x: { variable: 'r', min: -3, max: 3, size: 9 },
    y: { variable: 'c', min: 0.1, max: 10, size: 3 },
  });
  expect(s.finiteCount + s.nanCount + s.posInfCount + s.negInfCount).toBe(27);
  expect(() =>
    katex.renderToString(loss.tex, { throwOnError: true, trust: false, strict: 'error' }),
  ).not.toThrow();
  expect(loss.tex).not.toMatch(/\\(href|url|html|includegraphics)/);
  checkKernel(loss);
  const { convex, smooth, robust } = loss.properties;
  expect([convex, smooth, robust].every((p) => typeof p === 'boolean')).toBe(true);
}

function tryCustom(spec: unknown): LossDef | CustomLossError {
  try {
    return customLoss(spec as CustomLossSpec);
  } catch (e) {
    if (!(e instanceof CustomLossError)) throw e;
    if (e instanceof FormulaError) {
      const text = (spec as { formula: string }).formula;
      expect(e.position).toBeGreaterThanOrEqual(0);
      expect(e.position + e.length).toBeLessThanOrEqual(text.length);
      expect(e.length).toBeGreaterThanOrEqual(0);
    }
    return e;
  }
}

// Side effects: nothing may be added to the global object or the prototypes, nor alert called.
const alert = vi.fn();
const snapshot = () => ({
  global: Object.getOwnPropertyNames(globalThis).sort(),
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  fn: Object.getOwnPropertyNames(Function.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
});
let before: ReturnType<typeof snapshot>;
beforeAll(() => {
  (globalThis as { alert?: unknown }).alert = alert;
  before = snapshot();
});
afterAll(() => {
  expect(snapshot()).toEqual(before);
  expect(alert).not.toHaveBeenCalled();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  delete (globalThis as { alert?: unknown }).alert;
});

describe('fuzzing customLoss', () => {
  it('random and hostile formulas give a definition or a positioned FormulaError', {
    timeout: 120_000,
  }, () => {
    let defined = 0;
    let refused = 0;
    fc.assert(
      fc.property(anyText, (formula) => {
        const result = tryCustom({ id: 'fuzz', formula, variables });
        if (result instanceof CustomLossError) refused++;
        else {
          defined++;
          exercise(result);
        }
      }),
      { numRuns: 3000 * RUNS },
    );
    expect(refused).toBeGreaterThan(0);
    // Hostile soup rarely parses; the generated formulas below cover definitions.
    expect(defined + refused).toBe(3000 * RUNS);
  });

  it('hostile names, labels, ids and domains are refused or kept inert', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, anyText, (name, label, id, domain) => {
        const result = tryCustom({
          id,
          name: label,
          formula: `${name} + r`,
          variables: [
            { name: 'r', role: 'data', domain: 'real', range: [-1, 1] },
            { name, role: 'hyperparameter', default: 1, domain, range: [0.5, 2], label },
          ],
        });
        if (!(result instanceof CustomLossError)) {
          expect(result.variables[1]!.name).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,31}$/);
          expect(result.name).not.toMatch(/[\p{C}\n\r\u2028\u2029]/u);
          exercise(result);
        }
      }),
      { numRuns: 1000 * RUNS },
    );
  });

  it.each([
    ['10 000 characters', 'r + '.repeat(2500)],
    ['10 000 characters of one name', 'r'.repeat(10_000)],
    ['deep parentheses', `${'('.repeat(5000)}r${')'.repeat(5000)}`],
    ['deep calls', `${'exp('.repeat(2000)}r${')'.repeat(2000)}`],
    ['deep negation', `${'-'.repeat(1999)}r`],
    ['a long power tower', `${'r^'.repeat(999)}r`],
    ['a template literal', `\`$\{alert(1)}\``],
    ['a statement', 'r; alert(1)'],
    ['a closing brace', 'r } alert(1); {'],
    ['a comment', 'r /* c */ + 1 // c'],
    ['constructor', 'constructor.constructor("alert(1)")()'],
    ['__proto__', '__proto__ + r'],
    ['a look-alike r', '\u0440 + c'],
    ['a full-width r', '\uff52 + c'],
    ['a bidi override', 'r\u202e + c'],
  ])('%s is refused with a FormulaError', (_, formula) => {
    const result = tryCustom({ id: 'fuzz', formula, variables });
    expect(result).toBeInstanceOf(FormulaError);
  });
});

/** Random trees over r and c built from the grammar's functions: what the printer prints, the parser rebuilds. */
const constant = fc.oneof(
  fc.constantFrom(0, 1, 2, 0.5, -1, 1e-300, 1e300, Number.POSITIVE_INFINITY, Math.PI, -0),
  fc.double({ noNaN: true }),
);
const leaf = fc.oneof(
  fc.constantFrom(ex.v('r'), ex.v('c')),
  constant.map((x) => ex.c(x)),
);
const { tree } = fc.letrec<{ tree: Expr; cond: ex.CondLike }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .tuple(fc.constantFrom('add', 'sub', 'mul', 'div', 'pow'), tie('tree'), tie('tree'))
      .map(([op, a, b]) => ex[op](a, b)),
    tie('tree').map((a) => ex.neg(a)),
    fc
      .tuple(
        fc.constantFrom(...formulaFunctions.keys()),
        fc.array(tie('tree'), { minLength: 3, maxLength: 3 }),
      )
      .map(([name, args]) => {
        const fn = formulaFunctions.get(name)!;
        return fn.build(args.slice(0, Math.max(fn.min, Math.min(fn.max, 3))));
      }),
    fc.tuple(tie('cond'), tie('tree'), tie('tree')).map(([c, a, b]) => ex.select(c, a, b)),
  ),
  cond: fc.oneof(
    fc
      .tuple(fc.constantFrom('lt', 'le', 'gt', 'ge', 'eq', 'ne'), tie('tree'), tie('tree'))
      .map(([op, a, b]) => ex[op](a, b)),
    fc.tuple(fc.constantFrom('and', 'or'), tie('cond'), tie('cond')).map(([op, a, b]) => ex[op](a, b)),
    tie('cond').map((a) => ex.not(a)),
  ),
}));

function hasNaN(e: Expr): boolean {
  return printFormula(e).includes('nan');
}

describe('printing and parsing', () => {
  it('parse(printFormula(tree)) is the same tree', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(tree, (t) => {
        fc.pre(!hasNaN(t));
        const text = printFormula(t);
        fc.pre(text.length <= 2000);
        let parsed: Expr;
        try {
          // The tree as typed (before any stabilising rewrite).
          parsed = parseFormula(text, ['r', 'c']).typed;
        } catch (e) {
          // Only the limits may refuse a printed tree.
          expect((e as FormulaError).code, text).toMatch(/^too-/);
          return;
        }
        expect(parsed, text).toBe(t);
      }),
      { numRuns: 3000 * RUNS },
    );
  });

  it('generated formulas make definitions that work everywhere', { timeout: 120_000 }, () => {
    let defined = 0;
    fc.assert(
      fc.property(tree, (t) => {
        fc.pre(!hasNaN(t));
        const formula = `${printFormula(t)} + 0*r + 0*c`;
        fc.pre(formula.length <= 2000);
        const result = tryCustom({ id: 'generated', formula, variables });
        if (result instanceof CustomLossError) {
          expect((result as FormulaError).code).toMatch(/^too-/);
          return;
        }
        defined++;
        exercise(result);
      }),
      { numRuns: 500 * RUNS },
    );
    expect(defined).toBeGreaterThan(400 * RUNS);
  });
});

describe('the worst cases the limits allow', () => {
  it('a nest of max() over eight variables defines, differentiates and sweeps', { timeout: 120_000 }, () => {
    // Each max's derivative asks for the gradient of both sides in all eight variables (the tie
    // rule): a shared DAG whose spelled-out hash keys once grew past the largest string.
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const formula = `${names
      .map((_, i) => `max(${names[i % 8]}, `)
      .join('')
      .repeat(4)}a${')'.repeat(32)} + ${names.join(' + ')}`;
    const loss = customLoss({
      id: 'nested_max',
      formula,
      variables: names.map((name, i) => ({
        name,
        role: i === 0 ? 'data' : 'hyperparameter',
        ...(i === 0 ? {} : { default: (i - 4) / 3 }),
        domain: 'real',
        range: [-2, 2],
      })),
    });
    const g = gradient(loss, { a: 0.25 });
    expect(Object.keys(g)).toEqual(names);
    for (const name of names) expect(Number.isFinite(g[name]), name).toBe(true);
    // The largest of a..h (h = 1) wins the max: ∂h = 1 + 1, the rest 1.
    expect(g.h).toBe(2);
    expect(g.a).toBe(1);
    const s = sweep({
      loss,
      x: { variable: 'a', min: -2, max: 2, size: 16 },
      y: { variable: 'h', min: -2, max: 2, size: 16 },
      output: { partial: 'h' },
    });
    expect(s.finiteCount).toBe(256);
  });
});
