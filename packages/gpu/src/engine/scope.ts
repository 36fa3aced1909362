/** GPU errors of one operation, as GpuErrors: out-of-memory and validation scopes around synchronous work. */
import { GpuError } from '../errors.js';

export interface Scoped<T> {
  readonly value: T;
  /** Resolves when the work raised no error; rejects with a GpuError otherwise. */
  readonly errors: Promise<void>;
}

/**
 * Runs `work` (synchronous: creating buffers and pipelines, encoding,
 * submitting) inside out-of-memory and validation error scopes. Scopes are a
 * stack per device, so pushing and popping in one synchronous block keeps
 * concurrent operations from catching each other's errors.
 */
export function scoped<T>(device: GPUDevice, work: () => T): Scoped<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: work() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  // Popped in reverse order, also when work threw.
  const validation = device.popErrorScope();
  const memory = device.popErrorScope();
  if (!outcome.ok) {
    validation.catch(() => {});
    memory.catch(() => {});
    throw outcome.error;
  }
  const value = outcome.value;
  const errors = Promise.all([memory, validation]).then(
    ([oom, invalid]) => {
      if (oom) throw new GpuError('out-of-memory', oom.message || 'a buffer allocation failed');
      if (invalid) throw new GpuError('validation', invalid.message);
    },
    (error: unknown) => {
      // popErrorScope rejects only when the device is gone.
      throw new GpuError(
        'device-lost',
        `error scope lost: ${error instanceof Error ? error.message : String(error)}`,
      );
    },
  );
  // Callers may attach handlers later; don't report an unhandled rejection meanwhile.
  errors.catch(() => {});
  return { value, errors };
}
