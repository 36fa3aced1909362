/**
 * Whether the engine's device still works: a device loss (or destroy())
 * stops the engine for good, and any GPU work being awaited meanwhile
 * rejects with that GpuError instead of hanging or failing obscurely.
 */
import { errorText, GpuError } from '../errors.js';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class DeviceLifecycle {
  private lostError: GpuError | null = null;
  private destroyed = false;
  private signalStop!: (error: GpuError) => void;
  /** Settles with the reason the engine stopped working (device loss or destroy()). */
  private readonly stopped = new Promise<GpuError>((resolve) => {
    this.signalStop = resolve;
  });

  /** `onLost` runs once when the device is lost (not when the engine is destroyed). */
  constructor(device: GPUDevice, onLost: (error: GpuError) => void) {
    device.lost.then((info) => {
      if (this.destroyed) return;
      const detail = info.message ? `${info.message} (reason: ${info.reason})` : `reason: ${info.reason}`;
      const error = new GpuError('device-lost', detail);
      this.lostError = error;
      this.signalStop(error);
      onLost(error);
    });
  }

  /** The loss, once the device is lost; null while it works (also after destroy()). */
  get lost(): GpuError | null {
    return this.lostError;
  }

  /** Marks the engine destroyed; false if it already was. */
  destroy(): boolean {
    if (this.destroyed) return false;
    this.destroyed = true;
    this.signalStop(new GpuError('device-lost', 'the sweep engine was destroyed'));
    return true;
  }

  /** Throws the GpuError that stopped the engine, if one did. */
  assertUsable(): void {
    if (this.lostError) throw this.lostError;
    if (this.destroyed) throw new GpuError('device-lost', 'the sweep engine was destroyed; create a new one');
  }

  /** Awaits GPU work, turning a device loss (also one that happens meanwhile) into its GpuError. */
  async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await Promise.race([
        work,
        this.stopped.then((error) => {
          throw error;
        }),
      ]);
    } catch (error) {
      if (error instanceof GpuError) throw error;
      // A map or scope failing while the device goes away: the loss is reported just after.
      const stop = await Promise.race([this.stopped, delay(250).then(() => null)]);
      if (stop) throw stop;
      throw new GpuError('validation', errorText(error), { cause: error });
    }
  }
}
