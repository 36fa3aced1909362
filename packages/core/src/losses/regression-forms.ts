/**
 * The numerically delicate regression trees. Each is one expression for the
 * value, arranged so that its symbolic derivatives (expr/diff.ts) are exact
 * too: a form like δ²·g(r/δ) is exact in value yet its δ-partial is a
 * difference of two nearly equal terms, so these write the loss as r²·(a
 * function of r/δ) instead, where the chain rule only multiplies.
 */
import {
  abs,
  add,
  and,
  type CondLike,
  call,
  div,
  eq,
  exp,
  expm1,
  expmul,
  exprel,
  ge,
  gt,
  le,
  log,
  log1p,
  log1pmx,
  lt,
  mul,
  neg,
  ONE,
  or,
  POS_INF,
  select,
  sqrt,
  square,
  sub,
  v,
  withGrad,
} from '../expr/build.js';
import { Differentiator } from '../expr/diff.js';
import { atMovedPoint } from '../expr/moved.js';
import type { Expr, VarNode } from '../expr/nodes.js';

/**
 * log|a/b| for b > 0, given ratio = a/b. Past |a/b| = 1e20 it is log|a| − log b,
 * which cancels by at most 32× there (|log a|, |log b| ≤ 745 against ≥ 46) and,
 * unlike log|ratio|, survives a/b overflowing and has partials 1/a and −1/b
 * where the chain rule through the ratio would form a/b² and overflow.
 */
function logAbsRatio(a: Expr, b: Expr, ratio: Expr): Expr {
  return select(gt(abs(ratio), 1e20), sub(log(abs(a)), log(b)), log(abs(ratio)));
}

/**
 * `value`, except 0 at r = 0. Every loss here is 0 at r = 0 for all of its
 * parameters, with partials 0; saying so keeps the partials free of 0·(1/c),
 * which is NaN for a subnormal scale c.
 */
function atZero(r: Expr, value: Expr): Expr {
  return select(eq(r, 0), 0, value);
}

/**
 * Powers of two for moving a scale into the middle of the double range:
 * below 2^-500 its reciprocal 1/c (which the chain rule forms through r/c)
 * may overflow; above 2^500, t/c (the c-partial of t = r/c) underflows.
 */
const TINY_SCALE = 2 ** -500;
const HUGE_SCALE = 2 ** 500;
const SHIFT = 500;
const F32_SHIFT = 64;
const FLT_MAX = 3.4028234663852886e38;

/**
 * A loss f(r, c) homogeneous of degree k in its residual and scale:
 * f(r, c) = 2^(−sk)·f(2^s·r, 2^s·c) for any s. Where c < 2^-500 (and 2^500·r
 * is finite) it is evaluated at the point moved by s = 500, where c > 2^500
 * (and r² stays normal once moved) by s = −500, and so are its r- and
 * c-partials, ∂f(r, c) = 2^(s(1 − k))·(∂f)(2^s·r, 2^s·c), derived with
 * respect to the moved variables themselves. The powers of two are exact, so
 * the numbers are those of the original point; but there the chain rule
 * forms 1/c, which overflows for a subnormal c where every partial is finite
 * (0·∞ = NaN at r = c = 5e-324), or t/c, which underflows to 0 at c = 1e300
 * where ∂c is 2.5e-285. At the moved point 2^-574 ≤ c ≤ 2^524.
 *
 * @param others the loss's other continuous variables (the differentiator's
 *   tie rules look at every partial)
 */
function movedScale(
  f: (r: VarNode, c: VarNode) => Expr,
  r: VarNode,
  c: VarNode,
  degree: 0 | 2,
  others: readonly string[] = [],
): Expr {
  const movedR = v(`moved_${r.name}`);
  const movedC = v(`moved_${c.name}`);
  const body = f(movedR, movedC);
  const moved = (s: number): Expr => {
    const point = atMovedPoint(
      body,
      { [movedR.name]: mul(r, 2 ** s), [movedC.name]: mul(c, 2 ** s) },
      others,
    );
    // In two halves: 2^128 (moving a degree-2 loss back by 2^64) is beyond f32, 2^64 is not.
    const back = (e: Expr, power: number): Expr => mul(mul(e, 2 ** (power / 2)), 2 ** (power / 2));
    return withGrad(back(point.value, -s * degree), {
      [r.name]: back(point.partials[movedR.name]!, s * (1 - degree)),
      [c.name]: back(point.partials[movedC.name]!, s * (1 - degree)),
    });
  };
  // A loss of degree 0 is moved only where 1/c itself nears overflow (its partials come back
  // multiplied by 2^500, from below the normal range where they are tiny); see `small` below.
  const tiny = and(lt(c, degree === 2 ? TINY_SCALE : 2 ** -1000), lt(abs(r), 2 ** (1023 - SHIFT)));
  // Moved down, r² must stay normal (|r| > 2^-10): for smaller r and c > 2^500 the c-partial,
  // of order r⁴/c³, is below every double anyway.
  const huge = degree === 2 ? and(gt(c, HUGE_SCALE), or(eq(r, 0), gt(abs(r), 2 ** -10))) : false;
  // The same in f32's range, by 2^±64, for a loss of degree 2: at c = FLT_MAX, t/c underflows f32
  // (∂c of pseudo_huber at r = 1e30, c = 1e38 would be 0, not 2.5e5), and 1/c overflows it below
  // c = 2^-64·… . (The ±500 regimes are f64's only: the GPU folds their conditions away.)
  // A loss of degree 0 is not moved in f32's range: its partials come back multiplied by 2^±64,
  // which underflows or overflows them in turn; it states r- and c-partials that need no move
  // (general_robust's E/r and −E/c).
  const small = degree === 2 ? and(lt(c, 2 ** -F32_SHIFT), lt(abs(r), 2 ** (F32_SHIFT - 4))) : false;
  // Only up to f32's largest: in f64 the move down by 2^64 beyond it made the c-partial
  // subnormal (cauchy's ∂c at r = 2.5, c = 1e100: 1.3e-6 relative), with the f64 move above.
  const large =
    degree === 2 ? and(and(gt(c, 2 ** F32_SHIFT), le(c, FLT_MAX)), or(eq(r, 0), ge(abs(r), 2))) : false;
  // A subnormal c next to an r too large for the move by 2^500 (r = 1e200, c = 5e-324: cauchy's ∂c
  // was −∞ for 1.2e-320): moved by 2^64, which lifts c out of the subnormals (1/c stays finite).
  const tinyBesideLarge = degree === 2 ? and(lt(c, 2 ** -1000), lt(abs(r), 2 ** 950)) : false;
  // The regimes are disjoint (c below 2^-1000, above 2^500, below 2^-64, above 2^64), so the two
  // moves up by 2^64 share one branch.
  return select(
    tiny,
    moved(SHIFT),
    select(
      huge,
      moved(-SHIFT),
      select(or(tinyBesideLarge, small), moved(F32_SHIFT), select(large, moved(-F32_SHIFT), f(r, c))),
    ),
  );
}

/**
 * δ²(√(1 + t²) − 1) with t = r/δ, written r·r/(√(1 + t²) + 1): no cancellation
 * at small t, and δ enters only through t, so ∂/∂δ is a pure product. Beyond
 * |t| = 1e17 the loss is δ|r| to the last bit (and t itself may overflow).
 */
export function pseudoHuberValue(r: VarNode, delta: VarNode): Expr {
  return movedScale(pseudoHuberAt, r, delta, 2);
}

function pseudoHuberAt(r: Expr, delta: Expr): Expr {
  const t = div(r, delta);
  // √(1 + t²) rather than hypot(1, t): t² cannot overflow below |t| = 1e17, and Math.hypot is slow.
  const value = select(gt(abs(t), 1e17), mul(delta, abs(r)), mul(r, div(r, add(sqrt(add(1, square(t))), 1))));
  return atZero(r, value);
}

/**
 * ½c²·log(1 + t²), t = r/c. For |t| ≤ 1 it is ½r²/exprel(log1p(t²)) (because
 * log1p(s)/s = L/expm1(L) with L = log1p(s)): c enters only through t, so
 * ∂/∂c does not cancel the way c·(log1p(s) − s/(1 + s)) does. For |t| > 1 it
 * is c²(log|t| + ½log1p(1/t²)), which never forms t² (it overflows from
 * |t| ≈ 1.3e154 on while the loss stays finite).
 */
export function cauchyValue(r: VarNode, c: VarNode): Expr {
  return movedScale(cauchyAt, r, c, 2);
}

function cauchyAt(r: Expr, c: Expr): Expr {
  const t = div(r, c);
  const inner = mul(r, div(mul(0.5, r), exprel(log1p(square(t)))));
  const outer = mul(c, mul(c, add(logAbsRatio(r, c, t), mul(0.5, log1p(square(div(c, r)))))));
  return atZero(r, select(le(abs(t), 1), inner, outer));
}

/**
 * Tukey's biweight. With s = (r/c)² the inner part (c²/6)(1 − (1 − s)³) is
 * written two ways: (r²/6)(3 − s(3 − s)) for s < ½, and (c²/6)(1 − d³) with
 * d = 1 − s = ((c − |r|)/c)·((c + |r|)/c) near the edge, where c − |r| is exact
 * and the partials, which vanish like d², keep their digits.
 */
export function tukeyValue(r: VarNode, c: VarNode): Expr {
  return movedScale(tukeyAt, r, c, 2);
}

function tukeyAt(r: Expr, c: Expr): Expr {
  const s = square(div(r, c));
  const small = mul(r, mul(r, div(sub(3, mul(s, sub(3, s))), 6)));
  // (c + |r|)/c as 1 + |r|/c: no overflow at |r| = c = MAX.
  const d = mul(div(sub(c, abs(r)), c), add(1, div(abs(r), c)));
  const edge = mul(c, mul(div(c, 6), sub(1, mul(square(d), d))));
  return atZero(r, select(gt(abs(r), c), mul(c, div(c, 6)), select(lt(s, 0.5), small, edge)));
}

/**
 * eᶻ − yz. Near z = 0 its z-partial eᶻ − y is, for y = 1, eᶻ − 1: exp(z) − 1
 * loses every digit of it below |z| ≈ 1e-8. There the value is written
 * 1 + (1 − y)z + (eᶻ − 1 − z) with the last term as its Taylor polynomial
 * (to z⁷: relative error below 1e-16 for |z| ≤ 0.01), whose derivative is
 * accurate term by term.
 */
export function poissonValue(z: VarNode, y: VarNode): Expr {
  let tail: Expr = div(1, 5040);
  for (const k of [720, 120, 24, 6, 2]) tail = add(1 / k, mul(z, tail));
  const small = add(add(1, mul(sub(1, y), z)), mul(square(z), tail));
  // Past z = 64, eᶻ·(1 − z·(y·e⁻ᶻ)), each product with e^±z scaled by expmul: eᶻ and yz
  // may both overflow (∞ − ∞) where the loss is plainly ±∞ or, in f32, an ordinary number
  // (z = 87.9, y = 3.9e36: yz passes FLT_MAX, eᶻ − yz = −1.9e38 does not), and e⁻ᶻ alone is
  // subnormal in f32 from z = 87.3 (flushed to 0 on GPUs). y·e⁻ᶻ ≤ FLT_MAX·e⁻⁶⁴ in f32 and
  // ≤ 3e280 in f64: finite. 64 is early enough for f32 (where yz alone overflows below it,
  // eᶻ ≤ 6e27 is far below an ulp of FLT_MAX, 2e31: the loss rounds to −∞ as well) and changes
  // nothing in f64, where both forms are as accurate. The partials are given, not derived:
  // the chain rule's eᶻ·(−z·e⁻ᶻ) is ∞·0 once eᶻ overflows.
  const yOverExp = expmul(neg(z), y);
  const large = withGrad(expmul(z, sub(1, mul(z, yOverExp))), {
    [y.name]: neg(z),
    // eᶻ − y as eᶻ·(1 − y·e⁻ᶻ) in one primitive: finite where eᶻ alone overflows (z = 710, y = 1.8e308).
    [z.name]: expmul(z, sub(1, yOverExp)),
  });
  return select(le(abs(z), 0.01), small, select(gt(z, 64), large, sub(exp(z), mul(y, z))));
}

/**
 * The series of Barron's ρ is used for x ≤ 1 and u ≤ 0.25, where its k-th
 * ratio is at most (x/2 + (k − 1)u)/(k + 1) ≤ (1/2 + (k − 1)/4)/(k + 1):
 * 32 terms leave a tail below 1e-19. Outside, the closed form's α-partial
 * is a sum of terms of the size of ρ that cancel to order x·u²: good to
 * about 24·ε·b/x² in f64, but in f32 it lost 1.5e-4 at (r, α, c) =
 * (0.5, −10, 1), u = 0.02, which the series now covers (it was u ≤ 0.01).
 */
const SERIES_TERMS = 32;
/**
 * Past y = 40, ρ = (b/α)(eʸ − 1) is (b/α)eʸ to the last bit of a double (e⁻⁴⁰ < 2^-57), computed
 * as exp(y + log(b/α)): its partials are then one expmul each, finite wherever they are, where
 * exprel(y) and its derivative overflow f32 from y ≈ 93 (and f64 from y ≈ 716).
 */
const EXP_FORM_MIN_Y = 40;
const SERIES_MAX_X = 1;
const SERIES_MAX_U = 0.25;

/**
 * Up to L = log1p(u) = 2 (u ≤ 6.39) near α = 2, ∂ρ/∂α is written as byAlphaSmallL writes it; the
 * series of K(h) = h·cosh h − sinh h in h = ½L ≤ 1 has terms 2k·h^(2k+1)/(2k+1)!: 11 of them
 * leave a tail below 1e-20 of the sum.
 */
const SMALL_L_MAX = 2;
/**
 * Away from α = 2 (the general regime) the same form is used for 1.25 ≤ α ≤ 8, where it beats the
 * forms below (f32, L ≤ 2: within 1.8e-6 against up to 1.3e-5 at α = 2.51 and 1.2e-5 at α = 4.02).
 * Below α = 1.25, C + s·R cancels like 4/α² (it is 0 at α = 0) and byAlphaNearZero is better.
 */
const SMALL_L_MIN_ALPHA = 1.25;
const SMALL_L_MAX_ALPHA = 8;
const K_TERMS = 11;

/**
 * ∂ρ/∂α for small L (u = x/b, L = log1p(u), s = α − 2, b = |s|):
 *
 *   ∂ρ/∂α = (b/α²)·(C(L) + s·R),   C = (2 + u)L − 2u = 4e^h·K(h), h = ½L, K(h) = h·cosh h − sinh h,
 *   R = ½L²·e^m·dexprel(−m) + ½L·exprel(m)·(A − u) + ½e^m·A,   m = ½sL,  A = (1 + u)L − u = L²·dexprel(L).
 *
 * It is α²∂ρ/∂α = 2σ·expm1(σM) + e^(σM)·b·(½α·A − u) (σM = m) expanded in s: the chain rule's
 * terms are of the size of x, the result of order x·u²/24 (f32 lost 4.6e-5 at r = 0.316, α = 1.615,
 * c = 1, u = 0.26, the order of x cancelling in every term of order s⁰). Here C, of order L³/6, is
 * a series with positive terms, and the terms of R cancel only from order L² to L³ (at most 3/L,
 * about 14 at u = 0.25, times |s| ≤ ½ against C).
 */
function byAlphaSmallL(alpha: Expr, u: Expr, L: Expr): Expr {
  const h = mul(0.5, L);
  const h2 = square(h);
  let factorial = 1;
  const coefficients: number[] = [];
  for (let k = 1; k <= K_TERMS; k++) {
    factorial *= 2 * k * (2 * k + 1);
    coefficients.push((2 * k) / factorial);
  }
  let series = mul(h2, coefficients[K_TERMS - 1]!);
  for (let k = K_TERMS - 1; k >= 2; k--) series = mul(h2, add(coefficients[k - 1]!, series));
  series = add(coefficients[0]!, series);
  const C = mul(mul(4, exp(h)), mul(mul(h, h2), series));
  const s = sub(alpha, 2);
  const m = mul(mul(0.5, s), L);
  const A = mul(square(L), call('dexprel', L));
  const R = add(
    add(
      mul(mul(mul(0.5, square(L)), exp(m)), call('dexprel', neg(m))),
      mul(mul(mul(0.5, L), exprel(m)), sub(A, u)),
    ),
    mul(mul(0.5, exp(m)), A),
  );
  return mul(div(abs(s), square(alpha)), add(C, mul(s, R)));
}

/** 64·ln 2: e^(z ∓ 64·ln 2) = 2^∓64·e^z. */
const LN2_TIMES_64 = 64 * Math.LN2;

/**
 * e^z/d, finite and normal wherever it is. 1/d is below f32's normal range past |d| = 2^126
 * (a GPU may flush it to 0: ∂r of general_robust at r = FLT_MAX would be 0, not −1), and
 * beyond f64's below |d| = 2^-1024; there the weight is 2^±64/d and the power of two comes
 * back after expmul or, where that product could leave the range (|z| > 100), inside the
 * exponent (rounding z ∓ 64·ln 2 costs about what rounding z did already).
 */
function expOver(z: Expr, d: Expr): Expr {
  const scaled = (s: number, far: CondLike): Expr =>
    select(
      far,
      expmul(sub(z, s * LN2_TIMES_64), div(2 ** (64 * s), d)),
      mul(expmul(z, div(2 ** (64 * s), d)), 2 ** (-64 * s)),
    );
  return select(
    gt(abs(d), 2 ** 126),
    scaled(1, gt(z, 100)),
    select(lt(abs(d), 2 ** -1000), scaled(-1, lt(z, -100)), expmul(z, div(1, d))),
  );
}

/**
 * Barron's general robust loss ρ(r, α, c) with x = (r/c)², b = |α − 2|,
 * u = x/b, L = log1p(u) (in log space once u is past 1e20) and y = ½αL. It is
 * one tree with five regimes, because the textbook form is exact in value but
 * its α-partial is a sum of terms far larger than the result, near α = 2 and
 * for small x:
 *
 * - r = 0: 0, for every α and c (so ∂ρ/∂α = 0 there, even at α = 2).
 * - α = 2: ½x, with ∂ρ/∂α = +∞ (the catalog's convention).
 * - x ≤ 1, u ≤ 0.01: ρ = ½x·(1 + Σₖ (x^(k−1)/k!)·Πᵢ₌₀^(k−2)(σ/2 − i/b)), σ = sign(α − 2),
 *   a Horner series in which α appears only through 1/b, so the α-partial
 *   (of order x³/b²) keeps its digits.
 * - b ≤ ½ and M = ½bL ≤ ½: ρ = (x·e^(σM) + b·expm1(σM))/α, which is
 *   (b/α)((1 + u)^(α/2) − 1) rearranged around α = 2: no term is larger than x.
 *   Its α-partial, of order x·u²/24 for small u, is byAlphaSmallL's up to L = 2.
 * - otherwise ρ = ½bL·exprel(y), smooth through α = 0 with no special case;
 *   for y < −1 (α < 0) it is (b/α)·expm1(y), whose partials do not cancel as
 *   r → ∞; for y > 40, (b/α)·e^y computed as exp(y + log(b/α)).
 *
 * The last two state their r- and c-partials (E/r and −E/c, E = t·dρ/dt) and,
 * where the chain rule's terms cancel, their α-partials: f32 has too little
 * range for the chain rule's products (1/c up to 2^126 times 2t times eʸ) and
 * too few digits for its sums.
 */
export function barronRho(r: VarNode, alpha: VarNode, c: VarNode): Expr {
  return movedScale((rr, cc) => barronRhoAt(rr, alpha, cc), r, c, 0, [alpha.name]);
}

function barronRhoAt(r: VarNode, alpha: VarNode, c: VarNode): Expr {
  const t = div(r, c);
  const x = square(t);
  /** ½x as t·(½t): finite wherever ½x is. */
  const halfX = mul(t, mul(0.5, t));
  const atTwo = withGrad(halfX, { [alpha.name]: POS_INF });

  const b = abs(sub(alpha, 2));
  const u = div(x, b);
  const L = select(gt(u, 1e20), sub(mul(2, logAbsRatio(r, c, t)), log(b)), log1p(u));
  const y = mul(mul(0.5, alpha), L);
  const ratio = div(b, alpha);
  // ρ depends on r and c through t alone, so r·∂ρ/∂r = −c·∂ρ/∂c = t·dρ/dt = E, and here
  // E = b·v·eʸ with v = u/(1 + u) = 1/(1 + b/x): the partials are e^z/r and −e^z/c with
  // z = y + log(bv), each one expOver. Through the chain rule they are products of 1/c (up to
  // 2^126 in f32), 2t, u′ and eʸ in some order, which over- or underflow f32 where the partial
  // does not (∂c at r = 1.4e-13, α = 1.2e-38, c = 1.7e-23 is −1.2e23, its chain forms 2x/c = 7e42).
  const v = div(1, add(1, div(b, x)));
  const z = add(y, log(mul(b, v)));
  const sigma = select(gt(alpha, 2), 1, -1);
  const generalValue = select(
    gt(y, EXP_FORM_MIN_Y),
    exp(add(y, log(ratio))),
    select(lt(y, -1), mul(ratio, expm1(y)), mul(mul(mul(0.5, b), L), exprel(y))),
  );
  // For |α| > 4, ∂ρ/∂α = (2σ/α²)(eʸ − 1) + eʸ(b(L − v) − 2σv)/(2α): the chain rule's terms are
  // of order ρ/α and cancel to order ρ/α² (f32 lost 1e-3 at α = −1000, r = 4, c = 4); these are
  // of order ρ/α² themselves (near α = 0 they would cancel instead). L − v = log1p(u) − u/(1 + u)
  // is −log1pmx(−v) up to u = 1, where the difference would cancel, and the difference beyond
  // (where 1 − v would). Past y = 40 (the exp form) and below y = −1 for |α| ≤ 4, the chain rule.
  const logMinusV = select(le(u, 1), neg(log1pmx(neg(v))), sub(L, v));
  const byAlpha = add(
    mul(div(mul(2, sigma), square(alpha)), expm1(y)),
    div(mul(exp(y), sub(mul(b, logMinusV), mul(mul(2, sigma), v))), mul(2, alpha)),
  );
  // For |α| ≤ 4 and ½bL·exprel(y): ∂ρ/∂α = ½σ(L − v)·exprel(y) + ¼L·exprel′(y)·(b(L − v) − 2σv),
  // the same sum with the cancelling pair of the chain rule's terms, ½σL and −½σv (times
  // exprel(y)), taken as one: f32 lost 2.9e-5 at r = 0.40, α = 1.48, c = 0.78. Its two terms still
  // cancel to order u³ (about 6/(b·u)): for 1.25 ≤ α ≤ 8 and L ≤ 2, byAlphaSmallL instead.
  const byAlphaNearZero = add(
    mul(mul(0.5, sigma), mul(logMinusV, exprel(y))),
    mul(mul(mul(0.25, L), call('dexprel', y)), sub(mul(b, logMinusV), mul(mul(2, sigma), v))),
  );
  // One differentiator for both chain-rule α-partials (general and nearTwo): the same variables.
  const differentiator = new Differentiator([r.name, alpha.name, c.name]);
  const byChainRule = differentiator.diff(generalValue, alpha.name);
  // ∂M/∂α = ½σ(L − v): the chain rule's ½σL − ½σv cancels for small u.
  const M = withGrad(mul(mul(0.5, b), L), { [alpha.name]: mul(mul(0.5, sigma), logMinusV) });
  // ½x·e^(σM)/(½α) as t·(½t·G), G = e^(σM)/(½α): ½x alone overflows from |t| = 1.9e154 while the
  // partials stay finite (∂r) or are +∞ (∂α); multiplied in this order, no product of the chain
  // rule is ∞·small or ∞ − ∞.
  const G = div(exp(mul(sigma, M)), mul(0.5, alpha));
  // Here E = x·e^(σM) (as eʸ = e^(σM)·(1 + u)): ∂r = t·e^(σM)/c and ∂c = −t·∂r, which no
  // intermediate of this order over- or underflows where the partial does not.
  const nearTwoR = div(mul(t, exp(mul(sigma, M))), c);
  const nearTwoValue = add(mul(t, mul(mul(0.5, t), G)), mul(div(b, alpha), expm1(mul(sigma, M))));
  const isNearTwo = and(le(b, 0.5), le(M, 0.5));
  // One α-partial for both regimes, selected inside: the kernels compute an expression shared
  // by two branches before either, so byAlphaSmallL written into each would cost every point.
  const byAlphaEither = select(
    and(le(L, SMALL_L_MAX), or(isNearTwo, and(ge(alpha, SMALL_L_MIN_ALPHA), le(alpha, SMALL_L_MAX_ALPHA)))),
    byAlphaSmallL(alpha, u, L),
    select(
      isNearTwo,
      differentiator.diff(nearTwoValue, alpha.name),
      select(
        and(gt(abs(alpha), 4), le(y, EXP_FORM_MIN_Y)),
        byAlpha,
        select(and(ge(y, -1), le(y, EXP_FORM_MIN_Y)), byAlphaNearZero, byChainRule),
      ),
    ),
  );
  const general = withGrad(generalValue, {
    [r.name]: expOver(z, r),
    [c.name]: neg(expOver(z, c)),
    [alpha.name]: byAlphaEither,
  });
  const nearTwo = withGrad(nearTwoValue, {
    [r.name]: nearTwoR,
    [c.name]: neg(mul(t, nearTwoR)),
    [alpha.name]: byAlphaEither,
  });

  const w = div(1, b);
  let sum: Expr = ONE;
  for (let k = SERIES_TERMS; k >= 1; k--) {
    sum = add(1, mul(mul(sub(mul(0.5, sigma), mul(k - 1, w)), div(x, k + 1)), sum));
  }
  const series = mul(halfX, sum);

  // atZero: ρ ≡ 0 at r = 0 for every α, so ∂ρ/∂α is 0 there even at α = 2.
  return atZero(
    r,
    select(
      eq(alpha, 2),
      atTwo,
      select(and(le(x, SERIES_MAX_X), le(u, SERIES_MAX_U)), series, select(isNearTwo, nearTwo, general)),
    ),
  );
}
