import type { LossProse } from './types';

/** Regression losses, written in the residual r = ŷ − y. */
export const regressionProse: Readonly<Record<string, LossProse>> = {
  mse: {
    assumes:
      'Additive Gaussian noise of constant variance: minimising r² is maximum likelihood for that model, and the minimiser over a sample is the mean.',
    whenToUse:
      'The default for regression when errors are roughly symmetric and thin-tailed. Its gradient 2r shrinks as the fit improves, which suits plain gradient descent.',
    pitfalls: [
      'Outliers dominate: one residual of 100 weighs as much as ten thousand residuals of 1.',
      'The catalog uses r², so the gradient is 2r. Many texts (and some code) use ½r² to make the gradient r; learning rates do not transfer between the two.',
      'Squaring overflows for |r| above about 1.3e154 in f64 and 1.8e19 in f32; the value is then +∞, not an error.',
    ],
  },
  mae: {
    assumes: 'Laplace (double-exponential) noise; the minimiser over a sample is the median, not the mean.',
    whenToUse:
      'When outliers should count linearly, or when the median is the prediction you want (for example skewed targets where the mean is pulled by a long tail).',
    pitfalls: [
      'The gradient is ±1 whatever the residual, so it does not shrink near the optimum: with a fixed learning rate the fit keeps oscillating. Decay the rate or switch to Huber.',
      'At r = 0 the derivative does not exist; losslab (like PyTorch) uses the subgradient 0 there.',
    ],
  },
  huber: {
    assumes:
      'Mostly Gaussian noise with a fraction of gross errors. Huber showed it is the minimax-optimal loss for that contamination model.',
    whenToUse:
      'Regression with occasional outliers: quadratic (mean-like) for |r| ≤ δ, linear (median-like) beyond. Choose δ in units of the residual: about 1.345 noise standard deviations keeps 95% of the efficiency of least squares on clean Gaussian data.',
    pitfalls: [
      'Huber and SmoothL1 are not the same function: huber_δ(r) = δ · smooth_l1_β=δ(r). In PyTorch, HuberLoss(delta) equals delta × SmoothL1Loss(beta=delta); they agree only at δ = β = 1.',
      'Outside the threshold Huber’s gradient is ±δ, SmoothL1’s is ±1: swapping one for the other silently rescales the effective learning rate by δ.',
      'δ is absolute, not relative: if the targets are rescaled (say, from metres to millimetres), δ must be rescaled too.',
    ],
  },
  smooth_l1: {
    assumes:
      'Like Huber: Gaussian near zero, heavy tails beyond β. It is Huber divided by β, so its tails have slope exactly 1.',
    whenToUse:
      'Bounding-box regression (Fast R-CNN popularised it) and wherever you want L1’s unit-slope tails with a smooth minimum of width β.',
    pitfalls: [
      'It is PyTorch’s SmoothL1Loss: ½r²/β inside, |r| − ½β outside. Huber’s δ multiplies this whole function; the two coincide only at β = δ = 1.',
      'A large β makes the quadratic zone very flat (curvature 1/β), so small residuals barely move the model.',
      'β → 0 gives plain L1; PyTorch treats beta = 0 as exactly L1.',
    ],
  },
  pseudo_huber: {
    assumes:
      'Like Huber, but with every derivative continuous: δ²(√(1 + (r/δ)²) − 1) is ≈ ½r² for |r| ≪ δ and ≈ δ|r| for |r| ≫ δ.',
    whenToUse:
      'When a second-order optimiser or a smooth Hessian matters (Huber’s second derivative jumps at ±δ). Also known as the Charbonnier loss in image restoration.',
    pitfalls: [
      'δ is not a sharp threshold: the change from quadratic to linear is spread over several δ, so the same δ as Huber gives a softer loss.',
      'Written naively, √(1 + x²) − 1 cancels to 0 for tiny x; losslab evaluates it without the cancellation.',
    ],
  },
  log_cosh: {
    assumes:
      'Gaussian-like near zero and Laplace-like in the tails: log cosh r ≈ ½r² for small r and |r| − log 2 for large r. Its gradient tanh r is bounded by 1.',
    whenToUse:
      'A smooth, parameter-free alternative to Huber when the residual scale is around 1 (or has been normalised to be).',
    pitfalls: [
      'There is no scale parameter: the transition sits at |r| ≈ 1 in the units of r. Rescale targets, or use pseudo-Huber whose δ you can set.',
      'cosh overflows beyond |r| ≈ 710 (f64) or 89 (f32), so log(cosh r) computed literally becomes +∞ although the loss is finite; losslab uses a stable form.',
    ],
  },
  quantile: {
    assumes:
      'No noise model: minimising the pinball loss over a sample gives the τ-quantile of the target. With r = ŷ − y, the loss is max(−τr, (1 − τ)r).',
    whenToUse:
      'Prediction intervals and asymmetric costs. τ = 0.9 makes under-prediction (r < 0) cost 9× as much as over-prediction, so the model learns the 90th percentile. τ = 0.5 is half the absolute error.',
    pitfalls: [
      'Sign convention: textbooks write ρ_τ(u) = u(τ − 1[u < 0]) with u = y − ŷ, the negative of losslab’s r. Plugging r = ŷ − y into that textbook formula trains the (1 − τ) quantile instead.',
      'Quantile models trained separately can cross (the 90% prediction below the 80% one); enforce monotonicity if you need a valid interval.',
      'Like MAE its gradient does not shrink near the optimum (it is −τ or 1 − τ); the subgradient at r = 0 is taken as 0.',
    ],
  },
  epsilon_insensitive: {
    assumes:
      'Errors smaller than ε are acceptable noise and cost nothing; beyond the tube, errors cost linearly.',
    whenToUse:
      'Support vector regression (Vapnik): the flat tube makes the solution depend only on the points outside it (the support vectors).',
    pitfalls: [
      'Inside the tube the gradient is zero: a model can stop improving although every residual is ε-sized. Pick ε from the noise level you are willing to ignore.',
      'ε is in the units of the target, so it must change when the target is rescaled.',
    ],
  },
  cauchy: {
    assumes:
      'Cauchy (Lorentzian) noise, whose heavy tails make gross errors likely: ½c² log(1 + (r/c)²) is that distribution’s negative log-likelihood up to constants.',
    whenToUse:
      'Fitting with many outliers (robust estimation in vision, e.g. bundle adjustment). The influence r/(1 + (r/c)²) peaks at |r| = c and then decays: far outliers are progressively ignored.',
    pitfalls: [
      'Not convex beyond |r| = c: gradient descent from a poor start can settle in a bad local minimum. Initialise from an L2 or Huber fit.',
      'c sets the scale of what counts as an outlier; estimate it from a robust spread measure (such as the MAD) of the residuals.',
    ],
  },
  tukey: {
    assumes:
      'Residuals beyond c are gross errors with no information at all: Tukey’s biweight is constant (c²/6) there, so their gradient is exactly zero.',
    whenToUse:
      'Hard outlier rejection in M-estimation. c = 4.685 (in units of the noise standard deviation) keeps 95% efficiency on clean Gaussian data.',
    pitfalls: [
      'Non-convex, with flat regions: a point that starts beyond c never pulls the model back. Start from a Huber or L1 fit.',
      'c is in units of the residual, so residuals must be standardised by a robust scale estimate first; with a wrong scale it either rejects everything or nothing.',
    ],
  },
  general_robust: {
    assumes:
      'Barron’s family ρ(r, α, c): one shape parameter α moves through the classic robust losses — α = 2 is L2 (½(r/c)²), α = 1 is pseudo-Huber/Charbonnier, α = 0 is Cauchy-like log(½(r/c)² + 1), α = −2 is Geman–McClure, and α → −∞ tends to Welsch.',
    whenToUse:
      'When you do not know how heavy-tailed the residuals are: sweep α to compare the classical choices, or (with the normalised likelihood) learn it.',
    pitfalls: [
      'The formula has removable singularities at α = 0 and α = 2; evaluating it literally near those values loses all precision. losslab evaluates the limits and their neighbourhoods accurately.',
      'Learning α by minimising ρ itself is degenerate: smaller α always gives a smaller loss. Barron’s adaptive loss adds the log partition function log Z(α) for this reason.',
      'c is the scale of the quadratic bowl, in units of r, as with Huber’s δ.',
    ],
  },
  gaussian_nll: {
    assumes:
      'Gaussian noise with a variance the model predicts per sample (heteroscedastic regression): ½(log var + r²/var), the negative log-likelihood without the constant ½ log 2π.',
    whenToUse:
      'When the model should say how uncertain it is, for example mean–variance networks and deep ensembles.',
    pitfalls: [
      'Shrinking var on a point with r = 0 drives the loss to −∞; PyTorch’s GaussianNLLLoss clamps var below at eps = 1e-6 and omits ½ log 2π unless full = True.',
      'The gradient in the mean is r/var, so the model can "give up" on hard points by inflating their variance; β-NLL (Seitzer et al., 2022) reweights against that.',
      'Predict log var (or use a softplus) so the variance stays positive.',
    ],
  },
  poisson_nll: {
    assumes:
      'Count data with Poisson noise; the model outputs the log rate z. exp(z) − y·z is the negative log-likelihood without the log(y!) term.',
    whenToUse: 'Counts (events, photons, visits) whose variance grows with their mean.',
    pitfalls: [
      'PyTorch’s PoissonNLLLoss defaults to log_input = True, which is this loss; with log_input = False the input is the rate itself and the loss becomes rate − y·log(rate + eps).',
      'At y = 0 the loss exp(z) has no minimum: it keeps pushing z towards −∞.',
      'exp(z) overflows at z ≈ 709.8 in f64 and 88.7 in f32; losslab returns +∞ there rather than NaN.',
    ],
  },
};
