import {
  AMBIENT,
  DIFFUSE,
  lightDirection,
  normalize,
  projectPoint,
  SURFACE_Z_EXTENT,
  type Vec3,
  viewProjection,
} from '../camera';
import { colormapRgb, INFINITY_MARKER_RGB, NEG_INFINITY_MARKER_RGB } from '../colormaps';
import { classify, resolveScale, scaleT } from '../scale';
import type { CameraState, ColorStyle } from '../types';

/** At most this many mesh nodes a side on the CPU (64 × 64 quads). */
export const CPU_SURFACE_MAX_NODES = 65;

export interface SceneQuad {
  kind: 'quad';
  /** Four screen points x0 y0 … x3 y3, pixels, y down. */
  points: number[];
  rgb: [number, number, number];
  depth: number;
}
export interface SceneLine {
  kind: 'line';
  points: number[];
  depth: number;
}
export type ScenePrimitive = SceneQuad | SceneLine;

const FRAME_PIECES = 16;
const BOX_EDGES = [0, 1, 1, 3, 3, 2, 2, 0, 4, 5, 5, 7, 7, 6, 6, 4, 0, 4, 1, 5, 2, 6, 3, 7];

function boxCorner(c: number): Vec3 {
  return [c & 1 ? 1 : -1, c & 2 ? 1 : -1, (c & 4 ? 0.5 : -0.5) * SURFACE_Z_EXTENT];
}

/**
 * Pushes a screen quad's corners half a pixel away from its centre, so that
 * antialiased neighbours overlap instead of leaving hairline seams (cheaper
 * than stroking every quad in its own colour).
 */
function inflate(p: number[]): number[] {
  const cx = (p[0]! + p[2]! + p[4]! + p[6]!) / 4;
  const cy = (p[1]! + p[3]! + p[5]! + p[7]!) / 4;
  for (let k = 0; k < 8; k += 2) {
    const dx = p[k]! - cx;
    const dy = p[k + 1]! - cy;
    const len = Math.hypot(dx, dy);
    if (len > 0) {
      p[k] = p[k]! + (0.5 * dx) / len;
      p[k + 1] = p[k + 1]! + (0.5 * dy) / len;
    }
  }
  return p;
}

/**
 * The surface as flat-shaded quads plus the frame's edges, projected with the
 * same camera and world conventions as the WebGPU mesh and sorted far → near
 * for the painter's algorithm. Primitives with a point behind the eye are dropped.
 */
export function buildSurfaceScene(
  data: Float32Array,
  nx: number,
  ny: number,
  style: ColorStyle,
  camera: CameraState,
  width: number,
  height: number,
  maxNodes = CPU_SURFACE_MAX_NODES,
): ScenePrimitive[] {
  const gx = Math.max(2, Math.min(nx, maxNodes));
  const gy = Math.max(2, Math.min(ny, maxNodes));
  const scale = resolveScale(style);
  const m = viewProjection(camera, width / height);
  const light = lightDirection(camera);

  // Per node: world position, colour-scale position (or class) and screen point.
  const count = gx * gy;
  const world = new Float64Array(count * 3);
  const tOf = new Float64Array(count);
  const cls = new Uint8Array(count);
  const screen = new Float64Array(count * 2);
  const depth = new Float64Array(count);
  const visible = new Uint8Array(count);
  for (let b = 0; b < gy; b++) {
    const j = Math.round((b * (ny - 1)) / (gy - 1));
    for (let a = 0; a < gx; a++) {
      const i = Math.round((a * (nx - 1)) / (gx - 1));
      const k = b * gx + a;
      const v = data[j * nx + i]!;
      const c = classify(v);
      const t = c === 1 ? 1 : c === 2 ? 0 : scaleT(v, scale);
      const p: Vec3 = [-1 + (2 * a) / (gx - 1), -1 + (2 * b) / (gy - 1), (t - 0.5) * SURFACE_Z_EXTENT];
      world.set(p, k * 3);
      tOf[k] = t;
      cls[k] = c;
      const s = projectPoint(m, p, width, height);
      screen[k * 2] = s.x;
      screen[k * 2 + 1] = s.y;
      depth[k] = s.depth;
      visible[k] = s.visible ? 1 : 0;
    }
  }

  const out: ScenePrimitive[] = [];
  const w = (k: number, c: number): number => world[k * 3 + c]!;
  for (let b = 0; b + 1 < gy; b++) {
    for (let a = 0; a + 1 < gx; a++) {
      const k0 = b * gx + a;
      const ks = [k0, k0 + 1, k0 + gx + 1, k0 + gx];
      if (!ks.every((k) => visible[k])) continue;
      const [p0, p1, p2, p3] = ks as [number, number, number, number];
      // Flat normal from the quad's diagonals.
      const d1: Vec3 = [w(p2, 0) - w(p0, 0), w(p2, 1) - w(p0, 1), w(p2, 2) - w(p0, 2)];
      const d2: Vec3 = [w(p3, 0) - w(p1, 0), w(p3, 1) - w(p1, 1), w(p3, 2) - w(p1, 2)];
      const n = normalize([
        d1[1] * d2[2] - d1[2] * d2[1],
        d1[2] * d2[0] - d1[0] * d2[2],
        d1[0] * d2[1] - d1[1] * d2[0],
      ]);
      const shade = AMBIENT + DIFFUSE * Math.abs(n[0] * light[0] + n[1] * light[1] + n[2] * light[2]);
      let base: readonly number[];
      if (ks.some((k) => cls[k] === 1)) base = INFINITY_MARKER_RGB;
      else if (ks.some((k) => cls[k] === 2)) base = NEG_INFINITY_MARKER_RGB;
      else base = colormapRgb(style.colormap, (tOf[p0]! + tOf[p1]! + tOf[p2]! + tOf[p3]!) / 4);
      out.push({
        kind: 'quad',
        points: inflate(ks.flatMap((k) => [screen[k * 2]!, screen[k * 2 + 1]!])),
        rgb: [
          Math.min(255, Math.round(base[0]! * shade)),
          Math.min(255, Math.round(base[1]! * shade)),
          Math.min(255, Math.round(base[2]! * shade)),
        ],
        depth: (depth[p0]! + depth[p1]! + depth[p2]! + depth[p3]!) / 4,
      });
    }
  }

  // Frame edges go in short pieces: one depth for a whole edge would sort it
  // wrongly against the small quads it passes behind or in front of.
  for (let e = 0; e < BOX_EDGES.length; e += 2) {
    const c0 = boxCorner(BOX_EDGES[e]!);
    const c1 = boxCorner(BOX_EDGES[e + 1]!);
    const at = (u: number): Vec3 => [
      c0[0] + u * (c1[0] - c0[0]),
      c0[1] + u * (c1[1] - c0[1]),
      c0[2] + u * (c1[2] - c0[2]),
    ];
    let prev = projectPoint(m, c0, width, height);
    for (let k = 1; k <= FRAME_PIECES; k++) {
      const next = projectPoint(m, at(k / FRAME_PIECES), width, height);
      if (prev.visible && next.visible) {
        out.push({
          kind: 'line',
          points: [prev.x, prev.y, next.x, next.y],
          depth: (prev.depth + next.depth) / 2,
        });
      }
      prev = next;
    }
  }

  return out.sort((p, q) => q.depth - p.depth);
}
