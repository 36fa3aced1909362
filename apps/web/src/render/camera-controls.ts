import { DEFAULT_CAMERA, orbit, pan, zoom } from './camera';
import type { CameraState } from './types';

const ORBIT_PER_PIXEL = 0.008;
const KEY_ORBIT = (5 * Math.PI) / 180;
const KEY_ZOOM = 1.15;
const KEY_PAN_PIXELS = 24;

export const SURFACE_ARIA_LABEL =
  '3D surface of the loss. Drag to rotate, shift-drag or right-drag to pan, scroll or pinch to zoom. ' +
  'Keys: arrows rotate, shift+arrows pan, plus and minus zoom, Home resets the view.';

/**
 * Mouse, touch, wheel and keyboard handling for an orbit camera on a canvas.
 * Input is turned into a new camera and passed to `apply`; the owner keeps
 * the state, so programmatic changes and user changes go through one place.
 */
export class CameraControls {
  private readonly pointers = new Map<number, { x: number; y: number; button: number; shift: boolean }>();
  private readonly abort = new AbortController();

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly get: () => CameraState,
    private readonly apply: (c: CameraState) => void,
  ) {
    if (!canvas.hasAttribute('tabindex')) canvas.tabIndex = 0;
    if (!canvas.hasAttribute('role')) canvas.setAttribute('role', 'application');
    if (!canvas.hasAttribute('aria-label')) canvas.setAttribute('aria-label', SURFACE_ARIA_LABEL);
    // Let pointer events see touch drags instead of the page scrolling.
    canvas.style.touchAction = 'none';
    const opts = { signal: this.abort.signal };
    canvas.addEventListener('pointerdown', (e) => this.down(e), opts);
    canvas.addEventListener('pointermove', (e) => this.move(e), opts);
    canvas.addEventListener('pointerup', (e) => this.up(e), opts);
    canvas.addEventListener('pointercancel', (e) => this.up(e), opts);
    canvas.addEventListener('wheel', (e) => this.wheel(e), { ...opts, passive: false });
    canvas.addEventListener('keydown', (e) => this.key(e), opts);
    canvas.addEventListener('contextmenu', (e) => e.preventDefault(), opts);
  }

  private viewHeight(): number {
    return this.canvas.clientHeight || this.canvas.height || 1;
  }

  private down(e: PointerEvent): void {
    this.canvas.setPointerCapture?.(e.pointerId);
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY, button: e.button, shift: e.shiftKey });
    e.preventDefault();
  }

  private move(e: PointerEvent): void {
    const prev = this.pointers.get(e.pointerId);
    if (!prev) return;
    if (this.pointers.size >= 2) {
      // Two fingers: pinch distance zooms, the midpoint pans.
      const [a, b] = [...this.pointers.values()];
      if (!a || !b) return;
      const before = { mid: [(a.x + b.x) / 2, (a.y + b.y) / 2], dist: Math.hypot(a.x - b.x, a.y - b.y) };
      prev.x = e.clientX;
      prev.y = e.clientY;
      const after = { mid: [(a.x + b.x) / 2, (a.y + b.y) / 2], dist: Math.hypot(a.x - b.x, a.y - b.y) };
      let c = this.get();
      if (before.dist > 0 && after.dist > 0) c = zoom(c, before.dist / after.dist);
      c = pan(c, after.mid[0]! - before.mid[0]!, after.mid[1]! - before.mid[1]!, this.viewHeight());
      this.apply(c);
      return;
    }
    const dx = e.clientX - prev.x;
    const dy = e.clientY - prev.y;
    prev.x = e.clientX;
    prev.y = e.clientY;
    if (dx === 0 && dy === 0) return;
    const panning = prev.button === 2 || prev.button === 1 || prev.shift || e.shiftKey;
    this.apply(
      panning
        ? pan(this.get(), dx, dy, this.viewHeight())
        : orbit(this.get(), -dx * ORBIT_PER_PIXEL, dy * ORBIT_PER_PIXEL),
    );
  }

  private up(e: PointerEvent): void {
    this.pointers.delete(e.pointerId);
    if (this.canvas.hasPointerCapture?.(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const lines = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    this.apply(zoom(this.get(), Math.exp(e.deltaY * lines * 0.0015)));
  }

  private key(e: KeyboardEvent): void {
    const c = this.get();
    let next: CameraState | null = null;
    const h = this.viewHeight();
    switch (e.key) {
      case 'ArrowLeft':
        next = e.shiftKey ? pan(c, -KEY_PAN_PIXELS, 0, h) : orbit(c, KEY_ORBIT, 0);
        break;
      case 'ArrowRight':
        next = e.shiftKey ? pan(c, KEY_PAN_PIXELS, 0, h) : orbit(c, -KEY_ORBIT, 0);
        break;
      case 'ArrowUp':
        next = e.shiftKey ? pan(c, 0, -KEY_PAN_PIXELS, h) : orbit(c, 0, KEY_ORBIT);
        break;
      case 'ArrowDown':
        next = e.shiftKey ? pan(c, 0, KEY_PAN_PIXELS, h) : orbit(c, 0, -KEY_ORBIT);
        break;
      case '+':
      case '=':
        next = zoom(c, 1 / KEY_ZOOM);
        break;
      case '-':
      case '_':
        next = zoom(c, KEY_ZOOM);
        break;
      case 'Home':
        next = { ...DEFAULT_CAMERA };
        break;
    }
    if (next) {
      e.preventDefault();
      this.apply(next);
    }
  }

  destroy(): void {
    this.abort.abort();
    this.pointers.clear();
  }
}
