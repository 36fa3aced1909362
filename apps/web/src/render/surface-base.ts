import { DEFAULT_CAMERA, normalizeCamera } from './camera';
import { CameraControls } from './camera-controls';
import type { CameraState, GridSource, SurfaceRenderer, SurfaceStyle } from './types';

/**
 * Camera state, input handling and redraw scheduling common to both surface
 * backends; a subclass only knows how to render the last source and style.
 * User input notifies onCameraChange listeners; setting `camera` from code
 * (e.g. from the URL) redraws without notifying, so URL sync cannot loop.
 */
export abstract class SurfaceBase implements SurfaceRenderer {
  abstract readonly backend: 'webgpu' | 'canvas2d';
  protected last: { source: GridSource; style: SurfaceStyle } | null = null;
  private state: CameraState = { ...DEFAULT_CAMERA };
  private readonly listeners: Array<(c: CameraState) => void> = [];
  private readonly controls: CameraControls;
  private frame = 0;

  constructor(protected readonly canvas: HTMLCanvasElement) {
    this.controls = new CameraControls(
      canvas,
      () => this.state,
      (c) => this.userMoved(c),
    );
  }

  get camera(): CameraState {
    return { ...this.state };
  }

  set camera(c: CameraState) {
    this.state = normalizeCamera(c);
    this.scheduleRender();
  }

  onCameraChange(cb: (c: CameraState) => void): void {
    this.listeners.push(cb);
  }

  draw(source: GridSource, style: SurfaceStyle): void {
    this.last = { source, style };
    this.cancelFrame();
    this.render(source, style, this.state);
  }

  destroy(): void {
    this.cancelFrame();
    this.controls.destroy();
    this.listeners.length = 0;
    this.last = null;
    this.release();
  }

  protected abstract render(source: GridSource, style: SurfaceStyle, camera: CameraState): void;
  protected abstract release(): void;

  private userMoved(c: CameraState): void {
    this.state = normalizeCamera(c);
    this.scheduleRender();
    const snapshot = this.camera;
    for (const cb of this.listeners) cb(snapshot);
  }

  /** Camera moves redraw at most once per display frame. */
  private scheduleRender(): void {
    if (this.frame || !this.last) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.last) this.render(this.last.source, this.last.style, this.state);
    });
  }

  private cancelFrame(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
