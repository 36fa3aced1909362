import { describe, expect, it } from 'vitest';
import {
  CAMERA_LIMITS,
  DEFAULT_CAMERA,
  eyePosition,
  FOV_Y,
  normalizeCamera,
  orbit,
  pan,
  projectPoint,
  viewProjection,
  zoom,
} from '../../src/render/camera';
import type { CameraState } from '../../src/render/types';

const front: CameraState = { yaw: -Math.PI / 2, pitch: 0, distance: 4, targetX: 0, targetY: 0 };

describe('orbit camera math', () => {
  it('places the eye on the orbit sphere', () => {
    const [x, y, z] = eyePosition({ yaw: 0, pitch: 0, distance: 3, targetX: 1, targetY: 2 });
    expect([x, y, z]).toEqual([4, 2, 0]);
    const up = eyePosition({ ...front, pitch: Math.PI / 6 });
    expect(up[2]).toBeCloseTo(2, 12);
    expect(Math.hypot(...up)).toBeCloseTo(4, 12);
  });

  it('projects the target to the centre of the screen for any orientation', () => {
    for (const c of [
      DEFAULT_CAMERA,
      front,
      { yaw: 2, pitch: -0.7, distance: 7, targetX: 0.5, targetY: -1 },
    ]) {
      const p = projectPoint(viewProjection(c, 2), [c.targetX, c.targetY, 0], 400, 200);
      expect(p.x).toBeCloseTo(200, 9);
      expect(p.y).toBeCloseTo(100, 9);
      expect(p.depth).toBeCloseTo(c.distance, 9);
      expect(p.visible).toBe(true);
    }
  });

  it('projects a known point with the 40° perspective', () => {
    // Eye at (0, −4, 0) looking along +y: world +x is screen right, +z is up.
    const m = viewProjection(front, 1);
    const f = 1 / Math.tan(FOV_Y / 2);
    const right = projectPoint(m, [1, 0, 0], 200, 200);
    expect(right.x).toBeCloseTo(100 + 100 * (f / 4), 9);
    expect(right.y).toBeCloseTo(100, 9);
    const top = projectPoint(m, [0, 0, 1], 200, 200);
    expect(top.x).toBeCloseTo(100, 9);
    expect(top.y).toBeCloseTo(100 - 100 * (f / 4), 9);
    // Farther along the view direction means smaller on screen and deeper.
    const far = projectPoint(m, [1, 4, 0], 200, 200);
    expect(far.x).toBeCloseTo(100 + 100 * (f / 8), 9);
    expect(far.depth).toBeCloseTo(8, 9);
  });

  it('maps depth into WebGPU clip space [0, 1]', () => {
    const m = viewProjection(front, 1);
    const clipZ = (y: number): number => {
      const z = m[1 * 4 + 2]! * y + m[14]!;
      const w = m[1 * 4 + 3]! * y + m[15]!;
      return z / w;
    };
    expect(clipZ(-4 + 0.05)).toBeCloseTo(0, 9);
    expect(clipZ(-4 + 100)).toBeCloseTo(1, 9);
    expect(clipZ(0)).toBeGreaterThan(0);
    expect(clipZ(0)).toBeLessThan(1);
  });

  it('marks points behind the eye invisible', () => {
    expect(projectPoint(viewProjection(front, 1), [0, -10, 0], 100, 100).visible).toBe(false);
  });

  it('orbits, clamping the pitch short of the poles', () => {
    const c = orbit(front, 0.25, 0.5);
    expect(c.yaw).toBeCloseTo(front.yaw + 0.25, 12);
    expect(c.pitch).toBeCloseTo(0.5, 12);
    expect(orbit(front, 0, 10).pitch).toBe(CAMERA_LIMITS.pitch);
    expect(orbit(front, 0, -10).pitch).toBe(-CAMERA_LIMITS.pitch);
    // Yaw wraps into (−π, π].
    expect(orbit(front, 4 * Math.PI, 0).yaw).toBeCloseTo(front.yaw, 9);
  });

  it('zooms by a factor within the distance limits', () => {
    expect(zoom(front, 0.5).distance).toBe(2);
    expect(zoom(front, 0.01).distance).toBe(CAMERA_LIMITS.minDistance);
    expect(zoom(front, 100).distance).toBe(CAMERA_LIMITS.maxDistance);
  });

  it('pans so the scene follows the pointer', () => {
    const moved = pan(front, 10, 0, 200);
    const p = projectPoint(viewProjection(moved, 1), [0, 0, 0], 200, 200);
    expect(p.x).toBeCloseTo(110, 6);
    expect(p.y).toBeCloseTo(100, 6);
    const tilted = { ...front, pitch: 0.6 };
    const down = projectPoint(viewProjection(pan(tilted, 0, 10, 200), 1), [0, 0, 0], 200, 200);
    expect(down.y).toBeGreaterThan(100);
  });

  it('turns any input into a valid camera', () => {
    expect(normalizeCamera({})).toEqual(DEFAULT_CAMERA);
    const c = normalizeCamera({
      yaw: Number.NaN,
      pitch: 99,
      distance: Number.POSITIVE_INFINITY,
      targetX: -50,
      targetY: 'x' as unknown as number,
    });
    expect(c).toEqual({
      yaw: DEFAULT_CAMERA.yaw,
      pitch: CAMERA_LIMITS.pitch,
      distance: DEFAULT_CAMERA.distance,
      targetX: -CAMERA_LIMITS.target,
      targetY: 0,
    });
  });
});
