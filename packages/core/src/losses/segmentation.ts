export const segmentationLosses = [] as const;
