/**
 * Classification questions. Every answer is computed here, live, by
 * @losslab/core from the variant's numbers; the prose only explains them.
 */
import { evaluate, gradient } from '@losslab/core';
import { STANDARD_TOLERANCE } from './check';
import { seededRandom } from './random';
import { fmt } from './regression';
import type { Question, Tolerance } from './types';

/** Small ratios (focal's) need a relative tolerance only. */
const RELATIVE_ONLY: Tolerance = { abs: 1e-9, rel: 5e-3 };

/**
 * Core's softmax_ce has the true class first: the logits reordered so the
 * true class (1-based) comes first, the others after it in their order.
 */
export function trueClassFirst(
  logits: readonly number[],
  trueClass: number,
): { z1: number; z2: number; z3: number } {
  const others = logits.filter((_, k) => k !== trueClass - 1);
  return { z1: logits[trueClass - 1]!, z2: others[0]!, z3: others[1]! };
}

/** The other classes' numbers (1-based), in order. */
const otherClasses = (trueClass: number) => [1, 2, 3].filter((k) => k !== trueClass);

const ceProbabilities: Question = {
  id: 'ce-probabilities',
  topic: 'classification',
  title: 'Cross-entropy of a 3-class prediction',
  make(seed) {
    const random = seededRandom(seed);
    let percents = [70, 20, 10];
    let trueClass = 1;
    if (seed !== 0) {
      const a = random.int(5, 85);
      const b = random.int(5, 95 - a);
      percents = [a, b, 100 - a - b];
      trueClass = random.int(1, 3);
    }
    const probabilities = percents.map((p) => p / 100);
    // softmax(log p) = p when the p sum to 1: core's softmax_ce at logits log p is −log p_true.
    const logits = probabilities.map(Math.log);
    const value = evaluate('softmax_ce', trueClassFirst(logits, trueClass));
    const others = otherClasses(trueClass);
    return {
      data: { probabilities, trueClass },
      prompt: `A classifier outputs the probabilities [${probabilities.map((p) => fmt(p)).join(', ')}] for classes 1, 2 and 3. The true class is ${trueClass}. What is the cross-entropy loss (natural log)?`,
      parts: [{ kind: 'number', id: 'ce', label: 'Cross-entropy', value, tolerance: STANDARD_TOLERANCE }],
      worked: [
        `Cross-entropy keeps only the probability of the true class: −log p_${trueClass}.`,
        `−log ${fmt(probabilities[trueClass - 1]!)} = ${fmt(value)} (core's softmax_ce at the logits log p, true class first).`,
        `The other classes' split (${fmt(probabilities[others[0]! - 1]!)} and ${fmt(probabilities[others[1]! - 1]!)}) does not matter here; it does through the softmax's gradient.`,
      ],
      showMe: {
        view: 'heatmap',
        label: `Softmax CE over the true and one other logit, the third at log ${fmt(probabilities[others[1]! - 1]!)}`,
        loss: 'softmax_ce',
        x: { variable: 'z1', min: -5, max: 5, scale: 'linear' },
        y: { variable: 'z2', min: -5, max: 5, scale: 'linear' },
        params: { z3: logits[others[1]! - 1]!, smoothing: 0 },
      },
    };
  },
};

const ceLogits: Question = {
  id: 'ce-logits-gradient',
  topic: 'classification',
  title: 'Softmax cross-entropy and its gradient from logits',
  make(seed) {
    const random = seededRandom(seed);
    let logits = [2, 1, -1];
    let trueClass = 1;
    if (seed !== 0) {
      logits = [0, 0, 0].map(() => random.decimal(-3, 3, 1));
      trueClass = random.int(1, 3);
    }
    const vars = trueClassFirst(logits, trueClass);
    const value = evaluate('softmax_ce', vars);
    const g = gradient('softmax_ce', vars);
    const other = otherClasses(trueClass)[0]!;
    return {
      data: { logits, trueClass },
      prompt: `Logits z = [${logits.map((z) => fmt(z)).join(', ')}] for classes 1, 2, 3; the true class is ${trueClass}. What is the softmax cross-entropy, and its gradient with respect to the true class's logit z_${trueClass} and to z_${other}?`,
      parts: [
        { kind: 'number', id: 'ce', label: 'Cross-entropy', value, tolerance: STANDARD_TOLERANCE },
        {
          kind: 'number',
          id: 'dtrue',
          label: `∂L/∂z_${trueClass}`,
          value: g.z1!,
          tolerance: STANDARD_TOLERANCE,
        },
        {
          kind: 'number',
          id: 'dother',
          label: `∂L/∂z_${other}`,
          value: g.z2!,
          tolerance: STANDARD_TOLERANCE,
        },
      ],
      worked: [
        `L = log(e^z₁ + e^z₂ + e^z₃) − z_${trueClass} = ${fmt(value)} (core's softmax_ce, true class first).`,
        `∂L/∂z_k = softmax(z)_k − [k is the true class]: for the true class p − 1 = ${fmt(g.z1!)}, for class ${other} its probability ${fmt(g.z2!)} (core's gradient).`,
        `Gradient descent raises the true logit and lowers the others, each by its share of the mistake.`,
      ],
      showMe: {
        view: 'heatmap',
        label: `∂L/∂z_${trueClass} over the true logit and z_${other}`,
        loss: 'softmax_ce',
        x: { variable: 'z1', min: -5, max: 5, scale: 'linear' },
        y: { variable: 'z2', min: -5, max: 5, scale: 'linear' },
        params: { z3: vars.z3, smoothing: 0 },
        output: { partial: 'z1' },
      },
    };
  },
};

const focalRatio: Question = {
  id: 'focal-ratio',
  topic: 'classification',
  title: 'How much focal loss down-weights easy examples',
  make(seed) {
    const random = seededRandom(seed);
    let easy = 0.9;
    let hard = 0.5;
    let gamma = 2;
    if (seed !== 0) {
      easy = random.decimal(0.75, 0.98, 2);
      hard = random.decimal(0.2, 0.6, 2);
      gamma = random.pick([1, 2, 3, 5]);
    }
    const ratio = evaluate('focal', { pt: easy, gamma }) / evaluate('focal', { pt: hard, gamma });
    const plain = evaluate('focal', { pt: easy, gamma: 0 }) / evaluate('focal', { pt: hard, gamma: 0 });
    return {
      data: { easy, hard, gamma },
      prompt: `Focal loss −α(1 − p_t)^γ log p_t with γ = ${fmt(gamma)}: how large is the loss of an easy example (p_t = ${fmt(easy)}) relative to a hard one (p_t = ${fmt(hard)})? And the same ratio at γ = 0, which is plain cross-entropy?`,
      parts: [
        {
          kind: 'number',
          id: 'focal',
          label: `Ratio at γ = ${fmt(gamma)}`,
          value: ratio,
          tolerance: RELATIVE_ONLY,
        },
        { kind: 'number', id: 'ce', label: 'Ratio at γ = 0', value: plain, tolerance: RELATIVE_ONLY },
      ],
      worked: [
        `α cancels in the ratio. At γ = 0: log ${fmt(easy)} ÷ log ${fmt(hard)} = ${fmt(plain)}.`,
        `At γ = ${fmt(gamma)} each loss is also multiplied by (1 − p_t)^γ: the ratio becomes ${fmt(ratio)} (core's focal at both points).`,
        `Focal loss shrinks the easy example's share by a further ${fmt(plain / ratio, 3)}×, so training attends to the hard ones.`,
      ],
      showMe: {
        view: 'heatmap',
        label: 'Focal loss over p_t × γ (log colour scale)',
        loss: 'focal',
        x: { variable: 'pt', min: 0, max: 1, scale: 'linear' },
        y: { variable: 'gamma', min: 0, max: 5, scale: 'linear' },
        colorScale: 'log',
      },
    };
  },
};

const bceVsMse: Question = {
  id: 'bce-vs-mse-sigmoid',
  topic: 'classification',
  title: 'Why BCE fixes a confident mistake faster than MSE',
  make(seed) {
    const random = seededRandom(seed);
    let z = -4;
    let y = 1;
    if (seed !== 0) {
      y = random.pick([0, 1]);
      const size = random.decimal(2, 6, 1);
      z = y === 1 ? -size : size;
    }
    const bceSlope = gradient('bce_logits', { z, y }).z!;
    // p = σ(z) = exp(−bce_logits(z, 1)), and dp/dz = −p · ∂bce_logits(z, 1)/∂z = p(1 − p): all from core.
    const p = Math.exp(-evaluate('bce_logits', { z, y: 1 }));
    const dpdz = -p * gradient('bce_logits', { z, y: 1 }).z!;
    const mseSlope = gradient('mse_prob', { p, y }).p! * dpdz;
    return {
      data: { z, y },
      prompt: `A sigmoid output p = σ(z) with logit z = ${fmt(z)} (so p = ${fmt(p, 4)}) is confidently wrong: the label is y = ${y}. What gradient ∂L/∂z does binary cross-entropy give, and what does squared error (p − y)² give?`,
      parts: [
        { kind: 'number', id: 'bce', label: '∂BCE/∂z', value: bceSlope, tolerance: STANDARD_TOLERANCE },
        { kind: 'number', id: 'mse', label: '∂MSE/∂z', value: mseSlope, tolerance: STANDARD_TOLERANCE },
      ],
      worked: [
        `BCE on the logit: ∂L/∂z = p − y = ${fmt(bceSlope)} (core's gradient of bce_logits).`,
        `Squared error: ∂L/∂z = 2(p − y) · dp/dz, with dp/dz = p(1 − p) = ${fmt(dpdz)}: ${fmt(mseSlope)} (core's gradients of mse_prob and bce_logits, chained).`,
        `The sigmoid's slope p(1 − p) is tiny when the model is confident, and MSE's gradient inherits it: BCE's is ${fmt(bceSlope / mseSlope, 3)}× larger, so BCE corrects the mistake while MSE stalls.`,
      ],
      showMe: {
        view: 'curves',
        label: `BCE and squared error over p with y = ${y}, probed at this p`,
        family: 'probability',
        variable: 'p',
        losses: ['bce', 'mse_prob'],
        params: { bce: { y }, mse_prob: { y } },
        probe: p,
      },
    };
  },
};

const hingeMargin: Question = {
  id: 'hinge-margin',
  topic: 'classification',
  title: 'Hinge loss beyond the margin',
  make(seed) {
    const random = seededRandom(seed);
    let score = 1.5;
    let label = 1;
    if (seed !== 0) {
      label = random.pick([-1, 1]);
      score = random.decimal(-2.5, 2.5, 1);
    }
    const m = label * score;
    const value = evaluate('hinge', { m });
    const slope = gradient('hinge', { m }).m!;
    const options = ['Yes: zero loss and zero gradient', 'No: it still has a loss and a gradient'];
    return {
      data: { score, label },
      prompt: `An SVM scores an example f(x) = ${fmt(score)}; its label is y = ${label > 0 ? '+1' : '−1'}. What is the hinge loss max(0, 1 − m) at the margin m = y·f(x), and its gradient ∂L/∂m? Is the example beyond the margin, so that it no longer moves the weights?`,
      parts: [
        { kind: 'number', id: 'loss', label: 'Hinge loss', value, tolerance: STANDARD_TOLERANCE },
        { kind: 'number', id: 'slope', label: '∂L/∂m', value: slope, tolerance: STANDARD_TOLERANCE },
        {
          kind: 'choice',
          id: 'beyond',
          label: 'Beyond the margin?',
          options,
          correct: value === 0 && slope === 0 ? 0 : 1,
        },
      ],
      worked: [
        `m = y·f(x) = ${fmt(m)}.`,
        `Hinge: max(0, 1 − ${fmt(m)}) = ${fmt(value)}; slope ${fmt(slope)} (core: −1 below m = 1, 0 at and beyond it).`,
        value === 0
          ? 'Beyond the margin the loss and gradient are exactly zero: the example is ignored, which is why an SVM depends only on its support vectors.'
          : 'Inside the margin (or misclassified) the loss falls with slope −1 until m reaches 1.',
      ],
      showMe: {
        view: 'curves',
        label: 'Hinge and logistic loss over the margin, probed at m',
        family: 'margin',
        variable: 'm',
        losses: ['hinge', 'logistic'],
        probe: m,
      },
    };
  },
};

const logisticNeverZero: Question = {
  id: 'logistic-margin',
  topic: 'classification',
  title: 'Logistic loss never reaches zero',
  make(seed) {
    const random = seededRandom(seed);
    let m = 3;
    if (seed !== 0) m = random.decimal(1.2, 3, 1);
    const value = evaluate('logistic', { m });
    const slope = gradient('logistic', { m }).m!;
    const hinge = evaluate('hinge', { m });
    return {
      data: { m },
      prompt: `A correctly classified example has margin m = ${fmt(m)}, beyond hinge loss's margin of 1. What are the logistic loss log(1 + e^(−m)) and its gradient ∂L/∂m there?`,
      parts: [
        { kind: 'number', id: 'loss', label: 'Logistic loss', value, tolerance: STANDARD_TOLERANCE },
        { kind: 'number', id: 'slope', label: '∂L/∂m', value: slope, tolerance: STANDARD_TOLERANCE },
      ],
      worked: [
        `log(1 + e^(−${fmt(m)})) = ${fmt(value)} (core's logistic).`,
        `∂L/∂m = −1/(1 + e^m) = ${fmt(slope)}: small, never zero.`,
        `Hinge loss there is ${fmt(hinge)}: logistic regression keeps pushing confident examples further out; the SVM stops at the margin.`,
      ],
      showMe: {
        view: 'curves',
        label: 'Logistic and hinge loss, probed at this margin',
        family: 'margin',
        variable: 'm',
        losses: ['hinge', 'logistic'],
        probe: m,
      },
    };
  },
};

const bceValue: Question = {
  id: 'bce-value',
  topic: 'classification',
  title: 'Binary cross-entropy, right and wrong',
  make(seed) {
    const random = seededRandom(seed);
    let p = 0.9;
    let y = 1;
    if (seed !== 0) {
      p = random.decimal(0.55, 0.99, 2);
      y = random.pick([0, 1]);
    }
    const value = evaluate('bce', { p, y });
    const flipped = evaluate('bce', { p, y: 1 - y });
    return {
      data: { p, y },
      prompt: `A binary classifier predicts p = ${fmt(p)} for the positive class. What is the binary cross-entropy if the label is y = ${y}? And if the label were y = ${1 - y}?`,
      parts: [
        { kind: 'number', id: 'bce', label: `BCE with y = ${y}`, value, tolerance: STANDARD_TOLERANCE },
        {
          kind: 'number',
          id: 'flipped',
          label: `BCE with y = ${1 - y}`,
          value: flipped,
          tolerance: STANDARD_TOLERANCE,
        },
      ],
      worked: [
        `BCE = −[y log p + (1 − y) log(1 − p)]: only one term survives for a hard label.`,
        `y = ${y}: −log ${fmt(y === 1 ? p : 1 - p)} = ${fmt(value)}; y = ${1 - y}: −log ${fmt(y === 1 ? 1 - p : p)} = ${fmt(flipped)} (core's bce).`,
        `The more confident the prediction, the cheaper it is when right and the dearer when wrong: here ${fmt(Math.max(value, flipped) / Math.min(value, flipped), 3)}× apart.`,
      ],
      showMe: {
        view: 'heatmap',
        label: 'BCE over p × y',
        loss: 'bce',
        x: { variable: 'p', min: 0, max: 1, scale: 'linear' },
        y: { variable: 'y', min: 0, max: 1, scale: 'linear' },
      },
    };
  },
};

export const CLASSIFICATION_QUESTIONS: readonly Question[] = [
  ceProbabilities,
  ceLogits,
  focalRatio,
  bceVsMse,
  hingeMargin,
  logisticNeverZero,
  bceValue,
];
