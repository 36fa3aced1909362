/** What a Practice question is: a recipe that turns a seed into numbers, an answer and its working. */
import type { AxisState, ColorScale, OutputChoice } from '../state/types';

export type PracticeTopic = 'regression' | 'classification';

/** How close an answer must be: |answer − exact| ≤ max(abs, rel·|exact|). */
export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

export interface NumberPart {
  readonly kind: 'number';
  /** Unique within the question (used in ids and test ids). */
  readonly id: string;
  readonly label: string;
  /** The exact answer, computed by @losslab/core from the variant's numbers. */
  readonly value: number;
  readonly tolerance: Tolerance;
}

export interface ChoicePart {
  readonly kind: 'choice';
  readonly id: string;
  readonly label: string;
  readonly options: readonly string[];
  /** Index of the right option, decided from numbers computed by core. */
  readonly correct: number;
}

export type AnswerPart = NumberPart | ChoicePart;

/** The Curves or Heatmap state that illustrates a question (applied with the app's own actions). */
export type ShowMe =
  | {
      readonly view: 'curves';
      readonly label: string;
      readonly family: string;
      readonly variable: string;
      readonly losses: readonly string[];
      /** Per loss, hyperparameter values. */
      readonly params?: Readonly<Record<string, Readonly<Record<string, number>>>>;
      readonly range?: readonly [number, number];
      readonly probe: number;
      readonly halfMse?: boolean;
    }
  | {
      readonly view: 'heatmap';
      readonly label: string;
      readonly loss: string;
      readonly x: AxisState;
      readonly y: AxisState;
      readonly params?: Readonly<Record<string, number>>;
      readonly output?: OutputChoice;
      readonly colorScale?: ColorScale;
    };

export interface Variant {
  /** The numbers this variant was made from (tests recompute the answers from them with core). */
  readonly data: Readonly<Record<string, number | readonly number[]>>;
  /** The question, in plain text with its numbers. */
  readonly prompt: string;
  readonly parts: readonly AnswerPart[];
  /** The worked answer, one step a line, with numbers from core. */
  readonly worked: readonly string[];
  readonly showMe: ShowMe;
}

export interface Question {
  readonly id: string;
  readonly topic: PracticeTopic;
  readonly title: string;
  /** Seed 0 gives the textbook numbers; any other seed, fresh ones. */
  make(seed: number): Variant;
}
