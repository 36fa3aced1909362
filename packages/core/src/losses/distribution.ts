export const distributionLosses = [] as const;
