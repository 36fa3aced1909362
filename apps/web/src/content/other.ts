import type { LossProse } from './types';

/** Multi-class, distribution, embedding, segmentation and adversarial losses. */
export const otherProse: Readonly<Record<string, LossProse>> = {
  softmax_ce: {
    assumes:
      'A categorical distribution from softmax(z) over three classes (class 1 is the true one), with the target smoothed to q = (1 − s)·onehot + s/3.',
    whenToUse:
      'Multi-class classification from logits. Label smoothing s discourages over-confident logits and often improves calibration.',
    pitfalls: [
      'Compute it as logsumexp(z) − Σ qₖzₖ: taking log(softmax(z)) underflows to −∞ when one logit dominates by more than ~745 (f64) or ~104 (f32).',
      'PyTorch’s label_smoothing uses the same q (s/K to every class, the true one included); some code gives s/(K − 1) to the wrong classes only, which is a different target.',
      'With s > 0 the minimum is not 0: the loss bottoms out at the entropy of q, at a finite logit gap.',
    ],
  },
  multiclass_hinge: {
    assumes: 'Weston–Watkins multi-class SVM: every wrong class j pays max(0, 1 + zⱼ − z₁).',
    whenToUse: 'Max-margin multi-class classification when you want every violating class corrected at once.',
    pitfalls: [
      'PyTorch’s MultiMarginLoss divides this sum by the number of classes, so its value is a third of losslab’s for three classes.',
      'Scores are not probabilities.',
    ],
  },
  crammer_singer: {
    assumes:
      'Crammer–Singer multi-class SVM: only the most competitive wrong class counts, max(0, 1 + max(z₂, z₃) − z₁).',
    whenToUse:
      'Max-margin multi-class learning with a single hinge per sample; a tighter surrogate for the 0–1 loss than Weston–Watkins.',
    pitfalls: [
      'Only one wrong class receives gradient per step; when z₂ = z₃ the catalog splits the gradient evenly between them.',
    ],
  },
  kl_bernoulli: {
    assumes: 'KL(Bern(p) ‖ Bern(q)): the information lost when a target distribution p is approximated by q.',
    whenToUse:
      'Distillation and variational objectives with binary variables; sweeping p × q shows how asymmetric KL is.',
    pitfalls: [
      'Order matters: KL(p ‖ q) ≠ KL(q ‖ p). PyTorch’s kl_div(input, target) takes log q as input and computes KL(target ‖ q).',
      'It is +∞ where q = 0 (or 1) but p is not, and 0·log 0 counts as 0: p = 0 costs only −log(1 − q).',
      'In f32, p·log(p/q) for p around 1e-12 loses most digits if computed as p·(log p − log q) carelessly.',
    ],
  },
  js_bernoulli: {
    assumes:
      'The Jensen–Shannon divergence: the average KL of p and q to their mixture m = (p + q)/2. Symmetric and bounded by log 2.',
    whenToUse:
      'Comparing two distributions symmetrically; it is the divergence the original GAN objective minimises at the optimal discriminator.',
    pitfalls: [
      'It saturates at log 2 when p and q are disjoint, so its gradient vanishes exactly when the distributions are far apart.',
      'Its square root is a metric; the divergence itself does not satisfy the triangle inequality.',
    ],
  },
  kl_gaussian: {
    assumes:
      'KL(N(μ, σ²) ‖ N(0, 1)) = ½(μ² + σ² − 1) − log σ: the regulariser of a VAE with a standard normal prior, per latent dimension.',
    whenToUse:
      'Variational autoencoders and other amortised variational inference with diagonal Gaussian posteriors.',
    pitfalls: [
      'Networks usually output log σ² (logvar), and the same term reads −½(1 + logvar − μ² − e^logvar); mixing the two parameterisations off by a factor 2 is a classic bug.',
      'If it wins against the reconstruction term the posterior collapses onto the prior (μ = 0, σ = 1) and the latent is ignored; KL annealing or a β weight helps.',
    ],
  },
  contrastive: {
    assumes:
      'Pairs with a distance d in embedding space and a similarity label: y = 1 pulls a similar pair together (½d²), y = 0 pushes a dissimilar pair out to the margin (½ max(0, margin − d)²).',
    whenToUse: 'Siamese networks and metric learning from labelled pairs.',
    pitfalls: [
      'Label conventions differ: Hadsell, Chopra and LeCun’s paper uses Y = 0 for similar pairs, the opposite of this catalog (and of many libraries). Check which one your code uses.',
      'd is a distance, not a squared distance; and the gradient of the Euclidean norm is undefined when two embeddings coincide.',
    ],
  },
  triplet: {
    assumes:
      'An anchor should be closer to a positive than to a negative by a margin: max(0, d_ap − d_an + margin).',
    whenToUse: 'Face recognition and retrieval embeddings (FaceNet) trained from triplets.',
    pitfalls: [
      'Most random triplets already satisfy the margin and give zero gradient: training needs hard or semi-hard negative mining.',
      'FaceNet used squared distances, PyTorch’s TripletMarginLoss uses plain p-norm distances; the margin means different things in the two.',
      'Collapsing every embedding to one point gives a loss of exactly the margin, a tempting trap early in training.',
    ],
  },
  cosine_embedding: {
    assumes:
      'Similarity measured by the cosine of two embeddings: y = 1 wants cos = 1; y = −1 wants cos below the margin.',
    whenToUse:
      'Learning embeddings where the direction matters and the length does not (PyTorch CosineEmbeddingLoss).',
    pitfalls: [
      'Labels are −1 and 1, not 0 and 1: y is a discrete variable here and has no partial derivative.',
      'PyTorch suggests a margin between 0 and 0.5; a negative margin asks dissimilar pairs to point in opposite directions.',
    ],
  },
  dice: {
    assumes:
      'Soft overlap of a predicted and a true region, written in precision P and recall R: 1 − 2PR/(P + R), i.e. one minus the F1 score.',
    whenToUse:
      'Segmentation with a small foreground, where per-pixel cross-entropy is swamped by the background.',
    pitfalls: [
      'Empty masks make P or R undefined; implementations add a smoothing constant to numerator and denominator, which changes the loss for small regions.',
      'Averaging per image and pooling over the batch give different losses and different gradients.',
      'Its gradient becomes large and erratic for tiny structures; it is often combined with cross-entropy.',
    ],
  },
  jaccard: {
    assumes: 'One minus the intersection over union, in precision and recall: 1 − PR/(P + R − PR).',
    whenToUse: 'When IoU is the metric you report; the Lovász hinge and softmax optimise it more directly.',
    pitfalls: [
      'IoU and Dice are monotone functions of each other (J = D/(2 − D)), so they rank predictions identically but weight errors differently along the way.',
    ],
  },
  tversky: {
    assumes:
      'A Dice generalisation that weights false positives by α and false negatives by β: 1/P − 1 = FP/TP and 1/R − 1 = FN/TP, so the index is TP/(TP + α·FP + β·FN).',
    whenToUse:
      'Segmentation where missing the structure is worse than over-segmenting it: β > α favours recall (Salehi et al. used α = 0.3, β = 0.7).',
    pitfalls: [
      'Implementations disagree on which of α and β goes with false positives; check yours before copying numbers from a paper.',
      'α = β = ½ gives Dice and α = β = 1 gives Jaccard.',
    ],
  },
  gan_minimax: {
    assumes:
      'The generator’s side of the original GAN game: minimise log(1 − d), with d = D(G(z)) the discriminator’s probability that a fake is real.',
    whenToUse: 'To see why it is rarely used: it is the loss the minimax theory is written for.',
    pitfalls: [
      'It saturates: early in training the discriminator rejects fakes (d ≈ 0), where log(1 − d) is flat and, through the discriminator’s sigmoid, the generator’s gradient vanishes.',
      'At d = 1 the value is −∞ (log 0), where its gradient is undefined.',
    ],
  },
  gan_nonsaturating: {
    assumes:
      'The heuristic generator loss −log d: the same fixed point as the minimax game, but steep where d is small.',
    whenToUse: 'The standard choice for the generator in a classic GAN.',
    pitfalls: [
      'It is +∞ at d = 0 and can give very large gradients when the discriminator is confident; it no longer minimises the Jensen–Shannon divergence exactly and can favour mode dropping.',
    ],
  },
};
