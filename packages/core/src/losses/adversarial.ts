export const adversarialLosses = [] as const;
