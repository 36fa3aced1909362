import type { CameraState } from './types';

/**
 * Orbit camera shared by both surface backends. World space: the grid spans
 * x, y ∈ [−1, 1] (x = first sweep axis, y = second), z is up and the surface
 * height runs over z ∈ [−Z/2, Z/2] with Z = SURFACE_Z_EXTENT. The eye orbits
 * the target (targetX, targetY, 0) at `distance`, `yaw` about z and `pitch`
 * above the grid plane. Matrices are column-major (WGSL's mat4x4f layout)
 * with WebGPU's [0, 1] clip depth.
 */
export const SURFACE_Z_EXTENT = 1;
export const FOV_Y = (40 * Math.PI) / 180;
const NEAR = 0.05;
const FAR = 100;

export const DEFAULT_CAMERA: Readonly<CameraState> = {
  yaw: (-2 * Math.PI) / 3,
  pitch: 0.55,
  distance: 4.2,
  targetX: 0,
  targetY: 0,
};

export const CAMERA_LIMITS = {
  pitch: 1.55,
  minDistance: 1.2,
  maxDistance: 20,
  target: 2,
} as const;

export type Vec3 = [number, number, number];
export type Mat4 = Float64Array;

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const finiteOr = (x: unknown, fallback: number): number =>
  typeof x === 'number' && Number.isFinite(x) ? x : fallback;

/** A valid camera from any input (e.g. parsed from a URL): non-numbers take defaults, the rest is clamped. */
export function normalizeCamera(c: Partial<CameraState>): CameraState {
  const twoPi = 2 * Math.PI;
  let yaw = finiteOr(c.yaw, DEFAULT_CAMERA.yaw) % twoPi;
  if (yaw > Math.PI) yaw -= twoPi;
  if (yaw < -Math.PI) yaw += twoPi;
  return {
    yaw,
    pitch: clamp(finiteOr(c.pitch, DEFAULT_CAMERA.pitch), -CAMERA_LIMITS.pitch, CAMERA_LIMITS.pitch),
    distance: clamp(
      finiteOr(c.distance, DEFAULT_CAMERA.distance),
      CAMERA_LIMITS.minDistance,
      CAMERA_LIMITS.maxDistance,
    ),
    targetX: clamp(finiteOr(c.targetX, 0), -CAMERA_LIMITS.target, CAMERA_LIMITS.target),
    targetY: clamp(finiteOr(c.targetY, 0), -CAMERA_LIMITS.target, CAMERA_LIMITS.target),
  };
}

export function eyePosition(c: CameraState): Vec3 {
  const cp = Math.cos(c.pitch);
  return [
    c.targetX + c.distance * cp * Math.cos(c.yaw),
    c.targetY + c.distance * cp * Math.sin(c.yaw),
    c.distance * Math.sin(c.pitch),
  ];
}

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
export const normalize = (a: Vec3): Vec3 => {
  const n = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
};

export function viewMatrix(c: CameraState): Mat4 {
  const eye = eyePosition(c);
  const f = normalize(sub([c.targetX, c.targetY, 0], eye));
  const s = normalize(cross(f, [0, 0, 1]));
  const u = cross(s, f);
  // biome-ignore format: matrix layout
  return Float64Array.of(
    s[0], u[0], -f[0], 0,
    s[1], u[1], -f[1], 0,
    s[2], u[2], -f[2], 0,
    -dot(s, eye), -dot(u, eye), dot(f, eye), 1,
  );
}

export function perspective(fovY: number, aspect: number, near = NEAR, far = FAR): Mat4 {
  const f = 1 / Math.tan(fovY / 2);
  const m = new Float64Array(16);
  m[0] = f / aspect;
  m[5] = f;
  m[10] = far / (near - far);
  m[11] = -1;
  m[14] = (near * far) / (near - far);
  return m;
}

export function multiply(a: Mat4, b: Mat4): Mat4 {
  const m = new Float64Array(16);
  for (let col = 0; col < 4; col++) {
    for (let row = 0; row < 4; row++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) sum += a[k * 4 + row]! * b[col * 4 + k]!;
      m[col * 4 + row] = sum;
    }
  }
  return m;
}

export function viewProjection(c: CameraState, aspect: number): Mat4 {
  return multiply(perspective(FOV_Y, aspect > 0 ? aspect : 1), viewMatrix(c));
}

/**
 * Screen position (pixels, y down) of a world point; `depth` is the distance
 * along the view direction (clip w) and `visible` is false behind the eye.
 * The app can place axis labels over the canvas with this.
 */
export function projectPoint(
  m: Mat4,
  p: Vec3,
  width: number,
  height: number,
): { x: number; y: number; depth: number; visible: boolean } {
  const x = m[0]! * p[0] + m[4]! * p[1] + m[8]! * p[2] + m[12]!;
  const y = m[1]! * p[0] + m[5]! * p[1] + m[9]! * p[2] + m[13]!;
  const w = m[3]! * p[0] + m[7]! * p[1] + m[11]! * p[2] + m[15]!;
  const visible = w > NEAR * 0.5;
  const iw = visible ? 1 / w : 0;
  return { x: ((x * iw + 1) / 2) * width, y: ((1 - y * iw) / 2) * height, depth: w, visible };
}

/** Rotate: yaw and pitch change by the given radians (pitch clamped). */
export function orbit(c: CameraState, dYaw: number, dPitch: number): CameraState {
  return normalizeCamera({ ...c, yaw: c.yaw + dYaw, pitch: c.pitch + dPitch });
}

/** Zoom: factor < 1 moves the eye closer. */
export function zoom(c: CameraState, factor: number): CameraState {
  return normalizeCamera({ ...c, distance: c.distance * factor });
}

/**
 * Pan by a screen drag of (dx, dy) pixels in a viewport `viewHeight` pixels
 * tall: the target slides in the grid plane so the scene follows the pointer
 * (right drag moves it right, down drag brings it towards the viewer).
 */
export function pan(c: CameraState, dx: number, dy: number, viewHeight: number): CameraState {
  const perPixel = (2 * c.distance * Math.tan(FOV_Y / 2)) / Math.max(1, viewHeight);
  const right: [number, number] = [-Math.sin(c.yaw), Math.cos(c.yaw)];
  const forward: [number, number] = [-Math.cos(c.yaw), -Math.sin(c.yaw)];
  const fy = dy / Math.max(0.2, Math.abs(Math.sin(c.pitch)));
  return normalizeCamera({
    ...c,
    targetX: c.targetX + (-right[0] * dx + forward[0] * fy) * perPixel,
    targetY: c.targetY + (-right[1] * dx + forward[1] * fy) * perPixel,
  });
}

/** Light for both backends: from behind the viewer's shoulder, above and to the left. */
export function lightDirection(c: CameraState): Vec3 {
  const toEye = normalize(sub(eyePosition(c), [c.targetX, c.targetY, 0]));
  const right: Vec3 = [-Math.sin(c.yaw), Math.cos(c.yaw), 0];
  return normalize([toEye[0] - 0.4 * right[0], toEye[1] - 0.4 * right[1], toEye[2] + 0.8]);
}

export const AMBIENT = 0.35;
export const DIFFUSE = 0.65;
