import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMERA, projectPoint, viewProjection } from '../../src/render/camera';
import { buildSurfaceScene, type SceneQuad } from '../../src/render/canvas2d/surface-scene';
import type { ColorStyle } from '../../src/render/types';

const style: ColorStyle = {
  colormap: 'viridis',
  colorScale: 'linear',
  range: { min: 0, max: 1 },
  contours: 0,
};

describe('Canvas 2D surface scene', () => {
  it('has one quad per grid square plus the 12 frame edges (in 16 pieces), far to near', () => {
    const data = Float32Array.of(0, 0.5, 1, 0.2, 0.4, 0.6, 1, 0.5, 0);
    const scene = buildSurfaceScene(data, 3, 3, style, DEFAULT_CAMERA, 400, 300);
    expect(scene.filter((p) => p.kind === 'quad')).toHaveLength(4);
    expect(scene.filter((p) => p.kind === 'line')).toHaveLength(12 * 16);
    for (let k = 1; k < scene.length; k++) expect(scene[k]!.depth).toBeLessThanOrEqual(scene[k - 1]!.depth);
  });

  it('puts nodes where the camera projects the world grid, height from the colour scale', () => {
    // 2 × 2 grid: corner (i, j) sits at x = 2i − 1, y = 2j − 1, z = t − 0.5.
    const data = Float32Array.of(0, 1, 0.5, 0.25);
    const [quad] = buildSurfaceScene(data, 2, 2, style, DEFAULT_CAMERA, 400, 300).filter(
      (p): p is SceneQuad => p.kind === 'quad',
    );
    const m = viewProjection(DEFAULT_CAMERA, 400 / 300);
    const corners: [number, number, number][] = [
      [-1, -1, -0.5],
      [1, -1, 0.5],
      [1, 1, -0.25],
      [-1, 1, 0],
    ];
    corners.forEach((c, k) => {
      const p = projectPoint(m, c, 400, 300);
      // Corners are pushed 0.5 px outwards to close seams between quads.
      const d = Math.hypot(quad!.points[2 * k]! - p.x, quad!.points[2 * k + 1]! - p.y);
      expect(d).toBeCloseTo(0.5, 9);
    });
  });

  it('decimates large grids to at most 64 × 64 quads', () => {
    const data = new Float32Array(500 * 300).fill(0.5);
    const quads = buildSurfaceScene(data, 500, 300, style, DEFAULT_CAMERA, 400, 300).filter(
      (p) => p.kind === 'quad',
    );
    expect(quads).toHaveLength(64 * 64);
  });

  it('lights a flat surface evenly and colours marked corners with the markers', () => {
    const flat = buildSurfaceScene(
      new Float32Array(9).fill(0.5),
      3,
      3,
      style,
      DEFAULT_CAMERA,
      400,
      300,
    ).filter((p): p is SceneQuad => p.kind === 'quad');
    for (const q of flat) expect(q.rgb).toEqual(flat[0]!.rgb);

    const data = Float32Array.of(0, 0, 0, 0, Number.POSITIVE_INFINITY, 0, 0, 0, Number.NaN);
    const quads = buildSurfaceScene(data, 3, 3, style, DEFAULT_CAMERA, 400, 300).filter(
      (p): p is SceneQuad => p.kind === 'quad',
    );
    // Every square touches the +Inf centre: magenta, shaded (green channel stays 0).
    for (const q of quads) {
      expect(q.rgb[1]).toBe(0);
      expect(q.rgb[0]).toBe(q.rgb[2]);
      expect(q.rgb[0]).toBeGreaterThan(0);
    }
  });
});
