/** Hard values shared by the reference tests of the probability-like losses. */

/** 1 − 2⁻⁵³, the double just below 1 ("1 − 1e-16"). */
export const ONE_MINUS_ULP = 1 - 2 ** -53;

/** Probabilities from 0 to 1, crowded at both ends. */
export const PROBABILITIES = [
  0,
  1e-300,
  1e-200,
  1e-30,
  1e-16,
  1e-12,
  1e-8,
  0.1,
  0.25,
  0.5,
  0.7,
  0.9,
  1 - 1e-8,
  1 - 1e-12,
  ONE_MINUS_ULP,
  1,
] as const;

/** Logits up to ±800, including where σ(±z) is subnormal (±720, ±745). */
export const LOGITS = [0, 1e-300, 0.5, 1, 5, 30, 36, 100, 700, 800].flatMap((z) => (z === 0 ? [0] : [z, -z]));
