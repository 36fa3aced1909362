/** The Practice questions, in the order the view lists them. */
import { CLASSIFICATION_QUESTIONS } from './classification';
import { REGRESSION_QUESTIONS } from './regression';
import type { PracticeTopic, Question } from './types';

export const QUESTIONS: readonly Question[] = [...REGRESSION_QUESTIONS, ...CLASSIFICATION_QUESTIONS];

export const TOPIC_LABELS: Readonly<Record<PracticeTopic, string>> = {
  regression: 'Regression',
  classification: 'Classification',
};

export function findQuestion(id: string): Question | undefined {
  return QUESTIONS.find((q) => q.id === id);
}

export { MAX_SEED } from './random';
export type { AnswerPart, ChoicePart, NumberPart, Question, ShowMe, Variant } from './types';
