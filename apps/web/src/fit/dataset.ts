/**
 * The fit lab's dataset: points that remember which preset point they came
 * from, the edits that turn a preset into them (a short URL: preset + seed +
 * edits), and the same points as core's Dataset.
 */
import type { Dataset } from '@losslab/core';
import { type FitTask, generatePreset, type PresetId, type XY } from './presets';

export interface FitPoint {
  readonly x: number;
  readonly y: number;
  /** A sample weight ≥ 0; 1 when absent. */
  readonly weight?: number;
  /** The index of the preset point this one started as; absent for added or imported points. */
  readonly origin?: number;
}

/** The most points the lab takes (a CSV import, or adding by hand): landscapes stay live on the CPU. */
export const MAX_POINTS = 1000;
/** Coordinates the lab accepts: beyond this a line's landscape is all rounding. */
export const MAX_COORDINATE = 1e6;

/** Presets' points, cached by preset and seed (the URL serializer compares against them on every write). */
const generated = new Map<string, readonly XY[]>();
export function presetPoints(preset: PresetId, seed: number): readonly XY[] {
  const key = `${preset}:${seed}`;
  let points = generated.get(key);
  if (!points) {
    points = generatePreset(preset, seed);
    generated.set(key, points);
    if (generated.size > 16) generated.delete(generated.keys().next().value!);
  }
  return points;
}

/** A preset's points as the lab holds them, each knowing its origin. */
export function presetDataset(preset: PresetId, seed: number): FitPoint[] {
  return presetPoints(preset, seed).map((p, origin) => ({ x: p.x, y: p.y, origin }));
}

/** The points as core's Dataset (weights only when some point has one other than 1). */
export function toDataset(points: readonly FitPoint[]): Dataset {
  const x = new Float64Array(points.length);
  const y = new Float64Array(points.length);
  let weighted = false;
  points.forEach((p, i) => {
    x[i] = p.x;
    y[i] = p.y;
    if (p.weight !== undefined && p.weight !== 1) weighted = true;
  });
  if (!weighted) return { x, y };
  return { x, y, weight: Float64Array.from(points, (p) => p.weight ?? 1) };
}

/** A label for classification: 0 or 1, whichever the value is nearer. */
export const snapLabel = (y: number) => (y >= 0.5 ? 1 : 0);

/** A point moved to (x, y); it keeps its origin and weight. Classification labels snap to 0/1. */
export function movePoint(points: readonly FitPoint[], index: number, to: XY, task: FitTask): FitPoint[] {
  const point = points[index];
  if (!point || !validCoordinate(to.x) || !validCoordinate(to.y)) return [...points];
  const y = task === 'classification' ? snapLabel(to.y) : to.y;
  const next = [...points];
  next[index] = { ...point, x: to.x, y };
  return next;
}

export function addPoint(points: readonly FitPoint[], at: XY, task: FitTask): FitPoint[] {
  if (points.length >= MAX_POINTS || !validCoordinate(at.x) || !validCoordinate(at.y)) return [...points];
  return [...points, { x: at.x, y: task === 'classification' ? snapLabel(at.y) : at.y }];
}

/** Removes a point; the last one stays (a fit needs data). */
export function removePoint(points: readonly FitPoint[], index: number): FitPoint[] {
  if (points.length <= 1 || index < 0 || index >= points.length) return [...points];
  return points.filter((_, i) => i !== index);
}

export function validCoordinate(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE;
}

// Edits: how the points differ from their preset -------------------------------------------------

/** Numbers in the URL: the shortest text that reads back as the same double. */
const num = (value: number) => String(value);

/**
 * The points as edits of the preset's: `d<i>` deletes preset point i,
 * `m<i>:<x>:<y>` moves it, `a:<x>:<y>` adds a point (after the preset's).
 * Undefined when the points are not an edited preset (an origin out of
 * order, a weight): they then travel as a list of points.
 */
export function editsOf(points: readonly FitPoint[], base: readonly XY[]): string[] | undefined {
  const edits: string[] = [];
  let next = 0;
  let added = false;
  for (const p of points) {
    if (p.weight !== undefined && p.weight !== 1) return undefined;
    if (p.origin === undefined) {
      added = true;
      edits.push(`a:${num(p.x)}:${num(p.y)}`);
      continue;
    }
    // Preset points come first, in their order; anything else is not an edit of the preset.
    if (added || p.origin < next || p.origin >= base.length) return undefined;
    for (; next < p.origin; next++) edits.push(`d${next}`);
    const original = base[p.origin]!;
    if (p.x !== original.x || p.y !== original.y) edits.push(`m${p.origin}:${num(p.x)}:${num(p.y)}`);
    next = p.origin + 1;
  }
  for (; next < base.length; next++) edits.push(`d${next}`);
  return edits;
}

/** A number in the URL: plain decimal or exponent notation, finite, within the lab's range. */
export function parseCoordinate(text: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim())) return undefined;
  const value = Number(text);
  return validCoordinate(value) ? value : undefined;
}

/** Applies edits to a preset's points; a string saying what is wrong when an edit is not valid. */
export function applyEdits(base: readonly XY[], edits: readonly string[]): FitPoint[] | string {
  const moved = new Map<number, XY>();
  const deleted = new Set<number>();
  const extra: FitPoint[] = [];
  for (const edit of edits) {
    const match = /^([dma])(\d*)(?::([^:]*):([^:]*))?$/.exec(edit);
    const index = match?.[2] ? Number(match[2]) : undefined;
    const kind = match?.[1];
    const x = match?.[3] === undefined ? undefined : parseCoordinate(match[3]);
    const y = match?.[4] === undefined ? undefined : parseCoordinate(match[4]);
    if (kind === 'a' && index === undefined && x !== undefined && y !== undefined) {
      extra.push({ x, y });
      continue;
    }
    const known = index !== undefined && index < base.length && !moved.has(index) && !deleted.has(index);
    if (kind === 'd' && known && match?.[3] === undefined) deleted.add(index);
    else if (kind === 'm' && known && x !== undefined && y !== undefined) moved.set(index, { x, y });
    else return `edit ${edit.slice(0, 30)} is not d<i>, m<i>:<x>:<y> or a:<x>:<y> for a point of the preset`;
  }
  const points: FitPoint[] = [];
  base.forEach((p, origin) => {
    if (deleted.has(origin)) return;
    const at = moved.get(origin) ?? p;
    points.push({ x: at.x, y: at.y, origin });
  });
  points.push(...extra);
  if (points.length === 0) return 'the edits delete every point';
  if (points.length > MAX_POINTS) return `more than ${MAX_POINTS} points`;
  return points;
}

/** Points as `x:y` or `x:y:weight`, comma-separated. */
export function pointsText(points: readonly FitPoint[]): string {
  return points
    .map((p) =>
      p.weight !== undefined && p.weight !== 1
        ? `${num(p.x)}:${num(p.y)}:${num(p.weight)}`
        : `${num(p.x)}:${num(p.y)}`,
    )
    .join(',');
}

export function parsePointsText(text: string): FitPoint[] | string {
  const parts = text.split(',');
  if (parts.length > MAX_POINTS) return `more than ${MAX_POINTS} points`;
  const points: FitPoint[] = [];
  for (const [i, part] of parts.entries()) {
    const fields = part.split(':');
    const x = fields[0] === undefined ? undefined : parseCoordinate(fields[0]);
    const y = fields[1] === undefined ? undefined : parseCoordinate(fields[1]);
    const weight = fields[2] === undefined ? 1 : parseCoordinate(fields[2]);
    if (fields.length > 3 || x === undefined || y === undefined || weight === undefined || weight < 0)
      return `point ${i + 1} is not x:y or x:y:weight with finite numbers (weight ≥ 0)`;
    points.push(weight === 1 ? { x, y } : { x, y, weight });
  }
  if (!points.some((p) => (p.weight ?? 1) > 0)) return 'every weight is 0';
  return points;
}
