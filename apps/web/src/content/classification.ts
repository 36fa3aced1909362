import type { LossProse } from './types';

/** Binary classification: margin form (m = y·f(x), y ∈ {−1, +1}) and probability/logit form. */
export const classificationProse: Readonly<Record<string, LossProse>> = {
  zero_one: {
    assumes:
      'Only the sign of the margin matters: a mistake (m ≤ 0, ties included) costs 1, a correct answer 0.',
    whenToUse:
      'As the metric you report (error rate), and as the yardstick the other margin losses are surrogates for. Not for training.',
    pitfalls: [
      'Its gradient is 0 everywhere (the catalog’s convention at the step), so gradient descent cannot learn from it.',
      'Minimising it directly is NP-hard in general; convex surrogates such as hinge and logistic upper-bound it.',
    ],
  },
  hinge: {
    assumes:
      'Only a margin of at least 1 is good enough; beyond it a sample costs nothing, no matter how confident.',
    whenToUse:
      'Support vector machines and max-margin linear classifiers; it gives sparse solutions (only margin violators matter).',
    pitfalls: [
      'Scores from a hinge-trained model are not probabilities; calibrate them (Platt scaling) if you need those.',
      'Kink at m = 1: the gradient jumps from −1 to 0 there.',
    ],
  },
  squared_hinge: {
    assumes: 'Like the hinge, but margin violations cost quadratically.',
    whenToUse:
      'When you want the hinge’s flat region but a differentiable loss; it is scikit-learn’s LinearSVC default (loss="squared_hinge").',
    pitfalls: [
      'Badly misclassified or mislabelled points weigh quadratically, so it is less robust than the plain hinge.',
      'Differentiable, but its second derivative jumps at m = 1.',
    ],
  },
  logistic: {
    assumes:
      'A logistic model for P(y | x): log(1 + e^(−m)) is its negative log-likelihood with labels ±1. It equals bce_logits with y ∈ {0, 1} and m = (2y − 1)·z.',
    whenToUse: 'Logistic regression and any binary classifier that should produce calibrated probabilities.',
    pitfalls: [
      'log(1 + exp(−m)) computed literally overflows for m below about −710; use softplus(−m) (losslab does).',
      'It never reaches 0, so on separable data an unregularised model grows its weights forever.',
    ],
  },
  exponential: {
    assumes: 'e^(−m), whose minimiser is half the log-odds: the loss behind AdaBoost.',
    whenToUse:
      'Boosting analyses and as a contrast: it shows what an unbounded, fast-growing penalty does to mislabelled points.',
    pitfalls: [
      'Very sensitive to label noise: a mislabelled point with margin −10 costs e^10 ≈ 22 000.',
      'Overflows to +∞ for m below about −709.8 (f64).',
    ],
  },
  modified_huber: {
    assumes:
      'A smoothed hinge: quadratic max(0, 1 − m)² for m ≥ −1 and linear −4m below, so it is both differentiable and linear in the tail.',
    whenToUse:
      'A robust, smooth margin loss that still gives probability estimates; scikit-learn’s SGDClassifier(loss="modified_huber") supports predict_proba with it.',
    pitfalls: [
      'The two pieces meet at m = −1 with matching value (4) and slope (−4), so there is no kink; but the curvature drops from 2 to 0 there.',
    ],
  },
  bce: {
    assumes:
      'The model outputs a probability p of the positive class and the (possibly soft) target is y ∈ [0, 1]: Bernoulli negative log-likelihood.',
    whenToUse:
      'Binary or multi-label classification when you really have probabilities. If your network produces logits, use bce_logits instead.',
    pitfalls: [
      'PyTorch’s BCELoss clamps each log term at −100, so the loss saturates at 100 per sample and the gradient stays finite at p = 0 or 1. The true value, which losslab shows, is +∞ at p = 0 with y = 1.',
      'Feeding it sigmoid(z) is numerically poor: sigmoid rounds to exactly 0 or 1 for |z| above ~17 (f32) and the log then blows up. bce_logits avoids that.',
      'With a soft target the minimum (at p = y) is the entropy of y, not 0.',
    ],
  },
  bce_logits: {
    assumes: 'The same Bernoulli likelihood as bce, written in the logit z: softplus(z) − y·z.',
    whenToUse:
      'The numerically safe default for binary and multi-label classification (PyTorch BCEWithLogitsLoss).',
    pitfalls: [
      'The value at z = −30 with y = 0 is about 9.4e-14, not 0; naive f32 kernels (PyTorch’s included) return 0 there, so very confident correct predictions lose their gradient.',
      'For hard labels there is no finite minimiser: the loss decreases forever as z → ±∞. For a soft label the minimum is at z = logit(y).',
      'Class imbalance: PyTorch’s pos_weight multiplies only the y·log σ(z) term; it is not in this per-sample definition.',
    ],
  },
  mse_prob: {
    assumes:
      'The squared error between a probability and its label: the (per-sample) Brier score, a proper scoring rule.',
    whenToUse:
      'Evaluating calibration, or training when a bounded loss is preferred to the unbounded log loss.',
    pitfalls: [
      'Through a sigmoid its gradient 2(p − y)·p(1 − p) vanishes for confidently wrong predictions, so learning stalls exactly where it is needed.',
      'Bounded by 1: it punishes confident mistakes far less than bce does.',
    ],
  },
  focal: {
    assumes:
      'Cross-entropy on the true-class probability pt, multiplied by (1 − pt)^γ so that easy, well-classified samples contribute little; α is a constant weight.',
    whenToUse:
      'Dense detection and other problems with a flood of easy negatives (RetinaNet used γ = 2, α = 0.25). γ = 0 with α = 1 is plain cross-entropy.',
    pitfalls: [
      'In this pt form α is a single constant; in RetinaNet (and focal_logits) α weights positives and 1 − α negatives. α = 0.25 down-weights the rare positives, which works only together with γ.',
      'For 0 < γ < 1 the derivative of (1 − pt)^γ is infinite at pt = 1.',
      'At γ = 0 and pt = 1 the factor is 0^0, taken as 1.',
    ],
  },
  focal_logits: {
    assumes:
      'torchvision’s sigmoid_focal_loss: from a logit z and label y, pt and αt interpolate between the classes, and the loss is αt·(1 − pt)^γ·bce_logits(z, y).',
    whenToUse:
      'Focal loss for detection heads that output logits; numerically safer than applying focal to sigmoid(z).',
    pitfalls: [
      'torchvision disables the α weighting with alpha < 0; here α is restricted to [0, 1], and α = 0.5 weights both classes by ½ (halving the loss) rather than disabling it.',
      'RetinaNet normalises the summed loss by the number of positive anchors, not by the number of anchors; the per-sample value here has no normalisation.',
    ],
  },
  poly1: {
    assumes: 'Cross-entropy plus ε times its first Taylor term: −log pt + ε(1 − pt) (Leng et al., PolyLoss).',
    whenToUse:
      'A one-parameter drop-in for cross-entropy; ε = 1 helped on ImageNet classification in the paper, ε < 0 on some detection tasks.',
    pitfalls: [
      'ε > 0 adds a constant −ε to the gradient in pt, so already-confident predictions keep getting pushed.',
      'ε = −1 cancels the leading polynomial term of cross-entropy; below −1 the loss stops being monotone in pt.',
    ],
  },
};
