/**
 * What is drawn over a landscape, in (w, b): each data point's line, the
 * fits' minimizers and the optimizers' paths. One description, drawn twice:
 * as SVG over the live plot, and on a Canvas 2D for the PNG export.
 */
import type { LandscapeRange } from '../../fit/frame';
import type { FitTask, XY } from '../../fit/presets';

export interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Position in [0, 1]² of (w, b) in the range, y up. */
export function unitOf(range: LandscapeRange, w: number, b: number): { u: number; v: number } {
  return { u: (w - range.wMin) / (range.wMax - range.wMin), v: (b - range.bMin) / (range.bMax - range.bMin) };
}

/**
 * Each data point's line in (w, b) space, as unit-square segments (v up):
 * for regression the (w, b) that fit the point exactly, b = yᵢ − w·xᵢ (where
 * an absolute-value loss creases); for classification the (w, b) that put it
 * on the decision boundary, b = −w·xᵢ (where a margin changes sign).
 */
export function dataLineSegments(points: readonly XY[], task: FitTask, range: LandscapeRange): Segment[] {
  const segments: Segment[] = [];
  for (const p of points) {
    const y = task === 'regression' ? p.y : 0;
    const b1 = y - range.wMin * p.x;
    const b2 = y - range.wMax * p.x;
    const a = unitOf(range, range.wMin, b1);
    const c = unitOf(range, range.wMax, b2);
    // Lines that miss the box entirely are left out (the SVG clips the rest).
    if ((a.v < 0 && c.v < 0) || (a.v > 1 && c.v > 1)) continue;
    segments.push({ x1: a.u, y1: a.v, x2: c.u, y2: c.v });
  }
  return segments;
}
