/** The Info view's prose for every loss in the catalog, keyed by loss id. */
import { classificationProse } from './classification';
import { otherProse } from './other';
import { regressionProse } from './regression';
import type { LossProse } from './types';

export type { LossProse } from './types';

export const lossProse: Readonly<Record<string, LossProse>> = {
  ...regressionProse,
  ...classificationProse,
  ...otherProse,
};

/** The prose for a loss, or undefined for an id this app has no text for. */
export function proseFor(id: string): LossProse | undefined {
  return Object.hasOwn(lossProse, id) ? lossProse[id] : undefined;
}
