export const marginLosses = [] as const;
