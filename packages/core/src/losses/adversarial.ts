/** Generator-side GAN losses, in the discriminator's output d = D(G(z)) on a generated sample. */

import { defineLoss } from '../catalog/define.js';
import { domains } from '../catalog/domain.js';
import { log, log1p, neg, v } from '../expr/build.js';
import { data } from './vars.js';

const d = v('d');
const discriminatorOutput = data('d', 'D(G(z))', 'discriminator output on a fake d = D(G(z))', domains.unit, {
  min: 0,
  max: 1,
});

export const ganMinimax = defineLoss({
  id: 'gan_minimax',
  name: 'GAN generator loss (minimax)',
  family: 'adversarial',
  variables: [discriminatorOutput],
  // log1p(−d), not log(1 − d): exact for small d, where the generator starts out.
  expr: log1p(neg(d)),
  tex: '\\log(1 - D(G(z)))',
  properties: { convex: false, smooth: true, robust: false, probabilistic: null },
  use: 'The original minimax GAN objective for the generator; its gradient vanishes when the discriminator wins (d → 0).',
  reference: 'Goodfellow, I. et al. (2014). Generative adversarial nets. NeurIPS.',
  defaultAxes: ['d'],
});

export const ganNonsaturating = defineLoss({
  id: 'gan_nonsaturating',
  name: 'GAN generator loss (non-saturating)',
  family: 'adversarial',
  variables: [discriminatorOutput],
  expr: neg(log(d)),
  tex: '-\\log D(G(z))',
  properties: { convex: true, smooth: true, robust: false, probabilistic: 'Bernoulli (fakes labelled real)' },
  use: 'The generator loss used in practice: strong gradients early in training, when the discriminator rejects fakes.',
  reference: 'Goodfellow, I. et al. (2014). Generative adversarial nets. NeurIPS.',
  defaultAxes: ['d'],
});

export const adversarialLosses = [ganMinimax, ganNonsaturating] as const;
