export const embeddingLosses = [] as const;
