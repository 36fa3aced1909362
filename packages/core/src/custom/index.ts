/** Custom losses: formulas typed by a user, made into definitions every API takes. */
export { customLoss, type ParsedFormula, parseFormula } from './define.js';
export { domainText, parseDomain } from './domain-text.js';
export { CustomLossError, FormulaError, type FormulaErrorCode } from './errors.js';
export { customModelForm, formSlots, modelFormNames } from './form.js';
export { type FormulaFunction, formulaConstants, formulaFunctions, reservedNames } from './functions.js';
export { formulaLimits } from './limits.js';
export { type Ast, parse, type Span } from './parser.js';
export { printFormula } from './print.js';
export { checkProperties, type PropertyReport } from './properties.js';
export type { CustomLossSpec, CustomVariableSpec, NormalizedSpec, NormalizedVariable } from './spec.js';
export { type AppliedRewrite, stabilize } from './stabilize.js';
export { texSymbol, toTex } from './tex.js';
