/**
 * The part of (w, b) space a landscape shows. Chosen when the data is loaded
 * (and on "Reframe"), then held still while the user drags points, so the
 * picture changes because the data did, not because the axes moved.
 */
import type { FitPoint } from './dataset';
import type { FitTask } from './presets';

export interface LandscapeRange {
  readonly wMin: number;
  readonly wMax: number;
  readonly bMin: number;
  readonly bMax: number;
}

interface Moments {
  readonly n: number;
  readonly meanX: number;
  readonly meanY: number;
  readonly sdX: number;
  readonly sdY: number;
  /** √E[x²]: how much further b moves than w for the same change of a prediction. */
  readonly rmsX: number;
  readonly slope: number;
}

function moments(points: readonly FitPoint[]): Moments {
  let sw = 0;
  let mx = 0;
  let my = 0;
  for (const p of points) {
    const w = p.weight ?? 1;
    sw += w;
    mx += w * p.x;
    my += w * p.y;
  }
  if (!(sw > 0)) return { n: 0, meanX: 0, meanY: 0, sdX: 1, sdY: 1, rmsX: 1, slope: 0 };
  mx /= sw;
  my /= sw;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let x2 = 0;
  for (const p of points) {
    const w = p.weight ?? 1;
    sxx += w * (p.x - mx) ** 2;
    syy += w * (p.y - my) ** 2;
    sxy += w * (p.x - mx) * (p.y - my);
    x2 += w * p.x * p.x;
  }
  const sdX = Math.sqrt(sxx / sw);
  const sdY = Math.sqrt(syy / sw);
  return {
    n: points.length,
    meanX: mx,
    meanY: my,
    sdX,
    sdY,
    rmsX: Math.sqrt(x2 / sw),
    slope: sxx > 0 ? sxy / sxx : 0,
  };
}

/** 1.4826 × the median absolute deviation: the standard deviation of Gaussian data, robust to outliers. */
function robustSpread(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const center = median([...values]);
  return 1.4826 * median(values.map((v) => Math.abs(v - center)));
}

/** Rounds a range outwards to two significant digits of its span: tidy axes and short links. */
function tidy(min: number, max: number): [number, number] {
  const step = 10 ** (Math.floor(Math.log10(max - min)) - 1);
  return [Math.floor(min / step) * step, Math.ceil(max / step) * step].map(
    (v) => Number(v.toPrecision(12)) + 0,
  ) as [number, number];
}

/**
 * A range around the data's natural fit: for regression the least-squares
 * line, for classification a logistic-like slope of about 3/sd(x) in the
 * direction the labels rise. The b span is √E[x²] times the w span, so the
 * MSE bowl comes out about round. `include`: points that must be inside
 * (the current fits, an optimizer start).
 */
export function frameRange(
  points: readonly FitPoint[],
  task: FitTask,
  include: readonly { readonly w: number; readonly b: number }[] = [],
): LandscapeRange {
  const m = moments(points);
  const sdX = m.sdX > 1e-9 ? m.sdX : 1;
  let w0: number;
  let b0: number;
  let halfW: number;
  if (task === 'regression') {
    w0 = m.slope;
    b0 = m.meanY - w0 * m.meanX;
    // The y spread measured robustly (MAD), so a few gross outliers do not zoom the view out.
    halfW = Math.max(1.5 * Math.abs(w0), (0.75 * robustSpread(points.map((p) => p.y))) / sdX, 1);
  } else {
    const direction = m.slope < 0 ? -1 : 1;
    w0 = (direction * 1.5) / sdX;
    b0 = -w0 * m.meanX;
    halfW = 2.5 / sdX;
  }
  const spread = Math.max(m.rmsX, sdX, 0.5);
  let wMin = w0 - halfW;
  let wMax = w0 + halfW;
  let bMin = b0 - halfW * spread;
  let bMax = b0 + halfW * spread;
  for (const p of include) {
    if (!Number.isFinite(p.w) || !Number.isFinite(p.b)) continue;
    const padW = 0.15 * (wMax - wMin);
    const padB = 0.15 * (bMax - bMin);
    wMin = Math.min(wMin, p.w - padW);
    wMax = Math.max(wMax, p.w + padW);
    bMin = Math.min(bMin, p.b - padB);
    bMax = Math.max(bMax, p.b + padB);
  }
  const [w1, w2] = tidy(wMin, wMax);
  const [b1, b2] = tidy(bMin, bMax);
  return { wMin: w1, wMax: w2, bMin: b1, bMax: b2 };
}

/** Whether a range is usable: finite, increasing, not absurdly wide. */
export function validRange(r: LandscapeRange): boolean {
  const ok = (min: number, max: number) =>
    Number.isFinite(min) && Number.isFinite(max) && min < max && Math.abs(min) <= 1e6 && Math.abs(max) <= 1e6;
  return ok(r.wMin, r.wMax) && ok(r.bMin, r.bMax);
}
