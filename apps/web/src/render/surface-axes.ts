/**
 * Where a surface's axis ticks and titles go on screen: the x and y ticks
 * along the bottom edges of the box nearest the viewer, the height ticks up
 * the vertical edge at the box's left on screen, each pushed outward from the
 * box. Pure geometry with the renderers' own camera and world conventions
 * (camera.ts), so the HTML overlay and the PNG export place the same labels.
 */
import type { Tick } from '../lib/ticks';
import { projectPoint, SURFACE_Z_EXTENT, type Vec3, viewProjection } from './camera';
import type { CameraState } from './types';

export type SurfaceAxis = 'x' | 'y' | 'z';

export interface SurfaceAxisText {
  readonly axis: SurfaceAxis;
  readonly kind: 'tick' | 'title';
  readonly text: string;
  /** Screen position in CSS pixels (y down) of the text's anchor. */
  readonly x: number;
  readonly y: number;
  /** Horizontal alignment at the anchor, from the direction the text was pushed. */
  readonly align: 'left' | 'center' | 'right';
  /** Vertical alignment at the anchor. */
  readonly baseline: 'top' | 'middle' | 'bottom';
}

export interface SurfaceTickMark {
  readonly axis: SurfaceAxis;
  /** From the box edge outward, CSS pixels. */
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface SurfaceAxesLayout {
  readonly texts: readonly SurfaceAxisText[];
  readonly marks: readonly SurfaceTickMark[];
}

export interface SurfaceAxisSpec {
  /** Positions in [0, 1] along the axis (the colour-scale position for z) and labels. */
  readonly ticks: readonly Tick[];
  readonly title: string;
}

const TICK_LENGTH = 5;
const TICK_GAP = 4;
/** How far beyond the tick labels' anchors an axis title sits: more sideways, where labels are wide. */
const TITLE_GAP_ACROSS = 22;
const TITLE_GAP_ALONG = 34;
const Z_LOW = -SURFACE_Z_EXTENT / 2;
/** Labels keep this far inside the canvas. */
const EDGE = 2;

type Screen = { x: number; y: number; depth: number; visible: boolean };

function alignFor(dx: number, dy: number): Pick<SurfaceAxisText, 'align' | 'baseline'> {
  return {
    align: dx > 0.35 ? 'left' : dx < -0.35 ? 'right' : 'center',
    baseline: dy > 0.35 ? 'top' : dy < -0.35 ? 'bottom' : 'middle',
  };
}

function unit(dx: number, dy: number): [number, number] {
  const n = Math.hypot(dx, dy);
  return n > 1e-9 ? [dx / n, dy / n] : [0, 1];
}

export function surfaceAxesLayout(
  camera: CameraState,
  width: number,
  height: number,
  axes: Readonly<Record<SurfaceAxis, SurfaceAxisSpec>>,
): SurfaceAxesLayout {
  const texts: SurfaceAxisText[] = [];
  const marks: SurfaceTickMark[] = [];
  if (!(width > 0 && height > 0)) return { texts, marks };
  const m = viewProjection(camera, width / height);
  const project = (p: Vec3): Screen => projectPoint(m, p, width, height);
  const floorCentre = project([0, 0, Z_LOW]);

  /** Ticks along a world segment, pushed in screen direction `out`. */
  const place = (
    axis: SurfaceAxis,
    from: Vec3,
    to: Vec3,
    out: [number, number],
    spec: SurfaceAxisSpec,
    titleAtEnd = false,
  ) => {
    const at = (t: number): Vec3 => [
      from[0] + t * (to[0] - from[0]),
      from[1] + t * (to[1] - from[1]),
      from[2] + t * (to[2] - from[2]),
    ];
    const [ox, oy] = out;
    const labelAlign = alignFor(ox, oy);
    for (const tick of spec.ticks) {
      const s = project(at(tick.at));
      if (!s.visible) continue;
      marks.push({ axis, x1: s.x, y1: s.y, x2: s.x + ox * TICK_LENGTH, y2: s.y + oy * TICK_LENGTH });
      const d = TICK_LENGTH + TICK_GAP;
      texts.push({ axis, kind: 'tick', text: tick.label, x: s.x + ox * d, y: s.y + oy * d, ...labelAlign });
    }
    if (!spec.title) return;
    if (titleAtEnd) {
      // Above the far end of the edge, clear of the tick labels beside it.
      const end = project(to);
      if (end.visible)
        texts.push({
          axis,
          kind: 'title',
          text: spec.title,
          x: end.x,
          y: end.y - 14,
          align: 'center',
          baseline: 'bottom',
        });
      return;
    }
    const middle = project(at(0.5));
    if (middle.visible) {
      const d = TICK_LENGTH + TICK_GAP + TITLE_GAP_ACROSS + TITLE_GAP_ALONG * Math.abs(ox);
      texts.push({
        axis,
        kind: 'title',
        text: spec.title,
        x: middle.x + ox * d,
        y: middle.y + oy * d,
        ...labelAlign,
      });
    }
  };

  /** Outward from the floor's centre through an edge's middle, on screen. */
  const outward = (middle: Vec3): [number, number] => {
    const s = project(middle);
    return unit(s.x - floorCentre.x, s.y - floorCentre.y);
  };

  // x ticks: along the bottom edge (y = ±1) nearer the eye; y ticks likewise (x = ±1).
  const nearerY = project([0, -1, Z_LOW]).depth <= project([0, 1, Z_LOW]).depth ? -1 : 1;
  const nearerX = project([-1, 0, Z_LOW]).depth <= project([1, 0, Z_LOW]).depth ? -1 : 1;
  place('x', [-1, nearerY, Z_LOW], [1, nearerY, Z_LOW], outward([0, nearerY, Z_LOW]), axes.x);
  place('y', [nearerX, -1, Z_LOW], [nearerX, 1, Z_LOW], outward([nearerX, 0, Z_LOW]), axes.y);

  // Height ticks: up the vertical edge whose foot is leftmost on screen, pushed left.
  const corners: [number, number][] = [
    [-1, -1],
    [1, -1],
    [-1, 1],
    [1, 1],
  ];
  let left = corners[0]!;
  let leftX = Number.POSITIVE_INFINITY;
  for (const corner of corners) {
    const s = project([corner[0], corner[1], Z_LOW]);
    if (s.visible && s.x < leftX) {
      leftX = s.x;
      left = corner;
    }
  }
  place('z', [left[0], left[1], Z_LOW], [left[0], left[1], -Z_LOW], [-1, 0], axes.z, true);
  return { texts: texts.map((t) => keepInside(t, width, height)), marks };
}

/** About how wide a label is, CSS pixels (11 px monospace ticks, 12.5 px sans-serif titles). */
function textWidth(t: SurfaceAxisText): number {
  return t.text.length * (t.kind === 'tick' ? 6.7 : 7);
}

/**
 * A label moved (keeping its alignment) so that it lies inside the canvas:
 * on a narrow screen the box fills the canvas and labels pushed outward
 * would fall off it or onto the colorbar.
 */
function keepInside(t: SurfaceAxisText, width: number, height: number): SurfaceAxisText {
  const w = textWidth(t);
  const h = t.kind === 'tick' ? 12 : 14;
  const left = t.align === 'left' ? t.x : t.align === 'right' ? t.x - w : t.x - w / 2;
  const top = t.baseline === 'top' ? t.y : t.baseline === 'bottom' ? t.y - h : t.y - h / 2;
  const dx = Math.max(0, EDGE - left) - Math.max(0, left + w - (width - EDGE));
  const dy = Math.max(0, EDGE - top) - Math.max(0, top + h - (height - EDGE));
  return dx === 0 && dy === 0 ? t : { ...t, x: t.x + dx, y: t.y + dy };
}
