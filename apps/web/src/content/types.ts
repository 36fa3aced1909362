/** Prose the Info view shows for a loss, beyond the catalog's one-line "use". */
export interface LossProse {
  /** What the loss assumes about the data or the model (its implicit noise model, label format, …). */
  readonly assumes: string;
  /** When to reach for it, and when not to. */
  readonly whenToUse: string;
  /** Mistakes people make with it: conventions, scaling, numerics, library differences. */
  readonly pitfalls: readonly string[];
}
