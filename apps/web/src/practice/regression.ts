/**
 * Regression questions. Every answer is computed here, live, by
 * @losslab/core from the variant's numbers; the prose only explains them.
 */
import { evaluate, evaluateBatch, gradient, reduce } from '@losslab/core';
import { formatNumber } from '../lib/format';
import { STANDARD_TOLERANCE } from './check';
import { type Random, seededRandom } from './random';
import type { Question } from './types';

/** Numbers in prompts and workings: five significant digits, the true minus sign. */
export const fmt = (x: number, digits = 5): string => formatNumber(x, digits);
const list = (xs: readonly number[]) => xs.map((x) => fmt(x)).join(', ');

/** A sum or difference of short decimals without binary noise (4.2 − 3 is 1.2, not 1.2000000000000002). */
export const clean = (x: number): number => Number(x.toPrecision(12));

/** The residual r = ŷ − y. */
export const residual = (prediction: number, target: number): number => clean(prediction - target);

/** Mean of a loss over residuals: core's batch evaluation, then core's reduction. */
export function meanLoss(id: string, residuals: readonly number[]): number {
  const values = evaluateBatch(id, { r: Float64Array.from(residuals) });
  return reduce(values, 'mean') as number;
}

/** A plotting range for r that shows every residual (the catalog's −3 … 3 when they fit). */
function rangeFor(residuals: readonly number[]): [number, number] {
  const reach = Math.max(3, ...residuals.map((r) => Math.ceil(Math.abs(r) + 0.5)));
  return [-reach, reach];
}

/** A nonzero residual in [−max, max] with one decimal. */
function someResidual(random: Random, max: number): number {
  let r = 0;
  while (r === 0) r = random.decimal(-max, max, 1);
  return r;
}

const mseMean: Question = {
  id: 'mse-mean',
  topic: 'regression',
  title: 'MSE of a small batch',
  make(seed) {
    const random = seededRandom(seed);
    let predictions = [2.0, 5.0, 1.0];
    let targets = [2.0, 3.0, 1.0];
    if (seed !== 0) {
      const n = random.int(3, 4);
      targets = Array.from({ length: n }, () => random.decimal(0, 5, 1));
      predictions = targets.map((t) => clean(t + random.decimal(-2.5, 2.5, 1)));
    }
    const residuals = predictions.map((p, k) => residual(p, targets[k]!));
    const perSample = Array.from(evaluateBatch('mse', { r: Float64Array.from(residuals) }));
    const mean = meanLoss('mse', residuals);
    const largest = residuals.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
    return {
      data: { predictions, targets },
      prompt: `A model predicts ŷ = [${list(predictions)}] for targets y = [${list(targets)}]. What is the mean squared error over these ${predictions.length} samples?`,
      parts: [{ kind: 'number', id: 'mse', label: 'MSE', value: mean, tolerance: STANDARD_TOLERANCE }],
      worked: [
        `Residuals r = ŷ − y: ${list(residuals)}.`,
        `Squared (core's mse per sample): ${list(perSample)}.`,
        `Mean (core's reduce, 'mean'): (${perSample.map((v) => fmt(v)).join(' + ')}) / ${perSample.length} = ${fmt(mean)}.`,
        `Squaring makes the largest residual (${fmt(largest)}) dominate the average.`,
      ],
      showMe: {
        view: 'curves',
        label: 'MSE over r, probed at the largest residual',
        family: 'regression',
        variable: 'r',
        losses: ['mse'],
        range: rangeFor(residuals),
        probe: largest,
      },
    };
  },
};

const msePoint: Question = {
  id: 'mse-point',
  topic: 'regression',
  title: 'MSE and its gradient at one prediction',
  make(seed) {
    const random = seededRandom(seed);
    let target = 3.0;
    let prediction = 4.2;
    if (seed !== 0) {
      target = random.decimal(0, 5, 1);
      prediction = clean(target + someResidual(random, 2.5));
    }
    const r = residual(prediction, target);
    const value = evaluate('mse', { r });
    const slope = gradient('mse', { r }).r!;
    return {
      data: { prediction, target },
      prompt: `One sample: the model predicts ŷ = ${fmt(prediction)}, the target is y = ${fmt(target)}. What is its squared error, and the gradient ∂L/∂ŷ that backpropagation starts from?`,
      parts: [
        { kind: 'number', id: 'value', label: 'Squared error L', value, tolerance: STANDARD_TOLERANCE },
        { kind: 'number', id: 'slope', label: '∂L/∂ŷ', value: slope, tolerance: STANDARD_TOLERANCE },
      ],
      worked: [
        `r = ŷ − y = ${fmt(prediction)} − ${fmt(target)} = ${fmt(r)}.`,
        `L = r² = ${fmt(value)} (core's mse).`,
        `∂L/∂ŷ = ∂L/∂r · ∂r/∂ŷ = 2r · 1 = ${fmt(slope)} (core's gradient of mse).`,
        `The gradient is proportional to the error: twice as far off, twice the push.`,
      ],
      showMe: {
        view: 'curves',
        label: 'MSE and its derivative, probed at this residual',
        family: 'regression',
        variable: 'r',
        losses: ['mse'],
        range: rangeFor([r]),
        probe: r,
      },
    };
  },
};

const huberValues: Question = {
  id: 'huber-values',
  topic: 'regression',
  title: 'Huber against MSE at three residuals',
  make(seed) {
    const random = seededRandom(seed);
    let delta = 1;
    let rs = [0.5, 2, 5];
    if (seed !== 0) {
      delta = random.pick([0.5, 1, 1.5, 2]);
      rs = [
        random.decimal(0.1, delta * 0.9, 2),
        random.decimal(delta * 1.2, delta * 2.5, 1),
        random.decimal(Math.max(3 * delta, 4), 8, 1),
      ];
    }
    const huber = rs.map((r) => evaluate('huber', { r, delta }));
    const mse = rs.map((r) => evaluate('mse', { r }));
    const far = rs[2]!;
    const ratio = mse[2]! / huber[2]!;
    return {
      data: { delta, residuals: rs },
      prompt: `Huber loss with δ = ${fmt(delta)}: what is it at residuals r = ${list(rs)}? And at r = ${fmt(far)}, how many times larger is MSE (r²) than Huber?`,
      parts: [
        ...rs.map((r, k) => ({
          kind: 'number' as const,
          id: `huber${k + 1}`,
          label: `Huber at r = ${fmt(r)}`,
          value: huber[k]!,
          tolerance: STANDARD_TOLERANCE,
        })),
        {
          kind: 'number',
          id: 'ratio',
          label: `MSE ÷ Huber at r = ${fmt(far)}`,
          value: ratio,
          tolerance: STANDARD_TOLERANCE,
        },
      ],
      worked: [
        `Huber is ½r² for |r| ≤ δ and δ(|r| − ½δ) beyond.`,
        ...rs.map(
          (r, k) =>
            `r = ${fmt(r)}: ${Math.abs(r) <= delta ? `½·${fmt(r)}²` : `${fmt(delta)}·(${fmt(Math.abs(r))} − ${fmt(delta / 2)})`} = ${fmt(huber[k]!)}; MSE there is ${fmt(mse[k]!)}.`,
        ),
        `At r = ${fmt(far)}: ${fmt(mse[2]!)} ÷ ${fmt(huber[2]!)} = ${fmt(ratio)}. Inside ±δ Huber is exactly half of MSE; outside it grows linearly, so a far outlier costs it much less.`,
      ],
      showMe: {
        view: 'curves',
        label: 'MSE (drawn as ½r²) and Huber with this δ',
        family: 'regression',
        variable: 'r',
        losses: ['mse', 'huber'],
        params: { huber: { delta } },
        range: rangeFor(rs),
        probe: far,
        halfMse: true,
      },
    };
  },
};

const outlierPull: Question = {
  id: 'outlier-pull',
  topic: 'regression',
  title: 'How hard an outlier pulls: MSE vs Huber',
  make(seed) {
    const random = seededRandom(seed);
    let delta = 1;
    let r = 5;
    if (seed !== 0) {
      delta = random.pick([0.5, 1, 2]);
      r = random.decimal(3 * delta, 9, 1) * random.pick([-1, 1]);
    }
    const mseSlope = gradient('mse', { r }).r!;
    const huberSlope = gradient('huber', { r, delta }).r!;
    return {
      data: { delta, r },
      prompt: `An outlier has residual r = ${fmt(r)}. What gradient ∂L/∂r does it send back under MSE, and under Huber with δ = ${fmt(delta)}?`,
      parts: [
        { kind: 'number', id: 'mse', label: '∂MSE/∂r', value: mseSlope, tolerance: STANDARD_TOLERANCE },
        { kind: 'number', id: 'huber', label: '∂Huber/∂r', value: huberSlope, tolerance: STANDARD_TOLERANCE },
      ],
      worked: [
        `MSE: ∂(r²)/∂r = 2r = ${fmt(mseSlope)} — it grows with the error.`,
        `Huber: the slope is r inside ±δ and ±δ beyond, so here ${fmt(huberSlope)} (core's gradient).`,
        `The outlier pulls ${fmt(Math.abs(mseSlope / huberSlope))}× harder under MSE: Huber caps its influence at δ.`,
      ],
      showMe: {
        view: 'curves',
        label: 'The two derivatives, probed at the outlier',
        family: 'regression',
        variable: 'r',
        losses: ['mse', 'huber'],
        params: { huber: { delta } },
        range: rangeFor([r]),
        probe: r,
      },
    };
  },
};

const quantileDirection: Question = {
  id: 'quantile-direction',
  topic: 'regression',
  title: 'Which way the quantile loss pushes',
  make(seed) {
    const random = seededRandom(seed);
    let tau = 0.9;
    let miss = 2;
    if (seed !== 0) {
      tau = random.pick([0.1, 0.2, 0.25, 0.75, 0.8, 0.9, 0.95]);
      miss = random.decimal(0.5, 2.5, 1);
    }
    // r = ŷ − y: too low is r < 0.
    const under = evaluate('quantile', { r: -miss, tau });
    const over = evaluate('quantile', { r: miss, tau });
    const slopeUnder = gradient('quantile', { r: -miss, tau }).r!;
    const slopeOver = gradient('quantile', { r: miss, tau }).r!;
    const options = [
      'Up: a prediction that is too low costs more',
      'Down: a prediction that is too high costs more',
      'Neither: both misses cost the same',
    ];
    const correct = under > over ? 0 : over > under ? 1 : 2;
    return {
      data: { tau, miss },
      prompt: `Quantile (pinball) loss with τ = ${fmt(tau)}. What does a prediction cost that is ${fmt(miss)} too low, and one that is ${fmt(miss)} too high? Which way does training push the predictions?`,
      parts: [
        {
          kind: 'number',
          id: 'under',
          label: `Loss, ${fmt(miss)} too low`,
          value: under,
          tolerance: STANDARD_TOLERANCE,
        },
        {
          kind: 'number',
          id: 'over',
          label: `Loss, ${fmt(miss)} too high`,
          value: over,
          tolerance: STANDARD_TOLERANCE,
        },
        { kind: 'choice', id: 'direction', label: 'Training pushes predictions', options, correct },
      ],
      worked: [
        `With r = ŷ − y the loss is max(−τr, (1 − τ)r).`,
        `Too low, r = ${fmt(-miss)}: τ·${fmt(miss)} = ${fmt(under)}. Too high, r = ${fmt(miss)}: (1 − τ)·${fmt(miss)} = ${fmt(over)}.`,
        `The slopes are ${fmt(slopeUnder)} below and ${fmt(slopeOver)} above (core's gradient), so gradient descent moves ŷ ${correct === 0 ? 'up' : 'down'} faster than ${correct === 0 ? 'down' : 'up'}.`,
        `It settles where a fraction τ = ${fmt(tau)} of the targets lie below the prediction: the ${fmt(tau)} quantile.`,
      ],
      showMe: {
        view: 'curves',
        label: 'Quantile loss with this τ, probed at the low miss',
        family: 'regression',
        variable: 'r',
        losses: ['mae', 'quantile'],
        params: { quantile: { tau } },
        probe: -miss,
      },
    };
  },
};

const smoothL1: Question = {
  id: 'smooth-l1-huber',
  topic: 'regression',
  title: 'Smooth L1 is Huber divided by β',
  make(seed) {
    const random = seededRandom(seed);
    let beta = 2;
    let r = 1;
    if (seed !== 0) {
      beta = random.pick([0.5, 1, 2, 3]);
      r = someResidual(random, Math.min(3, 2 * beta));
    }
    const smooth = evaluate('smooth_l1', { r, beta });
    const huber = evaluate('huber', { r, delta: beta });
    return {
      data: { beta, r },
      prompt: `PyTorch's SmoothL1Loss with β = ${fmt(beta)} at residual r = ${fmt(r)}: what is it? What is Huber with δ = ${fmt(beta)} there, and their ratio Huber ÷ Smooth L1?`,
      parts: [
        { kind: 'number', id: 'smooth', label: 'Smooth L1', value: smooth, tolerance: STANDARD_TOLERANCE },
        { kind: 'number', id: 'huber', label: 'Huber', value: huber, tolerance: STANDARD_TOLERANCE },
        {
          kind: 'number',
          id: 'ratio',
          label: 'Huber ÷ Smooth L1',
          value: huber / smooth,
          tolerance: STANDARD_TOLERANCE,
        },
      ],
      worked: [
        `Smooth L1 is ½r²/β for |r| < β and |r| − ½β beyond: here ${fmt(smooth)}.`,
        `Huber with δ = β is ½r² inside and β(|r| − ½β) beyond: here ${fmt(huber)}.`,
        `Ratio ${fmt(huber / smooth)} = β: Smooth L1 is Huber divided by β, so its slope beyond β is 1 whatever β is.`,
      ],
      showMe: {
        view: 'curves',
        label: 'Huber and Smooth L1 with δ = β',
        family: 'regression',
        variable: 'r',
        losses: ['huber', 'smooth_l1'],
        params: { huber: { delta: beta }, smooth_l1: { beta } },
        probe: r,
      },
    };
  },
};

const outlierMean: Question = {
  id: 'outlier-mean',
  topic: 'regression',
  title: 'One outlier in a batch: MSE vs MAE',
  make(seed) {
    const random = seededRandom(seed);
    let residuals = [1, -1, 0.5, 8];
    if (seed !== 0) {
      const n = random.int(3, 5);
      residuals = Array.from({ length: n }, () => someResidual(random, 1.5));
      residuals.push(random.decimal(5, 9, 1) * random.pick([-1, 1]));
    }
    const mse = meanLoss('mse', residuals);
    const mae = meanLoss('mae', residuals);
    const outlier = residuals[residuals.length - 1]!;
    const share = evaluate('mse', { r: outlier }) / (mse * residuals.length);
    return {
      data: { residuals },
      prompt: `A batch has residuals r = [${list(residuals)}]; the last is an outlier. What are the batch's MSE and MAE (means over the batch)?`,
      parts: [
        { kind: 'number', id: 'mse', label: 'MSE', value: mse, tolerance: STANDARD_TOLERANCE },
        { kind: 'number', id: 'mae', label: 'MAE', value: mae, tolerance: STANDARD_TOLERANCE },
      ],
      worked: [
        `MSE: mean of r² = ${fmt(mse)} (core's mse per sample, then reduce 'mean').`,
        `MAE: mean of |r| = ${fmt(mae)}.`,
        `The outlier alone is ${fmt(share * 100, 3)}% of the squared total: MSE's fit chases it, MAE's barely notices.`,
      ],
      showMe: {
        view: 'curves',
        label: 'MSE and MAE, probed at the outlier',
        family: 'regression',
        variable: 'r',
        losses: ['mse', 'mae'],
        range: rangeFor(residuals),
        probe: outlier,
      },
    };
  },
};

export const REGRESSION_QUESTIONS: readonly Question[] = [
  mseMean,
  msePoint,
  huberValues,
  outlierPull,
  quantileDirection,
  smoothL1,
  outlierMean,
];
