/**
 * "Did you mean …?": the nearest known name by edit distance. Twenty lines of
 * Levenshtein rather than a dependency (`leven`, `fastest-levenshtein`):
 * core has no runtime dependencies, and the names compared are a few dozen
 * words of at most 32 characters.
 */

/** Levenshtein distance (insertions, deletions, substitutions; a change of case counts as ½). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const ca = a[i - 1]!;
      const cb = b[j - 1]!;
      const substitution = ca === cb ? 0 : ca.toLowerCase() === cb.toLowerCase() ? 0.5 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The closest candidate, if it is close enough to be a likely typo: within 1
 * edit for words of up to 3 characters, 2 for longer ones. Ties go to the
 * earlier candidate.
 */
export function closest(word: string, candidates: Iterable<string>): string | null {
  const limit = word.length <= 3 ? 1 : 2;
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : null;
}

/** "; did you mean 'log'?" or "". */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = closest(word, candidates);
  return best === null ? '' : `; did you mean '${best}'?`;
}
