import { adversarialLosses } from './adversarial.js';
import { distributionLosses } from './distribution.js';
import { embeddingLosses } from './embedding.js';
import { marginLosses } from './margin.js';
import { multiclassLosses } from './multiclass.js';
import { probabilityLosses } from './probability.js';
import { regressionLosses } from './regression.js';
import { segmentationLosses } from './segmentation.js';

/** Every loss of the catalog, in the catalog's order. */
export const catalog = [
  ...regressionLosses,
  ...marginLosses,
  ...probabilityLosses,
  ...multiclassLosses,
  ...distributionLosses,
  ...embeddingLosses,
  ...segmentationLosses,
  ...adversarialLosses,
] as const;

export type LossId = (typeof catalog)[number]['id'];
