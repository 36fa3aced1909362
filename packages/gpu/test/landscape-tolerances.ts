/**
 * How close the GPU's f32 landscape must be to core's f64 landscape (at the
 * same f32 inputs), per loss, and why. The rule (landscape-contract.md, "The
 * GPU path"): within 1e-5 relative of core's value where the total is
 * well-conditioned. Where it is not, the bound grows with the cell's
 * sensitivity to the roundings an f32 computation cannot avoid:
 *
 *   |gpu − core| ≤ 1e-5·|core| + K·u·S + floor,   u = 2⁻²⁴,
 *
 * S = Σᵢ weightᵢ·(ρ·|Oᵢ| + |Oᵢ(s ± δsᵢ) − Oᵢ(s)|) / divisor (+ the ridge
 * term's size), Oᵢ the output's term at point i (value, ∂/∂w or ∂/∂b) from
 * core's own tree, in f64 (helpers/landscape-reference.ts: cellSensitivity).
 * ρ is the term's own f32 error in ulps (`termUlps`: the prelude's helpers
 * composed); δsᵢ = κ·u·(|w·xᵢ| + |b| + |yᵢ|) is the rounding of the model
 * output s = w·x + b and of r = s − y (κ = `inputUlps`), which moves every
 * form's term through its data variable: a residual of 0.5 at x = 10⁴ has
 * lost 3 of its 7 digits before any loss is evaluated, and no f32 code can
 * get them back. K = 2 covers the sum's own rounding (TwoSum: 2u of the
 * total) and the final division. A cell is *well-conditioned* when its
 * allowance K·u·S is at most a tenth of the contract's, 1e-6·|core|: there
 * the bound is the contract's 1e-5 alone. The tests check every cell within
 * 1e-5 first and compute S only for the few that are not, and they require
 * that most cells (80%) are within 1e-5: the contract is what is tested.
 *
 * `floor`: results below 2⁻¹²⁶ may be flushed to 0 (WGSL allows it; the
 * catalog's GPU path says so), and so may intermediates of a term whose
 * result is tiny (σ(−m)² at m = 60 is below f32's normal range though the
 * term, ×log, is not): 2⁻¹¹⁸ per unit of weight covers both.
 */

export interface LandscapeTolerance {
  /** ρ: a term's own f32 error, in ulps of the term. */
  readonly termUlps: number;
  /** κ: roundings in s = w·x + b (and r = s − y), in ulps of |w·x| + |b| + |y|. */
  readonly inputUlps: number;
  readonly why: string;
}

export const CONTRACT_RELATIVE = 1e-5;
export const SUM_FACTOR = 2;
export const WELL_CONDITIONED = 1e-6;
export const FLUSH_FLOOR = 2 ** -118;

const simple: LandscapeTolerance = {
  termUlps: 8,
  inputUlps: 2,
  why: 'arithmetic and one or two prelude helpers (exp, log1p, softplus, σ: each ~1 ulp): 8 ulp; s = w·x + b and r = s − y: two roundings',
};

/** pow-based terms: x^γ = e^(γ·log x) with γ·log x rounded costs |log result| ulp (see tolerances.ts). */
const powBased: LandscapeTolerance = {
  termUlps: 64,
  inputUlps: 2,
  why: 'pow = e^(γ·log x): γ·log x rounded to f32 costs about |ln result| ulp, up to ~50 at σ(−m)^γ with m = 80; 64 ulp',
};

const table: Record<string, LandscapeTolerance> = {
  focal: powBased,
  focal_logits: powBased,
  general_robust: powBased,
  poisson_nll: {
    termUlps: 16,
    inputUlps: 2,
    why: 'e^s − y·s cancels where e^s ≈ y·s; the cancellation is the input bound’s (δs moves both), the rest a few ulp of e^s',
  },
};

export function landscapeTolerance(lossId: string): LandscapeTolerance {
  return table[lossId] ?? simple;
}
