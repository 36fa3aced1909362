/** The errors a custom loss definition can raise: RangeErrors that say which field, and where in the formula. */

/** A bad field of a custom loss specification; `field` is its path, e.g. `variables[1].domain`. */
export class CustomLossError extends RangeError {
  override readonly name: string = 'CustomLossError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** What went wrong in a formula, for code that reacts to the kind rather than the message. */
export type FormulaErrorCode =
  | 'too-long'
  | 'too-deep'
  | 'too-many-nodes'
  | 'unexpected-character'
  | 'bad-number'
  | 'unexpected-token'
  | 'unexpected-end'
  | 'missing-operator'
  | 'unclosed'
  | 'unknown-function'
  | 'unknown-variable'
  | 'arity'
  | 'type'
  | 'undefined-constant'
  | 'empty';

/**
 * A formula that does not parse or does not make sense. `position` is the
 * 0-based offset of the offending text in the formula (in UTF-16 code units,
 * JavaScript string indices: what an editor underlines) and `length` its
 * length (≥ 1, or 0 at the end of the text); the message quotes the same
 * position: "unknown function 'lg' at 7; did you mean 'log'?".
 */
export class FormulaError extends CustomLossError {
  override readonly name: string = 'FormulaError';
  constructor(
    message: string,
    readonly position: number,
    readonly length: number,
    readonly code: FormulaErrorCode,
  ) {
    super(message, 'formula');
  }
}
