/** customLoss's checks of everything around the formula, and what the definition it returns holds. */
import { describe, expect, it } from 'vitest';
import {
  CustomLossError,
  type CustomLossSpec,
  customLoss,
  customModelForm,
  type Domain,
  domains,
  domainText,
  FormulaError,
  parseDomain,
} from '../../src/index.js';

const base: CustomLossSpec = {
  id: 'my_cauchy',
  name: 'My Cauchy',
  formula: '0.5 * c^2 * log(1 + (r/c)^2)',
  variables: [
    { name: 'r', role: 'data', domain: 'real', range: [-5, 5] },
    { name: 'c', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.1, 10], scale: 'log' },
  ],
  form: 'residual',
};

/** `base` with some fields replaced (or, given undefined, removed); variables by index. */
function spec(
  change: Record<string, unknown>,
  variable?: { index: number; change: Record<string, unknown> },
): unknown {
  const s: Record<string, unknown> = { ...base, ...change };
  for (const [k, v] of Object.entries(change)) if (v === undefined) delete s[k];
  if (variable) {
    const vs = (s.variables as Record<string, unknown>[]).map((v) => ({ ...v }));
    const target = vs[variable.index]!;
    for (const [k, v] of Object.entries(variable.change)) {
      if (v === undefined) delete target[k];
      else target[k] = v;
    }
    s.variables = vs;
  }
  return s;
}

function errorOf(input: unknown): CustomLossError {
  try {
    customLoss(input as CustomLossSpec);
  } catch (e) {
    expect(e).toBeInstanceOf(CustomLossError);
    expect(e).toBeInstanceOf(RangeError);
    return e as CustomLossError;
  }
  throw new Error('expected a CustomLossError');
}

describe('customLoss', () => {
  it('makes a frozen catalog-shaped definition', () => {
    const mine = customLoss(base);
    expect(mine).toMatchObject({
      id: 'my_cauchy',
      name: 'My Cauchy',
      family: 'custom',
      defaultAxes: ['r', 'c'],
    });
    expect(mine.variables).toEqual([
      {
        name: 'r',
        role: 'data',
        label: 'r',
        symbol: 'r',
        domain: domains.real,
        plot: { min: -5, max: 5, scale: 'linear' },
      },
      {
        name: 'c',
        role: 'hyper',
        label: 'c',
        symbol: 'c',
        default: 1,
        domain: domains.positive,
        plot: { min: 0.1, max: 10, scale: 'log' },
      },
    ]);
    expect(mine.source).toMatchObject({ kind: 'custom', formula: base.formula });
    expect(Object.isFrozen(mine.source!.rewrites)).toBe(true);
    expect(Object.isFrozen(mine)).toBe(true);
    expect(Object.isFrozen(mine.variables[1])).toBe(true);
    expect(Object.isFrozen(mine.variables[1]!.domain)).toBe(true);
    expect(Object.isFrozen(mine.source!.spec.variables[0])).toBe(true);
    expect(() => {
      (mine as { expr: unknown }).expr = null;
    }).toThrow(TypeError);
    expect(customModelForm(mine)).toEqual({ form: 'residual', variables: ['r'] });
  });

  it('stores a JSON-safe normalised spec that rebuilds the same loss (a worker, a URL)', () => {
    const mine = customLoss({
      ...base,
      variables: [{ ...base.variables[0]!, domain: domains.real }, base.variables[1]!],
    });
    const copy = JSON.parse(JSON.stringify(mine.source!.spec));
    expect(copy.variables[0].domain).toBe('real');
    expect(copy.variables[1]).toEqual({
      name: 'c',
      role: 'hyperparameter',
      default: 1,
      domain: '> 0',
      range: [0.1, 10],
      scale: 'log',
      label: 'c',
    });
    const again = customLoss(copy);
    expect(again.expr).toBe(mine.expr);
    expect(again.variables).toEqual(mine.variables);
  });

  it('puts data variables first, each group in declared order, and picks default axes from them', () => {
    const mine = customLoss({
      id: 'order',
      formula: 'a * (x - y)^2 + b',
      variables: [
        { name: 'a', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.5, 2] },
        { name: 'x', role: 'data', domain: 'real', range: [-1, 1] },
        { name: 'b', role: 'hyperparameter', default: 0, domain: 'real', range: [-1, 1] },
        { name: 'y', role: 'data', default: 0, domain: '{-1, 0, 1}' },
      ],
    });
    expect(mine.variables.map((v) => v.name)).toEqual(['x', 'y', 'a', 'b']);
    expect(mine.defaultAxes).toEqual(['x', 'a']);
    expect(mine.variables[1]!.plot).toEqual({ min: -1, max: 1, scale: 'linear' });
  });

  it('gives one-variable losses one default axis, and Greek and subscripted names TeX symbols', () => {
    const mine = customLoss({
      id: 'one',
      formula: 'z1^2 + delta + y_hat + pt',
      variables: [
        { name: 'z1', role: 'data', domain: 'real', range: [-1, 1] },
        { name: 'delta', role: 'hyperparameter', default: 1, domain: '{1, 2}' },
        { name: 'y_hat', role: 'hyperparameter', default: 1, domain: '{1}' },
        { name: 'pt', role: 'hyperparameter', default: 1, domain: '{1}' },
      ],
    });
    expect(mine.defaultAxes).toEqual(['z1']);
    expect(mine.variables.map((v) => v.symbol)).toEqual([
      'z_{1}',
      '\\delta',
      'y_{\\mathrm{hat}}',
      '\\mathrm{pt}',
    ]);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['not an object', 'huber', '', /a custom loss must be an object/],
    ['an unknown field', spec({ formla: 'r' }), 'formla', /unknown field 'formla'; did you mean 'formula'\?/],
    ['a bad id', spec({ id: 'My Loss' }), 'id', /id 'My Loss' must be lowercase letters, digits and _/],
    ['a long id', spec({ id: 'a'.repeat(33) }), 'id', /at most 32 characters/],
    [
      'a catalog id',
      spec({ id: 'huber' }),
      'id',
      /id 'huber' is a catalog loss; choose another, such as 'my_huber'/,
    ],
    ['a name on two lines', spec({ name: 'a\nb' }), 'name', /printable characters on one line/],
    [
      'a name with a bidi override',
      spec({ name: 'abc\u202edef' }),
      'name',
      /printable characters on one line/,
    ],
    ['a long name', spec({ name: 'x'.repeat(65) }), 'name', /1 to 64/],
    ['a formula that is not text', spec({ formula: 42 }), 'formula', /formula must be text/],
    ['an unknown form', spec({ form: 'residul' }), 'form', /did you mean 'residual'\?/],
    ['no variables', spec({ variables: [] }), 'variables', /1 to 8 variables, got 0/],
    ['variables not an array', spec({ variables: {} }), 'variables', /variables must be an array/],
    [
      'a bad variable name',
      spec({}, { index: 0, change: { name: '2r' } }),
      'variables[0].name',
      /name '2r' must be a letter/,
    ],
    [
      'a non-ASCII name',
      spec({}, { index: 0, change: { name: 'ré' } }),
      'variables[0].name',
      /must be a letter/,
    ],
    [
      '__proto__',
      spec({}, { index: 0, change: { name: '__proto__' } }),
      'variables[0].name',
      /must be a letter/,
    ],
    [
      'constructor',
      spec({}, { index: 0, change: { name: 'constructor' } }),
      'variables[0].name',
      /reserved \(a JavaScript object property\)/,
    ],
    [
      'a function name',
      spec({}, { index: 0, change: { name: 'log' } }),
      'variables[0].name',
      /'log' is a function or word/,
    ],
    ['pi', spec({}, { index: 0, change: { name: 'pi' } }), 'variables[0].name', /'pi' is a function or word/],
    [
      'a bad role',
      spec({}, { index: 0, change: { role: 'input' } }),
      'variables[0].role',
      /role must be 'data' or 'hyperparameter'/,
    ],
    [
      'a hyperparameter without default',
      spec({}, { index: 1, change: { default: undefined } }),
      'variables[1].default',
      /\(c\): a hyperparameter needs a default/,
    ],
    [
      'a default outside the domain',
      spec({}, { index: 1, change: { default: 0 } }),
      'variables[1].default',
      /default 0 is outside its domain \(0, ∞\)/,
    ],
    [
      'a NaN default',
      spec({}, { index: 1, change: { default: Number.NaN } }),
      'variables[1].default',
      /outside its domain/,
    ],
    [
      'a domain that is not one',
      spec({}, { index: 1, change: { domain: '> zero' } }),
      'variables[1].domain',
      /domain '> zero': it is not a domain; write real, > 0/,
    ],
    [
      'an empty interval',
      spec({}, { index: 1, change: { domain: '[1, 0]' } }),
      'variables[1].domain',
      /it is empty/,
    ],
    [
      'a closed infinite end',
      spec({}, { index: 0, change: { domain: '[-inf, 0]' } }),
      'variables[0].domain',
      /an infinite end must be open/,
    ],
    [
      'a set with a repeat',
      spec({}, { index: 0, change: { domain: '{1, 1}' } }),
      'variables[0].domain',
      /lists a value twice/,
    ],
    [
      'a domain object with a bad kind',
      spec({}, { index: 0, change: { domain: { kind: 'ball' } } }),
      'variables[0].domain',
      /has kind 'ball'/,
    ],
    [
      'no range',
      spec({}, { index: 0, change: { range: undefined } }),
      'variables[0].range',
      /range must be \[min, max\]/,
    ],
    [
      'an empty range',
      spec({}, { index: 0, change: { range: [1, 1] } }),
      'variables[0].range',
      /range \[1, 1\] is empty/,
    ],
    [
      'an infinite range',
      spec({}, { index: 0, change: { range: [0, Number.POSITIVE_INFINITY] } }),
      'variables[0].range',
      /two finite numbers/,
    ],
    [
      'a range outside the domain',
      spec({}, { index: 1, change: { range: [0, 10] } }),
      'variables[1].range',
      /range \[0, 10\] leaves the domain \(0, ∞\) \(0 is outside it\)/,
    ],
    [
      'a log scale through 0',
      spec({}, { index: 0, change: { scale: 'log' } }),
      'variables[0].scale',
      /a log scale needs .* range\[0\] > 0/,
    ],
    [
      'a bad scale',
      spec({}, { index: 0, change: { scale: 'sqrt' } }),
      'variables[0].scale',
      /scale must be 'linear' or 'log'/,
    ],
    [
      'a duplicate name',
      spec({ variables: [base.variables[0], base.variables[0]] }),
      'variables[1].name',
      /the name 'r' is already used by variables\[0\]/,
    ],
    [
      'no data variable',
      spec({}, { index: 0, change: { role: 'hyperparameter', default: 0 } }),
      'variables',
      /needs a data variable/,
    ],
    [
      'only discrete data',
      spec({}, { index: 0, change: { domain: '{-1, 1}', range: undefined } }),
      'variables',
      /with an interval domain/,
    ],
    [
      'a declared variable the formula never uses',
      spec({ formula: 'r^2' }),
      'variables[1].name',
      /'c' is declared but the formula never uses it/,
    ],
    [
      'a form the variables do not fit',
      spec({ form: 'logit' }),
      'form',
      /the logit form takes 2 data variables/,
    ],
    [
      'a form whose domain is too small',
      spec({ form: 'p_t' }, { index: 0, change: { domain: '> 0', range: [0.1, 1] } }),
      'form',
      /passes the probability of the true class .* \(\[0, 1\]\) to r, whose domain is \(0, ∞\)/,
    ],
  ])('refuses %s, naming the field', (_, input, field, message) => {
    const e = errorOf(input);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  it('reports formula errors as FormulaErrors, after the spec checks', () => {
    const e = errorOf(spec({ formula: '0.5 * lg(r) + c' }));
    expect(e).toBeInstanceOf(FormulaError);
    expect((e as FormulaError).position).toBe(6);
    const undeclared = errorOf(spec({ formula: 'r + c + k' }));
    expect(undeclared.message).toMatch(/unknown variable 'k' at 8/);
  });

  it("accepts 'hyper' for 'hyperparameter' and the catalog's Domain objects", () => {
    const mine = customLoss(
      spec({}, { index: 1, change: { role: 'hyper', domain: domains.positive } }) as CustomLossSpec,
    );
    expect(mine.variables[1]!.role).toBe('hyper');
    expect(mine.source!.spec.variables[1]!.domain).toBe('> 0');
  });
});

describe('domains as text', () => {
  it.each<[string, Domain]>([
    ['real', domains.real],
    ['ℝ', domains.real],
    ['> 0', domains.positive],
    ['positive', domains.positive],
    ['>= 0', domains.nonNegative],
    ['≥ 0', domains.nonNegative],
    ['[0, 1]', domains.unit],
    ['unit', domains.unit],
    ['(0, 1]', domains.openClosed(0, 1)],
    ['[0, 1)', domains.closedOpen(0, 1)],
    ['[-1, inf)', domains.atLeast(-1)],
    ['[-1, ∞)', domains.atLeast(-1)],
    [
      '(-inf, 2)',
      { kind: 'interval', min: Number.NEGATIVE_INFINITY, max: 2, minInclusive: false, maxInclusive: false },
    ],
    [
      '<= 2',
      { kind: 'interval', min: Number.NEGATIVE_INFINITY, max: 2, minInclusive: false, maxInclusive: true },
    ],
    ['  [ -1e3 , 1E3 ]  ', domains.closed(-1000, 1000)],
    ['{-1, 1}', domains.set(-1, 1)],
    ['{ 0.5 }', domains.set(0.5)],
  ])('%s', (text, expected) => {
    const parsed = parseDomain(text);
    expect(parsed).toEqual(expected);
    expect(parseDomain(domainText(parsed as Domain))).toEqual(expected);
  });

  it.each(['', '>', '> x', '[0, 1', '(1, 0)', '[0, 1e400]', '{}', '{a}', '0 < r < 1'])(
    'refuses %j',
    (text) => {
      expect(typeof parseDomain(text)).toBe('string');
    },
  );
});
