/**
 * Expression tree → TeX for KaTeX. Generated from the tree alone: the only
 * user text that can reach it is a variable name, which matches
 * /^[A-Za-z][A-Za-z0-9_]*$/ and becomes a Greek letter (`delta` → \delta), a
 * subscripted letter (`z1` → z_{1}) or \mathrm{…} with its underscores
 * escaped. Numbers are printed from their values. So no formula can inject
 * TeX commands (\href, \htmlClass, …) into the page.
 */
import type { Cond, Expr } from '../expr/nodes.js';
import type { PrimitiveName } from '../expr/primitives.js';

const greek = new Set([
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'varepsilon',
  'zeta',
  'eta',
  'theta',
  'vartheta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'pi',
  'rho',
  'sigma',
  'tau',
  'upsilon',
  'phi',
  'varphi',
  'chi',
  'psi',
  'omega',
  'Gamma',
  'Delta',
  'Theta',
  'Lambda',
  'Xi',
  'Pi',
  'Sigma',
  'Upsilon',
  'Phi',
  'Psi',
  'Omega',
]);

/** The TeX symbol of a variable name (which matches /^[A-Za-z][A-Za-z0-9_]*$/). */
export function texSymbol(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new RangeError('texSymbol: not a variable name');
  const parts = /^([A-Za-z]+)(?:_?([0-9]+))?$/.exec(name);
  if (parts) {
    const [, letters, digits] = parts as unknown as [string, string, string | undefined];
    const base = greek.has(letters)
      ? `\\${letters}`
      : letters.length === 1
        ? letters
        : `\\mathrm{${letters}}`;
    return digits === undefined ? base : `${base}_{${digits}}`;
  }
  // p_t → p_{t}, y_hat → \mathrm{y\_hat}: one underscore between short parts reads as a subscript.
  const sub = /^([A-Za-z])_([A-Za-z0-9]{1,3})$/.exec(name);
  if (sub) return `${sub[1]}_{\\mathrm{${sub[2]}}}`;
  return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
}

function texNumber(value: number): string {
  if (Number.isNaN(value)) return '\\mathrm{NaN}';
  if (value === Number.POSITIVE_INFINITY) return '\\infty';
  if (value === Number.NEGATIVE_INFINITY) return '-\\infty';
  if (value === Math.PI) return '\\pi';
  if (Object.is(value, -0)) return '-0';
  const text = String(value);
  const exp = /^(-?[0-9.]+)e([+-])([0-9]+)$/.exec(text);
  if (!exp) return text;
  const [, mantissa, sign, digits] = exp as unknown as [string, string, string, string];
  const power = `10^{${sign === '-' ? '-' : ''}${digits}}`;
  return mantissa === '1' ? power : mantissa === '-1' ? `-${power}` : `${mantissa} \\times ${power}`;
}

// Binding powers for parenthesisation.
const SUM = 1;
const PRODUCT = 2;
const NEGATION = 2.5;
const POWER = 3;
/** \frac, \sqrt, \log(…): whole as an operand, but not as the base of a power (\frac{r}{c}^{2} misreads). */
const CLOSED = 3.5;
const ATOM = 4;

interface Tex {
  readonly tex: string;
  readonly power: number;
}

const paren = (t: Tex, min: number): string => (t.power >= min ? t.tex : `\\left(${t.tex}\\right)`);
const fn = (name: string, ...args: string[]): Tex => ({
  tex: `${name}\\left(${args.join(',\\ ')}\\right)`,
  power: CLOSED,
});
const operatorName = (name: string): string => `\\operatorname{${name}}`;

export function toTex(e: Expr): string {
  return tex(e).tex;
}

function tex(e: Expr): Tex {
  switch (e.kind) {
    case 'const': {
      const t = texNumber(e.value);
      const power = t.startsWith('-')
        ? NEGATION
        : t.includes('\\times')
          ? PRODUCT
          : t.includes('^')
            ? POWER
            : ATOM;
      return { tex: t, power };
    }
    case 'var':
      return { tex: texSymbol(e.name), power: ATOM };
    case 'withGrad':
      return tex(e.value);
    case 'select': {
      const rows: string[] = [];
      let node: Expr = e;
      while (node.kind === 'select') {
        rows.push(`${tex(node.then).tex} & ${texCond(node.cond)}`);
        node = node.otherwise;
      }
      rows.push(`${tex(node).tex} & \\text{otherwise}`);
      return { tex: `\\begin{cases} ${rows.join(' \\\\ ')} \\end{cases}`, power: CLOSED };
    }
    case 'call':
      return texCall(e.op, e.args);
  }
}

function texCall(op: PrimitiveName, args: readonly Expr[]): Tex {
  const [a, b] = args as [Expr, Expr];
  const t = (x: Expr): Tex => tex(x);
  switch (op) {
    case 'add': {
      const right = t(b);
      // a + (−3) reads as a − 3.
      if (right.power === NEGATION && right.tex.startsWith('-'))
        return { tex: `${paren(t(a), SUM)} - ${right.tex.slice(1)}`, power: SUM };
      return { tex: `${paren(t(a), SUM)} + ${paren(right, SUM)}`, power: SUM };
    }
    case 'sub':
      return { tex: `${paren(t(a), SUM)} - ${paren(t(b), PRODUCT)}`, power: SUM };
    case 'mul': {
      const left = t(a);
      const right = t(b);
      // 2r, ½r: a number before a letter needs no dot.
      const juxtapose =
        a.kind === 'const' && left.power === ATOM && right.power >= POWER && b.kind !== 'const';
      return {
        tex: `${paren(left, PRODUCT)}${juxtapose ? ' ' : ' \\cdot '}${paren(right, POWER)}`,
        power: PRODUCT,
      };
    }
    case 'div':
      return { tex: `\\frac{${t(a).tex}}{${t(b).tex}}`, power: CLOSED };
    case 'neg':
      return { tex: `-${paren(t(a), PRODUCT)}`, power: NEGATION };
    case 'square':
      return { tex: `${paren(t(a), ATOM)}^{2}`, power: POWER };
    case 'pow':
      return { tex: `${paren(t(a), ATOM)}^{${t(b).tex}}`, power: POWER };
    case 'sqrt':
      return { tex: `\\sqrt{${t(a).tex}}`, power: CLOSED };
    case 'abs':
      return { tex: `\\left|${t(a).tex}\\right|`, power: ATOM };
    case 'exp':
      return { tex: `e^{${t(a).tex}}`, power: POWER };
    case 'expm1':
      return { tex: `\\left(e^{${t(a).tex}} - 1\\right)`, power: ATOM };
    case 'log':
      return fn('\\log', t(a).tex);
    case 'log1p':
      return fn('\\log', `1 + ${t(a).tex}`);
    case 'log1pmx':
      return {
        tex: `\\left(\\log\\left(1 + ${t(a).tex}\\right) - ${paren(t(a), PRODUCT)}\\right)`,
        power: ATOM,
      };
    case 'exprel':
      return { tex: `\\frac{e^{${t(a).tex}} - 1}{${t(a).tex}}`, power: CLOSED };
    case 'dexprel':
      return fn(operatorName('exprel\u2032'), t(a).tex);
    case 'hypot':
      return { tex: `\\sqrt{${paren(t(a), ATOM)}^{2} + ${paren(t(b), ATOM)}^{2}}`, power: CLOSED };
    case 'min':
      return fn('\\min', t(a).tex, t(b).tex);
    case 'max':
      return fn('\\max', t(a).tex, t(b).tex);
    case 'softplus':
      return fn(operatorName('softplus'), t(a).tex);
    case 'sigmoid':
      return fn('\\sigma', t(a).tex);
    case 'logSigmoid':
      return fn('\\log\\sigma', t(a).tex);
    case 'tanh':
      return fn('\\tanh', t(a).tex);
    case 'logCosh':
      return fn('\\log\\cosh', t(a).tex);
    case 'xlogy':
      return { tex: `${paren(t(a), POWER)} \\log ${paren(t(b), ATOM)}`, power: PRODUCT };
    case 'xlog1py':
      return { tex: `${paren(t(a), POWER)} \\log\\left(1 + ${t(b).tex}\\right)`, power: PRODUCT };
    case 'logSumExp':
      return fn('\\log', args.map((x) => `e^{${t(x).tex}}`).join(' + '));
    case 'expmul':
      return {
        tex: `${args
          .slice(1)
          .map((w) => paren(t(w), PRODUCT))
          .join(' \\, ')} \\, e^{${t(a).tex}}`,
        power: PRODUCT,
      };
    case 'sum3':
      return { tex: args.map((x) => paren(t(x), SUM)).join(' + '), power: SUM };
  }
}

const compareTex = { lt: '<', le: '\\le', gt: '>', ge: '\\ge', eq: '=', ne: '\\ne' } as const;

function texCond(c: Cond): string {
  switch (c.kind) {
    case 'compare':
      return `${tex(c.a).tex} ${compareTex[c.op]} ${tex(c.b).tex}`;
    case 'and':
      return `${texCondOperand(c.a)} \\land ${texCondOperand(c.b)}`;
    case 'or':
      return `${texCondOperand(c.a)} \\lor ${texCondOperand(c.b)}`;
    case 'not':
      return `\\lnot ${texCondOperand(c.a)}`;
    case 'infinite':
      return `\\lvert ${tex(c.a).tex} \\rvert = \\infty`;
  }
}

const texCondOperand = (c: Cond): string =>
  c.kind === 'compare' ? texCond(c) : `\\left(${texCond(c)}\\right)`;
