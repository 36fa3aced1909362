/**
 * The losses a session knows: core's catalog plus the user's own (custom)
 * losses, which live in the state as JSON-safe specifications and are built
 * into definitions here, once per specification. Everything in the app that
 * turns a loss id into a loss goes through a LossCatalog, so a custom loss
 * appears wherever a catalog loss does.
 *
 * For other parts of the app (the fit lab, say): `customLossesOf(state)`
 * lists the session's custom definitions, and `lossesOf(state).find(id)`
 * finds any loss by id; `customModelForm(def)` from core says whether a
 * custom loss has a model form (and so a landscape).
 */
import { type CustomLossSpec, customLoss, isLossId, type LossDef, losses } from '@losslab/core';

/** At most this many custom losses at once (each is a formula, a tree and compiled kernels). */
export const MAX_CUSTOM_LOSSES = 4;

export interface LossCatalog {
  /** Every loss: the catalog's, then the custom ones in the order they were added. */
  readonly all: readonly LossDef[];
  /** The custom losses alone. */
  readonly custom: readonly LossDef[];
  /** The loss with this id, or undefined. */
  find(id: string): LossDef | undefined;
  /** The loss with this id; throws a RangeError naming it when there is none. */
  get(id: string): LossDef;
}

/** Custom definitions by the JSON of their specification: editing a loss builds a new one. */
const built = new Map<string, LossDef>();
/** Built definitions kept for reuse; beyond this the oldest go (kernels are cached per definition). */
const BUILT_KEPT = 16;

/**
 * The definition of a custom specification, built once and reused (so the
 * kernels compiled for it, on the CPU and the GPU, are reused too). Throws
 * core's CustomLossError/FormulaError for a bad specification.
 */
export function buildCustomLoss(spec: CustomLossSpec): LossDef {
  const key = JSON.stringify(spec);
  const known = built.get(key);
  if (known) {
    // Most recently used last.
    built.delete(key);
    built.set(key, known);
    return known;
  }
  const def = customLoss(spec);
  built.set(key, def);
  // The state holds the normalised specification: the same definition is found under it.
  built.set(JSON.stringify(def.source!.spec), def);
  while (built.size > BUILT_KEPT) built.delete(built.keys().next().value!);
  return def;
}

function makeCatalog(custom: readonly LossDef[]): LossCatalog {
  const byId = new Map<string, LossDef>();
  for (const loss of losses) byId.set(loss.id, loss);
  for (const loss of custom) if (!byId.has(loss.id)) byId.set(loss.id, loss);
  const all = [...byId.values()];
  return {
    all,
    custom: all.filter((l) => l.source?.kind === 'custom'),
    find: (id) => byId.get(id),
    get(id) {
      const loss = byId.get(id);
      if (!loss) throw new RangeError(`unknown loss '${id.slice(0, 40)}'`);
      return loss;
    },
  };
}

/** The catalog alone, with no custom losses. */
export const BUILTIN: LossCatalog = makeCatalog([]);

/** Catalogs by their custom specifications' JSON; a handful, since the state changes them rarely. */
const catalogs = new Map<string, LossCatalog>();

/**
 * The catalog with these custom losses. The state only ever holds
 * specifications that were built once already (the URL parser and the
 * editor check them), so none fails here; one that did would be left out
 * rather than break every view.
 */
export function catalogOf(specs: readonly CustomLossSpec[]): LossCatalog {
  if (specs.length === 0) return BUILTIN;
  const key = JSON.stringify(specs);
  const known = catalogs.get(key);
  if (known) return known;
  const defs: LossDef[] = [];
  for (const spec of specs) {
    try {
      if (!isLossId(spec.id)) defs.push(buildCustomLoss(spec));
    } catch {
      // Unreachable for specifications that came through the parser or the editor.
    }
  }
  const catalog = makeCatalog(defs);
  catalogs.set(key, catalog);
  if (catalogs.size > 8) catalogs.delete(catalogs.keys().next().value!);
  return catalog;
}

/** The losses of a state: the catalog and the state's custom losses. */
export function lossesOf(state: { readonly custom: readonly CustomLossSpec[] }): LossCatalog {
  return catalogOf(state.custom);
}

/** The state's custom losses as definitions, in the order they were added. */
export function customLossesOf(state: { readonly custom: readonly CustomLossSpec[] }): readonly LossDef[] {
  return lossesOf(state).custom;
}

/** Whether a loss was typed by the user. */
export function isCustom(loss: LossDef): boolean {
  return loss.source?.kind === 'custom';
}
