/** Looking losses up by id or taking a definition, with the catalog's errors. */
import { isDefinedLoss } from '../catalog/define.js';
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

/** What every API that takes a loss takes: a catalog id, or a definition (`customLoss`, `defineLoss`, `getLoss`). */
export type LossRef = string | LossDef;

/**
 * The one resolver behind every API that takes a loss. A definition is
 * accepted only if `defineLoss` made it (customLoss goes through it): a
 * WeakSet lookup, so passing a definition costs nothing per call, and an
 * object that merely looks like one (a structured clone sent to a worker, a
 * hand-built literal) is refused rather than trusted; rebuild it with
 * `customLoss(def.source.spec)`.
 */
export function resolveLoss(loss: LossRef): LossDef {
  if (typeof loss === 'string') return getLoss(loss);
  if (isDefinedLoss(loss)) return loss;
  if (typeof loss === 'object' && loss !== null) {
    const given = (loss as { id?: unknown }).id;
    const id = typeof given === 'string' && /^[a-z][a-z0-9_]{0,31}$/.test(given) ? `'${given}' ` : '';
    throw new RangeError(
      `loss ${id}is not a definition made by customLoss or defineLoss (a copy of one is not: rebuild it with customLoss(def.source.spec))`,
    );
  }
  throw new RangeError(`a loss must be a catalog id or a definition, got ${typeof loss}`);
}
