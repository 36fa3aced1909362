/**
 * Curve colours: the Okabe–Ito palette (distinguishable with the common colour
 * vision deficiencies), with the one colour too faint on a light background
 * (yellow) and the one invisible on a dark one (black) swapped per theme.
 */
const SHARED = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

export function curveColor(index: number, theme: 'light' | 'dark'): string {
  const palette = theme === 'dark' ? [...SHARED, '#F0E442', '#E8EAEF'] : [...SHARED, '#882255', '#1B1D23'];
  return palette[index % palette.length]!;
}
