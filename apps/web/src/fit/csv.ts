/**
 * The fit lab's dataset as CSV, both ways. Import reads x, y and an optional
 * weight column, with or without a header row; every bad row is reported
 * with its line number and nothing is imported until all rows are good.
 * Fields are split by d3-dsv (RFC 4180 quoting); lines are split here, so
 * that each error names the line a user sees in their editor.
 */
import { csvParseRows } from 'd3-dsv';
import { csvChunks } from '../lib/csv';
import { type FitPoint, MAX_COORDINATE, MAX_POINTS } from './dataset';
import type { FitTask } from './presets';

export interface CsvImport {
  /** The points, when every row was good. */
  readonly points: FitPoint[] | undefined;
  /** One sentence per bad row (at most MAX_REPORTED), each naming its line. */
  readonly errors: readonly string[];
}

const MAX_REPORTED = 8;

/** A CSV number: decimal or exponent notation (no hex, no empty cell, no "Infinity"). */
function csvNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

const quoteCell = (text: string) => `“${text.length > 24 ? `${text.slice(0, 24)}…` : text}”`;

/** Column positions, from a header row when the first row names them. */
function columnsOf(first: readonly string[]): {
  x: number;
  y: number;
  weight: number | undefined;
  header: boolean;
} {
  const names = first.map((cell) => cell.trim().toLowerCase());
  if (names.every((name) => csvNumber(name) !== undefined))
    return { x: 0, y: 1, weight: first.length > 2 ? 2 : undefined, header: false };
  const x = names.indexOf('x');
  const y = names.indexOf('y');
  const weight = names.indexOf('weight');
  return {
    x: Math.max(x, 0),
    y: y >= 0 ? y : 1,
    weight: weight >= 0 ? weight : names.length > 2 && x < 0 && y < 0 ? 2 : undefined,
    header: true,
  };
}

export function parseDatasetCsv(text: string, task: FitTask): CsvImport {
  const errors: string[] = [];
  const report = (line: number, message: string) => {
    if (errors.length < MAX_REPORTED) errors.push(`Line ${line}: ${message}`);
    else if (errors.length === MAX_REPORTED) errors.push('… and more bad rows.');
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rows: { line: number; cells: string[] }[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    rows.push({ line: i + 1, cells: csvParseRows(line)[0] ?? [] });
  });
  if (rows.length === 0) return { points: undefined, errors: ['The file has no rows.'] };
  const columns = columnsOf(rows[0]!.cells);
  const body = columns.header ? rows.slice(1) : rows;
  if (body.length === 0) return { points: undefined, errors: ['The file has a header but no data rows.'] };
  if (body.length > MAX_POINTS)
    return {
      points: undefined,
      errors: [`The file has ${body.length} data rows; the fit lab takes at most ${MAX_POINTS}.`],
    };
  const width = Math.max(columns.x, columns.y, columns.weight ?? 0) + 1;
  const points: FitPoint[] = [];
  for (const { line, cells } of body) {
    if (cells.length < width) {
      report(
        line,
        `expected ${columns.weight === undefined ? 'x, y' : 'x, y, weight'}, found ${cells.length} field${cells.length === 1 ? '' : 's'}.`,
      );
      continue;
    }
    const x = csvNumber(cells[columns.x]!);
    const y = csvNumber(cells[columns.y]!);
    const weight = columns.weight === undefined ? 1 : csvNumber(cells[columns.weight]!);
    if (x === undefined || Math.abs(x) > MAX_COORDINATE) {
      report(line, `x = ${quoteCell(cells[columns.x]!)} is not a finite number within ±${MAX_COORDINATE}.`);
      continue;
    }
    if (y === undefined || Math.abs(y) > MAX_COORDINATE) {
      report(line, `y = ${quoteCell(cells[columns.y]!)} is not a finite number within ±${MAX_COORDINATE}.`);
      continue;
    }
    if (task === 'classification' && y !== 0 && y !== 1) {
      report(line, `y = ${quoteCell(cells[columns.y]!)} is not a class label (0 or 1).`);
      continue;
    }
    if (weight === undefined || weight < 0 || weight > MAX_COORDINATE) {
      report(line, `weight = ${quoteCell(cells[columns.weight!]!)} is not a number ≥ 0.`);
      continue;
    }
    points.push(weight === 1 ? { x, y } : { x, y, weight });
  }
  if (errors.length === 0 && !points.some((p) => (p.weight ?? 1) > 0))
    errors.push('Every weight is 0: at least one point must count.');
  return errors.length > 0 ? { points: undefined, errors } : { points, errors: [] };
}

/** The dataset as CSV: x, y, weight (every row, so the file reads back as it is). */
export function datasetCsv(points: readonly FitPoint[]): string[] {
  return csvChunks(['x', 'y', 'weight'], points.length, (row, column) => {
    const p = points[row]!;
    return column === 0 ? p.x : column === 1 ? p.y : (p.weight ?? 1);
  });
}
