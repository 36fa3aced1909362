import { losses } from '@losslab/core';
import { describe, expect, it } from 'vitest';
import { lossProse, proseFor } from '../src/content';

/** The 39 ids of the catalog contract (shared/loss-catalog.md), whether or not core has them yet. */
const CATALOG_IDS = [
  'mse',
  'mae',
  'huber',
  'smooth_l1',
  'pseudo_huber',
  'log_cosh',
  'quantile',
  'epsilon_insensitive',
  'cauchy',
  'tukey',
  'general_robust',
  'gaussian_nll',
  'poisson_nll',
  'zero_one',
  'hinge',
  'squared_hinge',
  'logistic',
  'exponential',
  'modified_huber',
  'bce',
  'bce_logits',
  'mse_prob',
  'focal',
  'focal_logits',
  'poly1',
  'softmax_ce',
  'multiclass_hinge',
  'crammer_singer',
  'kl_bernoulli',
  'js_bernoulli',
  'kl_gaussian',
  'contrastive',
  'triplet',
  'cosine_embedding',
  'dice',
  'jaccard',
  'tversky',
  'gan_minimax',
  'gan_nonsaturating',
];

describe('loss prose', () => {
  it('covers exactly the catalog’s 39 losses', () => {
    expect(CATALOG_IDS).toHaveLength(39);
    expect(Object.keys(lossProse).sort()).toEqual([...CATALOG_IDS].sort());
  });
  it('has text for every loss core defines', () => {
    for (const loss of losses) {
      const prose = proseFor(loss.id);
      expect(prose, loss.id).toBeDefined();
      expect(prose!.assumes.length).toBeGreaterThan(40);
      expect(prose!.whenToUse.length).toBeGreaterThan(40);
      expect(prose!.pitfalls.length).toBeGreaterThan(0);
    }
  });
  it('does not answer for inherited object keys', () => {
    expect(proseFor('constructor')).toBeUndefined();
    expect(proseFor('__proto__')).toBeUndefined();
  });
});
