/** TeX from the tree, for KaTeX. */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { parseFormula, texSymbol } from '../../src/index.js';
import { arrangedFormulas, exactFormulas, retype, textbookFormulas } from './retyped.js';

const tex = (formula: string, vars = ['r', 'c', 'delta', 'z1', 'y_hat', 'my_var']) =>
  parseFormula(formula, vars).tex;
const renders = (t: string) => katex.renderToString(t, { throwOnError: true, strict: 'error', trust: false });

describe('toTex', () => {
  it.each([
    [
      '0.5 * c^2 * log(1 + (r/c)^2)',
      '0.5 c^{2} \\cdot \\log\\left(1 + \\left(\\frac{r}{c}\\right)^{2}\\right)',
    ],
    ['-r^2', '-r^{2}'],
    ['(-r)^2', '\\left(-r\\right)^{2}'],
    ['r - (c - 1)', 'r - \\left(c - 1\\right)'],
    ['r + -3', 'r - 3'],
    ['2^-r', '2^{-r}'],
    ['1e-7 * r', '10^{-7} \\cdot r'],
    ['2.5e300 * r', '2.5 \\times 10^{300} \\cdot r'],
    ['abs(r) + sqrt(c)', '\\left|r\\right| + \\sqrt{c}'],
    ['exp(r) * sigmoid(r)', 'e^{r} \\cdot \\sigma\\left(r\\right)'],
    ['log1p(r) + expm1(c)', '\\log\\left(1 + r\\right) + \\left(e^{c} - 1\\right)'],
    [
      'softplus(delta) + logcosh(z1)',
      '\\operatorname{softplus}\\left(\\delta\\right) + \\log\\cosh\\left(z_{1}\\right)',
    ],
    ['max(0, 1 - r) + min(r, c)', '\\max\\left(0,\\ 1 - r\\right) + \\min\\left(r,\\ c\\right)'],
    ['logsumexp(r, c)', '\\log\\left(e^{r} + e^{c}\\right)'],
    ['y_hat * my_var * pi', 'y_{\\mathrm{hat}} \\cdot \\mathrm{my\\_var} \\cdot \\pi'],
    [
      'if(abs(r) <= delta, 0.5*r^2, delta*(abs(r) - 0.5*delta))',
      '\\begin{cases} 0.5 r^{2} & \\left|r\\right| \\le \\delta \\\\ \\delta \\cdot \\left(\\left|r\\right| - 0.5 \\delta\\right) & \\text{otherwise} \\end{cases}',
    ],
    [
      'if(r < 0, 0, r < 1 and c != 0, r, 1)',
      '\\begin{cases} 0 & r < 0 \\\\ r & r < 1 \\land c \\ne 0 \\\\ 1 & \\text{otherwise} \\end{cases}',
    ],
  ])('%s', (formula, expected) => {
    const t = tex(formula);
    expect(t).toBe(expected);
    expect(() => renders(t)).not.toThrow();
  });

  it('renders every re-typed catalog loss with KaTeX', () => {
    for (const [id, formula] of Object.entries({ ...exactFormulas, ...arrangedFormulas }))
      expect(() => renders(retype(id, formula).tex), id).not.toThrow();
    for (const [id, formula] of Object.entries(textbookFormulas))
      expect(() => renders(retype(id, formula).tex), id).not.toThrow();
  });

  it('turns names into symbols without passing TeX through', () => {
    expect(texSymbol('alpha')).toBe('\\alpha');
    expect(texSymbol('Sigma2')).toBe('\\Sigma_{2}');
    expect(texSymbol('z_3')).toBe('z_{3}');
    expect(texSymbol('x')).toBe('x');
    expect(texSymbol('var')).toBe('\\mathrm{var}');
    expect(texSymbol('a_b_c')).toBe('\\mathrm{a\\_b\\_c}');
    expect(() => texSymbol('\\href{x}')).toThrow(RangeError);
  });
});
