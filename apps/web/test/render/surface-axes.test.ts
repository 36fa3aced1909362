import { describe, expect, it } from 'vitest';
import { axisTicks } from '../../src/lib/ticks';
import { DEFAULT_CAMERA, projectPoint, viewProjection } from '../../src/render/camera';
import { resolveScale } from '../../src/render/scale';
import { surfaceAxesLayout } from '../../src/render/surface-axes';
import { pickSurfacePoint, surfaceWorld } from '../../src/render/surface-pick';
import type { CameraState } from '../../src/render/types';

const W = 800;
const H = 600;
const axes = {
  x: { ticks: axisTicks(-3, 3, 'linear'), title: 'r' },
  y: { ticks: axisTicks(0.1, 10, 'log'), title: 'delta (log)' },
  z: { ticks: axisTicks(0, 4.5, 'linear'), title: 'value' },
};

/** Screen centre of the box's floor, the point labels are pushed away from. */
function floorCentre(camera: CameraState) {
  return projectPoint(viewProjection(camera, W / H), [0, 0, -0.5], W, H);
}

describe('surface axis labels', () => {
  it('label every tick of the three axes, with a title each', () => {
    const { texts, marks } = surfaceAxesLayout(DEFAULT_CAMERA, W, H, axes);
    for (const axis of ['x', 'y', 'z'] as const) {
      const ticks = texts.filter((t) => t.axis === axis && t.kind === 'tick').map((t) => t.text);
      expect(ticks).toEqual(axes[axis].ticks.map((t) => t.label));
      expect(texts.filter((t) => t.axis === axis && t.kind === 'title').map((t) => t.text)).toEqual([
        axes[axis].title,
      ]);
      expect(marks.filter((m) => m.axis === axis)).toHaveLength(axes[axis].ticks.length);
    }
  });

  it('put tick marks on the box’s edges where the camera projects them, pointing outward', () => {
    for (const yaw of [-2.1, -0.5, 0.7, 2.6]) {
      const camera = { ...DEFAULT_CAMERA, yaw };
      const m = viewProjection(camera, W / H);
      const { marks } = surfaceAxesLayout(camera, W, H, axes);
      const centre = floorCentre(camera);
      const xMarks = marks.filter((mark) => mark.axis === 'x');
      // Each x tick starts on one of the two bottom x edges, at its position along the axis.
      const onEdge = axes.x.ticks.map((tick, k) => {
        const candidates = [-1, 1].map((y) => projectPoint(m, [-1 + 2 * tick.at, y, -0.5], W, H));
        return candidates.some((p) => Math.hypot(p.x - xMarks[k]!.x1, p.y - xMarks[k]!.y1) < 1e-6);
      });
      expect(onEdge.every(Boolean)).toBe(true);
      // Outward: the mark's far end is farther from the floor's centre than its start.
      for (const mark of marks.filter((mk) => mk.axis !== 'z'))
        expect(Math.hypot(mark.x2 - centre.x, mark.y2 - centre.y)).toBeGreaterThan(
          Math.hypot(mark.x1 - centre.x, mark.y1 - centre.y),
        );
    }
  });

  it('use the x edge nearer the eye, and raise the height ticks with their values', () => {
    const camera = DEFAULT_CAMERA;
    const m = viewProjection(camera, W / H);
    const nearer = [-1, 1].sort(
      (a, b) => projectPoint(m, [0, a, -0.5], W, H).depth - projectPoint(m, [0, b, -0.5], W, H).depth,
    )[0]!;
    const { marks } = surfaceAxesLayout(camera, W, H, axes);
    const first = marks.find((mk) => mk.axis === 'x')!;
    const expected = projectPoint(m, [-1 + 2 * axes.x.ticks[0]!.at, nearer, -0.5], W, H);
    expect(first.x1).toBeCloseTo(expected.x, 9);
    expect(first.y1).toBeCloseTo(expected.y, 9);
    const z = marks.filter((mk) => mk.axis === 'z').map((mk) => mk.y1);
    for (let k = 1; k < z.length; k++) expect(z[k]!).toBeLessThan(z[k - 1]!);
  });

  it('are empty for a canvas with no size', () => {
    expect(surfaceAxesLayout(DEFAULT_CAMERA, 0, 0, axes).texts).toEqual([]);
  });
});

describe('surface picking', () => {
  const nx = 64;
  const ny = 48;
  const data = new Float32Array(nx * ny);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) data[j * nx + i] = Math.sin(i / 9) * Math.cos(j / 7);
  const scale = resolveScale({ colorScale: 'linear', range: { min: -1, max: 1 } });
  const m = viewProjection(DEFAULT_CAMERA, W / H);
  const screen = (i: number, j: number) => projectPoint(m, surfaceWorld(data, nx, ny, i, j, scale), W, H);

  it('finds the grid point drawn under the pointer', () => {
    for (const [i, j] of [
      [10, 5],
      [32, 24],
      [60, 40],
      [0, 0],
    ] as const) {
      const s = screen(i, j);
      const pick = pickSurfacePoint(data, nx, ny, scale, DEFAULT_CAMERA, W, H, { x: s.x, y: s.y });
      expect(pick, `(${i}, ${j})`).toBeDefined();
      // The point itself, or a neighbour drawn at the same pixel.
      const found = screen(pick!.i, pick!.j);
      expect(Math.hypot(found.x - s.x, found.y - s.y)).toBeLessThan(0.5);
      expect(pick!.x).toBeCloseTo(found.x, 9);
    }
  });

  it('finds nothing away from the surface', () => {
    expect(pickSurfacePoint(data, nx, ny, scale, DEFAULT_CAMERA, W, H, { x: 2, y: 2 })).toBeUndefined();
  });

  it('places heights as the renderers do: ±∞ at the top and bottom of the box', () => {
    const special = Float32Array.of(Number.POSITIVE_INFINITY, Number.NaN, 0, 1);
    expect(surfaceWorld(special, 2, 2, 0, 0, scale)[2]).toBe(0.5);
    expect(surfaceWorld(special, 2, 2, 1, 0, scale)[2]).toBe(-0.5);
    expect(surfaceWorld(special, 2, 2, 0, 1, scale)).toEqual([-1, 1, 0]);
  });
});

describe('surface picking behind a hill', () => {
  it('takes the front of the surface where it hides the back', () => {
    const nx = 33;
    const data = new Float32Array(nx * nx);
    // A tall ridge along the row nearest the default camera, flat floor elsewhere.
    const m = viewProjection(DEFAULT_CAMERA, W / H);
    const scale = resolveScale({ colorScale: 'linear', range: { min: 0, max: 1 } });
    const near =
      projectPoint(m, [0, -1, 0], W, H).depth < projectPoint(m, [0, 1, 0], W, H).depth ? 2 : nx - 3;
    for (let i = 0; i < nx; i++) data[near * nx + i] = 1;
    // A floor point straight behind the ridge's top on screen.
    const top = projectPoint(m, surfaceWorld(data, nx, nx, 16, near, scale), W, H);
    const pick = pickSurfacePoint(data, nx, nx, scale, DEFAULT_CAMERA, W, H, { x: top.x, y: top.y + 2 });
    expect(pick).toBeDefined();
    expect(Math.abs(pick!.j - near)).toBeLessThanOrEqual(1);
  });
});

describe('surface axis labels on a narrow canvas', () => {
  it('stay inside the canvas', () => {
    for (const [w, h] of [
      [300, 300],
      [360, 240],
    ] as const) {
      for (const yaw of [-2.1, 0.4, 2.6]) {
        const { texts } = surfaceAxesLayout({ ...DEFAULT_CAMERA, yaw, distance: 3 }, w, h, axes);
        for (const t of texts) {
          const width = t.text.length * (t.kind === 'tick' ? 6.7 : 7);
          const left = t.align === 'left' ? t.x : t.align === 'right' ? t.x - width : t.x - width / 2;
          expect(left, t.text).toBeGreaterThanOrEqual(0);
          expect(left + width, t.text).toBeLessThanOrEqual(w);
          expect(t.y).toBeGreaterThanOrEqual(0);
          expect(t.y).toBeLessThanOrEqual(h);
        }
      }
    }
  });
});
