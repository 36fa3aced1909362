/** The faults the GPU path can report, typed so the app can fall back to the CPU and say why. */

export type GpuErrorKind =
  | 'no-webgpu'
  | 'no-adapter'
  | 'device-request-failed'
  | 'device-lost'
  | 'out-of-memory'
  | 'validation';

const headline: Record<GpuErrorKind, string> = {
  'no-webgpu': 'WebGPU is not available',
  'no-adapter': 'no WebGPU adapter',
  'device-request-failed': 'the GPU device request failed',
  'device-lost': 'the GPU device was lost',
  'out-of-memory': 'the GPU ran out of memory',
  validation: 'the GPU rejected a command',
};

export class GpuError extends Error {
  override readonly name = 'GpuError';

  /**
   * @param kind what went wrong, for the app to act on
   * @param reason a human-readable explanation (the browser's or driver's message where there is one)
   */
  constructor(
    readonly kind: GpuErrorKind,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${headline[kind]}: ${reason}`, options);
  }
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
