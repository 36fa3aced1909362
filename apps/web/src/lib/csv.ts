/** CSV export: RFC 4180 quoting, numbers written so they read back exactly. */

/** A header cell, quoted when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Numbers as JavaScript's shortest round-trip decimal; ±Infinity and NaN spelled out. */
export function csvNumber(value: number): string {
  return String(value);
}

/**
 * CSV text in chunks (a Blob accepts them without one giant string): a header
 * row and `rows` rows whose cells come from `cell(row, column)`.
 */
export function csvChunks(
  header: readonly string[],
  rows: number,
  cell: (row: number, column: number) => number,
  rowsPerChunk = 4096,
): string[] {
  const chunks = [`${header.map(csvField).join(',')}\n`];
  const columns = header.length;
  let lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    const values: string[] = new Array(columns);
    for (let column = 0; column < columns; column++) values[column] = csvNumber(cell(row, column));
    lines.push(values.join(','));
    if (lines.length === rowsPerChunk) {
      chunks.push(`${lines.join('\n')}\n`);
      lines = [];
    }
  }
  if (lines.length > 0) chunks.push(`${lines.join('\n')}\n`);
  return chunks;
}

/** Rows x, y, value of a sweep grid stored row-major (data[j·nx + i] at x[i], y[j]). */
export function gridCsv(
  names: { x: string; y: string; value: string },
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  data: ArrayLike<number>,
): string[] {
  const nx = xs.length;
  return csvChunks([names.x, names.y, names.value], nx * ys.length, (row, column) => {
    const i = row % nx;
    const j = (row - i) / nx;
    if (column === 0) return xs[i]!;
    if (column === 1) return ys[j]!;
    return data[row]!;
  });
}
