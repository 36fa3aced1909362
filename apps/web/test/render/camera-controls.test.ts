import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CAMERA } from '../../src/render/camera';
import { CameraControls, SURFACE_ARIA_LABEL } from '../../src/render/camera-controls';
import type { CameraState } from '../../src/render/types';

function setup(): { canvas: HTMLCanvasElement; state: { c: CameraState }; controls: CameraControls } {
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const state = { c: { ...DEFAULT_CAMERA } };
  const controls = new CameraControls(
    canvas,
    () => state.c,
    (c) => {
      state.c = c;
    },
  );
  return { canvas, state, controls };
}

/** jsdom has no PointerEvent: a MouseEvent carrying a pointerId stands in. */
function pointer(type: string, init: MouseEventInit & { pointerId: number }): MouseEvent {
  const e = new MouseEvent(type, { bubbles: true, cancelable: true, ...init });
  Object.defineProperty(e, 'pointerId', { value: init.pointerId });
  return e;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('camera controls', () => {
  it('makes the canvas focusable and labelled, without overriding the app', () => {
    const { canvas } = setup();
    expect(canvas.tabIndex).toBe(0);
    expect(canvas.getAttribute('aria-label')).toBe(SURFACE_ARIA_LABEL);
    expect(canvas.getAttribute('role')).toBe('application');
    const own = document.createElement('canvas');
    own.setAttribute('aria-label', 'mine');
    own.tabIndex = -1;
    new CameraControls(
      own,
      () => DEFAULT_CAMERA,
      () => {},
    );
    expect(own.getAttribute('aria-label')).toBe('mine');
    expect(own.tabIndex).toBe(-1);
  });

  it('orbits, zooms and pans from the keyboard', () => {
    const { canvas, state } = setup();
    const key = (key: string, shiftKey = false): boolean =>
      canvas.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, cancelable: true }));
    expect(key('ArrowLeft')).toBe(false); // handled keys are prevented
    expect(state.c.yaw).toBeCloseTo(DEFAULT_CAMERA.yaw + (5 * Math.PI) / 180, 12);
    key('ArrowUp');
    expect(state.c.pitch).toBeCloseTo(DEFAULT_CAMERA.pitch + (5 * Math.PI) / 180, 12);
    key('+');
    expect(state.c.distance).toBeLessThan(DEFAULT_CAMERA.distance);
    key('ArrowRight', true);
    expect(state.c.targetX !== 0 || state.c.targetY !== 0).toBe(true);
    key('Home');
    expect(state.c).toEqual(DEFAULT_CAMERA);
    expect(key('a')).toBe(true); // other keys pass through
  });

  it('zooms with the wheel', () => {
    const { canvas, state } = setup();
    canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, cancelable: true }));
    expect(state.c.distance).toBeCloseTo(DEFAULT_CAMERA.distance * Math.exp(0.15), 9);
  });

  it('orbits on drag and pans on shift-drag', () => {
    const { canvas, state } = setup();
    canvas.dispatchEvent(pointer('pointerdown', { pointerId: 1, clientX: 100, clientY: 100, button: 0 }));
    canvas.dispatchEvent(pointer('pointermove', { pointerId: 1, clientX: 110, clientY: 95 }));
    expect(state.c.yaw).toBeCloseTo(DEFAULT_CAMERA.yaw - 0.08, 12);
    expect(state.c.pitch).toBeCloseTo(DEFAULT_CAMERA.pitch - 0.04, 12);
    canvas.dispatchEvent(pointer('pointerup', { pointerId: 1 }));
    canvas.dispatchEvent(pointer('pointermove', { pointerId: 1, clientX: 200, clientY: 200 }));
    expect(state.c.yaw).toBeCloseTo(DEFAULT_CAMERA.yaw - 0.08, 12); // no drag after release

    const before = { ...state.c };
    canvas.dispatchEvent(pointer('pointerdown', { pointerId: 2, clientX: 0, clientY: 0, shiftKey: true }));
    canvas.dispatchEvent(pointer('pointermove', { pointerId: 2, clientX: 30, clientY: 0, shiftKey: true }));
    expect(state.c.yaw).toBe(before.yaw);
    expect(state.c.targetX !== before.targetX || state.c.targetY !== before.targetY).toBe(true);
  });

  it('zooms on a two-finger pinch', () => {
    const { canvas, state } = setup();
    canvas.dispatchEvent(pointer('pointerdown', { pointerId: 1, clientX: 100, clientY: 100 }));
    canvas.dispatchEvent(pointer('pointerdown', { pointerId: 2, clientX: 200, clientY: 100 }));
    canvas.dispatchEvent(pointer('pointermove', { pointerId: 2, clientX: 300, clientY: 100 }));
    expect(state.c.distance).toBeCloseTo(DEFAULT_CAMERA.distance / 2, 9);
  });

  it('stops listening when destroyed', () => {
    const { canvas, state, controls } = setup();
    controls.destroy();
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' }));
    expect(state.c).toEqual(DEFAULT_CAMERA);
  });
});
