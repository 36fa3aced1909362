/**
 * Formula text → tokens. ASCII operators, plus the Unicode spellings people
 * paste from papers (− × · ÷ ≤ ≥ ≠ π ∞) and the C/Python ones (** && || !).
 * Anything else is an error at its position: a look-alike letter (Cyrillic
 * 'а') never becomes part of a name.
 */
import { FormulaError } from './errors.js';
import { formulaLimits } from './limits.js';

export type Operator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '^'
  | '('
  | ')'
  | ','
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | 'and'
  | 'or'
  | 'not';

export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly kind: 'name'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'op'; readonly op: Operator; readonly start: number; readonly end: number }
  | { readonly kind: 'end'; readonly start: number; readonly end: number };

/** Multi-character operators first, so `<=` wins over `<`. */
const operators: readonly (readonly [string, Operator])[] = [
  ['**', '^'],
  ['<=', '<='],
  ['>=', '>='],
  ['==', '=='],
  ['!=', '!='],
  ['&&', 'and'],
  ['||', 'or'],
  ['+', '+'],
  ['-', '-'],
  ['\u2212', '-'], // − minus sign
  ['*', '*'],
  ['\u00d7', '*'], // ×
  ['\u00b7', '*'], // · middle dot
  ['\u22c5', '*'], // ⋅ dot operator
  ['/', '/'],
  ['\u00f7', '/'], // ÷
  ['^', '^'],
  ['(', '('],
  [')', ')'],
  [',', ','],
  ['<', '<'],
  ['\u2264', '<='], // ≤
  ['>', '>'],
  ['\u2265', '>='], // ≥
  ['\u2260', '!='], // ≠
  ['!', 'not'],
];

/** Symbols that stand for a name. */
const symbolNames: Readonly<Record<string, string>> = { '\u03c0': 'pi', '\u221e': 'inf' };

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const isNameStart = (ch: string | undefined): boolean =>
  ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_');
const isNamePart = (ch: string | undefined): boolean => isNameStart(ch) || isDigit(ch);
const isSpace = (ch: string): boolean =>
  ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00a0';

function describeCharacter(text: string, at: number): { shown: string; length: number } {
  const code = text.codePointAt(at)!;
  const length = code > 0xffff ? 2 : 1;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  // Control and invisible characters are shown by code only.
  const printable = code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0);
  const glyph = printable && !/[\p{Cf}\p{Zl}\p{Zp}]/u.test(String.fromCodePoint(code));
  return { shown: glyph ? `'${String.fromCodePoint(code)}' (U+${hex})` : `U+${hex}`, length };
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(ch) || (ch === '.' && isDigit(text[i + 1]))) {
      tokens.push(readNumber(text, start));
      i = tokens[tokens.length - 1]!.end;
      continue;
    }
    if (isNameStart(ch)) {
      while (isNamePart(text[i])) i++;
      const name = text.slice(start, i);
      if (name.length > formulaLimits.maxNameLength) {
        throw new FormulaError(
          `name '${name.slice(0, 12)}…' at ${start} is longer than ${formulaLimits.maxNameLength} characters`,
          start,
          name.length,
          'unexpected-token',
        );
      }
      if (name === 'and' || name === 'or' || name === 'not')
        tokens.push({ kind: 'op', op: name, start, end: i });
      else tokens.push({ kind: 'name', name, start, end: i });
      continue;
    }
    const symbol = symbolNames[ch];
    if (symbol !== undefined && Object.hasOwn(symbolNames, ch)) {
      tokens.push({ kind: 'name', name: symbol, start, end: i + 1 });
      i++;
      continue;
    }
    const match = operators.find(([spelling]) => text.startsWith(spelling, i));
    if (match) {
      i += match[0].length;
      tokens.push({ kind: 'op', op: match[1], start, end: i });
      continue;
    }
    if (ch === '=') {
      throw new FormulaError(
        `'=' at ${start} is not an operator; compare with '==' (or <=, >=)`,
        start,
        1,
        'unexpected-character',
      );
    }
    const { shown, length } = describeCharacter(text, i);
    const hint = /\p{L}/u.test(String.fromCodePoint(text.codePointAt(i)!))
      ? '; names are ASCII letters, digits and _'
      : '';
    throw new FormulaError(
      `unexpected character ${shown} at ${start}${hint}`,
      start,
      length,
      'unexpected-character',
    );
  }
  tokens.push({ kind: 'end', start: text.length, end: text.length });
  return tokens;
}

/** digits [. digits] [e [+-] digits], or . digits […]: a decimal literal, checked to be a finite, nonzero-if-written-so double. */
function readNumber(text: string, start: number): Token {
  let i = start;
  while (isDigit(text[i])) i++;
  if (text[i] === '.') {
    i++;
    while (isDigit(text[i])) i++;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    let j = i + 1;
    if (text[j] === '+' || text[j] === '-') j++;
    if (isDigit(text[j])) {
      while (isDigit(text[j])) j++;
      i = j;
    } else if (j > i + 1 || !isNameStart(text[i + 1])) {
      // "1e", "1e+", "1e-x": an exponent without digits. ("2exp(x)" is a missing operator, found later.)
      throw new FormulaError(
        `number '${text.slice(start, j)}' at ${start} has an exponent without digits`,
        start,
        j - start,
        'bad-number',
      );
    }
  }
  const literal = text.slice(start, i);
  const value = Number(literal);
  if (!Number.isFinite(value)) {
    throw new FormulaError(
      `number ${literal} at ${start} is too large (beyond ±1.8e308)`,
      start,
      i - start,
      'bad-number',
    );
  }
  if (value === 0 && /[1-9]/.test(literal.replace(/[eE].*$/, ''))) {
    throw new FormulaError(
      `number ${literal} at ${start} is too small: it rounds to 0 (below 5e-324)`,
      start,
      i - start,
      'bad-number',
    );
  }
  return { kind: 'number', value, start, end: i };
}
