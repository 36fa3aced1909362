// The table lives beside core's sweep benchmark, its other user: one copy of the baseline.
export {
  type HandWritten,
  handWritten,
  type Loop,
  type Params,
} from '../../../packages/core/bench/handwritten.js';
