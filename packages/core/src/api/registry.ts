/** Looking losses up by id, with the catalog's errors. */
import type { LossDef } from '../catalog/types.js';
import { catalog, type LossId } from '../losses/index.js';

export type { LossId };

/** Every loss, in the catalog's order. */
export const losses: readonly LossDef<LossId>[] = catalog;

const byId = new Map<string, LossDef<LossId>>(catalog.map((l) => [l.id, l]));

export const lossIds: readonly LossId[] = catalog.map((l) => l.id);

export function isLossId(id: string): id is LossId {
  return byId.has(id);
}

/** The loss with this id; a RangeError naming the known ids otherwise. */
export function getLoss(id: string): LossDef<LossId> {
  const loss = byId.get(id);
  if (!loss) throw new RangeError(`unknown loss '${String(id)}'; known losses: ${lossIds.join(', ')}`);
  return loss;
}
