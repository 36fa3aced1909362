/**
 * Limits on what a formula may be. They keep parsing, differentiation and
 * kernel generation bounded for any input (a test measures the worst cases
 * near them), and they are far beyond any loss in the catalog typed out in
 * full (the longest, Barron's ρ with its five regimes, is under 700
 * characters, 20 levels deep and 250 nodes).
 */
export const formulaLimits = {
  /** Characters (UTF-16 code units) of formula text. */
  maxLength: 2000,
  /** Nesting of parentheses, calls and operators. */
  maxDepth: 40,
  /** Numbers, names, operators and calls in the formula. */
  maxNodes: 400,
  /** Characters of a name (variable or function). */
  maxNameLength: 32,
  /** Declared variables. */
  maxVariables: 8,
} as const;
