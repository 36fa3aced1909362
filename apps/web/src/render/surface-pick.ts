/**
 * Which grid point of a surface is under the pointer: a coarse mesh is
 * projected with the renderers' camera and height mapping, the nearest of its
 * triangles that covers the pointer is taken (so a hill in front hides what
 * lies behind it), then refined to the full grid's point nearest the pointer.
 */
import { projectPoint, SURFACE_Z_EXTENT, type Vec3, viewProjection } from './camera';
import { classify, type ResolvedScale, scaleT } from './scale';
import type { CameraState } from './types';

/** Nodes a side of the coarse mesh (the pick is refined to full resolution afterwards). */
const COARSE_NODES = 129;

export interface SurfacePick {
  /** Grid column and row (data[j·nx + i]). */
  readonly i: number;
  readonly j: number;
  /** Where that point is on screen, CSS pixels. */
  readonly x: number;
  readonly y: number;
}

/** World position of grid point (i, j), as both renderers place it (heights clip ±∞ to the box). */
export function surfaceWorld(
  data: ArrayLike<number>,
  nx: number,
  ny: number,
  i: number,
  j: number,
  scale: ResolvedScale,
): Vec3 {
  const v = data[j * nx + i]!;
  const c = classify(v);
  const t = c === 1 ? 1 : c === 2 ? 0 : scaleT(v, scale);
  return [
    -1 + (2 * i) / Math.max(1, nx - 1),
    -1 + (2 * j) / Math.max(1, ny - 1),
    (t - 0.5) * SURFACE_Z_EXTENT,
  ];
}

export function pickSurfacePoint(
  data: ArrayLike<number>,
  nx: number,
  ny: number,
  scale: ResolvedScale,
  camera: CameraState,
  width: number,
  height: number,
  pointer: { x: number; y: number },
): SurfacePick | undefined {
  if (nx < 2 || ny < 2 || !(width > 0 && height > 0)) return undefined;
  const m = viewProjection(camera, width / height);
  const screenOf = (i: number, j: number) =>
    projectPoint(m, surfaceWorld(data, nx, ny, i, j, scale), width, height);
  const gx = Math.min(nx, COARSE_NODES);
  const gy = Math.min(ny, COARSE_NODES);
  const column = (a: number) => Math.round((a * (nx - 1)) / (gx - 1));
  const row = (b: number) => Math.round((b * (ny - 1)) / (gy - 1));
  const sx = new Float64Array(gx * gy);
  const sy = new Float64Array(gx * gy);
  const depth = new Float64Array(gx * gy);
  const visible = new Uint8Array(gx * gy);
  for (let b = 0; b < gy; b++) {
    for (let a = 0; a < gx; a++) {
      const s = screenOf(column(a), row(b));
      const k = b * gx + a;
      sx[k] = s.x;
      sy[k] = s.y;
      depth[k] = s.depth;
      visible[k] = s.visible ? 1 : 0;
    }
  }
  // The coarse mesh's triangles under the pointer; the nearest one (smallest depth there) is what shows.
  const { x: px, y: py } = pointer;
  let hit: { a: number; b: number; depth: number } | undefined;
  const triangle = (k0: number, k1: number, k2: number): number | undefined => {
    const d = (sy[k1]! - sy[k2]!) * (sx[k0]! - sx[k2]!) + (sx[k2]! - sx[k1]!) * (sy[k0]! - sy[k2]!);
    if (Math.abs(d) < 1e-12) return undefined;
    const u = ((sy[k1]! - sy[k2]!) * (px - sx[k2]!) + (sx[k2]! - sx[k1]!) * (py - sy[k2]!)) / d;
    const v = ((sy[k2]! - sy[k0]!) * (px - sx[k2]!) + (sx[k0]! - sx[k2]!) * (py - sy[k2]!)) / d;
    const w = 1 - u - v;
    const eps = -1e-9;
    if (u < eps || v < eps || w < eps) return undefined;
    return u * depth[k0]! + v * depth[k1]! + w * depth[k2]!;
  };
  for (let b = 0; b + 1 < gy; b++) {
    for (let a = 0; a + 1 < gx; a++) {
      const k00 = b * gx + a;
      const k10 = k00 + 1;
      const k01 = k00 + gx;
      const k11 = k01 + 1;
      if (!(visible[k00] && visible[k10] && visible[k01] && visible[k11])) continue;
      const at = triangle(k00, k10, k11) ?? triangle(k00, k11, k01);
      if (at !== undefined && (!hit || at < hit.depth)) hit = { a, b, depth: at };
    }
  }
  if (!hit) return undefined;
  // Refine: the full grid's point nearest the pointer inside that coarse cell.
  let pick: SurfacePick | undefined;
  let best = Number.POSITIVE_INFINITY;
  for (let j = row(hit.b); j <= row(hit.b + 1); j++) {
    for (let i = column(hit.a); i <= column(hit.a + 1); i++) {
      const s = screenOf(i, j);
      const distance = Math.hypot(s.x - px, s.y - py);
      if (s.visible && distance < best) {
        best = distance;
        pick = { i, j, x: s.x, y: s.y };
      }
    }
  }
  return pick;
}
