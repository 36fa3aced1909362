/** Number formatting for labels, readouts and exports. Display text uses the true minus sign (U+2212). */

const MINUS = '\u2212';

/** Replaces ASCII hyphen-minus signs of a formatted number by U+2212 for display. */
function displayMinus(text: string): string {
  return text.replace(/-/g, MINUS);
}

/** ±∞ and NaN as words a reader recognises; undefined for finite values. */
function nonFinite(value: number): string | undefined {
  if (value === Number.POSITIVE_INFINITY) return '+∞';
  if (value === Number.NEGATIVE_INFINITY) return `${MINUS}∞`;
  if (Number.isNaN(value)) return 'NaN';
  return undefined;
}

/**
 * A compact human-readable number with `digits` significant digits: fixed
 * notation for moderate magnitudes, scientific (1.5e−7) for tiny or huge ones.
 */
export function formatNumber(value: number, digits = 4): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    const [mantissa = '', exponent = ''] = value.toExponential(Math.max(0, digits - 1)).split('e');
    return displayMinus(`${trimZeros(mantissa)}e${exponent.replace('+', '')}`);
  }
  return displayMinus(trimZeros(value.toPrecision(digits)));
}

function trimZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/\.?0+$/, '');
}

/** The shortest decimal that reads back as exactly this double (JavaScript's own rule). */
export function formatExact(value: number): string {
  return nonFinite(value) ?? displayMinus(String(value));
}

/** The shortest decimal that reads back as exactly this float32 (at most 9 significant digits). */
export function formatFloat32(value: number): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  const single = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = single.toPrecision(digits);
    if (Math.fround(Number(text)) === single) return displayMinus(String(Number(text)));
  }
  return displayMinus(String(single));
}

/** A duration in milliseconds for the timing readout. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A tick label: enough decimals to tell neighbouring ticks `step` apart, no more. */
export function formatTick(value: number, step: number): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  if (Math.abs(value) < step * 1e-9) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return formatNumber(value, 3);
  const decimals = Math.max(0, Math.min(12, -Math.floor(Math.log10(step) + 1e-9)));
  return displayMinus(value.toFixed(decimals));
}
