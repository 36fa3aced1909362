/**
 * Which compute path is active, and why. GPU first, CPU always: the WebGPU
 * engine when the browser has one and the user has not forced the CPU; the
 * worker pool otherwise, and from the moment a GPU device is lost. A view the
 * GPU refuses because f32 cannot hold its inputs (an axis from 1e-40, or to
 * 1e308: @losslab/gpu's F32RangeError) is computed by the worker pool in f64,
 * and `f64Note` says so for the status badge.
 */
import type { AxisSpec, LandscapeSpec } from '@losslab/core';
import type { GpuError } from '@losslab/gpu';
import { createSignal } from 'solid-js';
import { CPU_MAX_RESOLUTION, createCpuBackend } from './cpu-backend';
import type { ComputeBackend } from './types';

/** Browsers without WebGPU never load the GPU engine: it lives in its own chunk. */
const loadGpuBackend = () => import('./gpu-backend');

export interface BackendController {
  /** The active backend; undefined while the first one starts. */
  readonly backend: () => ComputeBackend | undefined;
  /** Switches between forced CPU and GPU-first. */
  setForceCpu(force: boolean): void;
  /** Tries the GPU again after a device loss. */
  retryGpu(): void;
  /** Why the last sweep ran on the CPU although the GPU is active (its range needs f64); else undefined. */
  readonly f64Note: () => string | undefined;
  dispose(): void;
}

/** The GPU's refusal of inputs beyond f32 (a RangeError named F32RangeError; the class lives in the GPU chunk). */
function needsF64(error: unknown): error is RangeError {
  return error instanceof RangeError && error.name === 'F32RangeError';
}

export function createBackendController(initialForceCpu: boolean): BackendController {
  const [backend, setBackend] = createSignal<ComputeBackend | undefined>(undefined);
  const [f64Note, setF64Note] = createSignal<string | undefined>(undefined);
  let forceCpu = initialForceCpu;
  let gpu: ComputeBackend | undefined;
  let cpu: ComputeBackend | undefined;
  /** Why the GPU is unusable, once it has failed; cleared by retryGpu. */
  let gpuFailure: string | undefined;
  let generation = 0;
  let disposed = false;

  /** One worker pool for the session, started when first needed (the GPU path uses it for landscapes it cannot do). */
  const cpuPool = (reason: string) => {
    cpu ??= createCpuBackend(reason);
    return cpu;
  };
  const useCpu = (reason: string) => {
    // Only the badge reason changes.
    const pool = cpuPool(reason);
    setF64Note(undefined);
    setBackend({ ...pool, info: { ...pool.info, reason } });
  };
  const cpuLandscape = (spec: LandscapeSpec) =>
    cpuPool('CPU workers for what the GPU path leaves to the CPU.').landscape(spec);

  /** The GPU backend, with the views it refuses for f32's range computed by the worker pool in f64. */
  const withF64Fallback = (gpuBackend: ComputeBackend): ComputeBackend => ({
    ...gpuBackend,
    async sweep(spec) {
      try {
        const result = await gpuBackend.sweep(spec);
        setF64Note(undefined);
        return result;
      } catch (error) {
        if (!needsF64(error)) throw error;
        // At most the CPU path's own grid: a 4096² GPU grid would take the workers seconds.
        const side = (axis: AxisSpec): AxisSpec =>
          axis.size !== undefined && axis.size > CPU_MAX_RESOLUTION
            ? { ...axis, size: CPU_MAX_RESOLUTION }
            : axis;
        const capped = { ...spec, x: side(spec.x), y: side(spec.y) };
        const result = await cpuPool('Ranges beyond f32 are computed on the CPU in f64.').sweep(capped);
        const why = error.message.replace(/;\s*compute it on the CPU in f64\.?$/, '');
        const grid =
          capped.x !== spec.x || capped.y !== spec.y ? ` (at most ${CPU_MAX_RESOLUTION}² there)` : '';
        setF64Note(`This view needs f64, computed on the CPU${grid}: ${why}.`);
        return result;
      }
    },
  });

  let describeFailure: (error: unknown) => string = (error) =>
    `The GPU engine could not be loaded (${error instanceof Error ? error.message : String(error)}).`;

  const onDeviceLost = (error: GpuError) => {
    gpu = undefined;
    gpuFailure = describeFailure(error);
    if (!forceCpu && !disposed) useCpu(`${gpuFailure} Drawing on the CPU instead.`);
  };

  const choose = async () => {
    const mine = ++generation;
    if (forceCpu) {
      useCpu('CPU path forced by the “Force CPU” switch.');
      return;
    }
    if (gpu) {
      setBackend(withF64Fallback(gpu));
      return;
    }
    if (gpuFailure) {
      useCpu(`${gpuFailure} Drawing on the CPU instead.`);
      return;
    }
    try {
      const module = await loadGpuBackend();
      describeFailure = module.describeGpuFailure;
      const created = await module.createGpuBackend(onDeviceLost, cpuLandscape);
      if (disposed) {
        created.destroy();
        return;
      }
      gpu = created;
      if (mine === generation && !forceCpu) setBackend(withF64Fallback(created));
    } catch (error) {
      gpuFailure = describeFailure(error);
      if (mine === generation && !forceCpu) useCpu(`${gpuFailure} Drawing on the CPU instead.`);
    }
  };

  void choose();
  return {
    backend,
    f64Note,
    setForceCpu(force) {
      if (force === forceCpu) return;
      forceCpu = force;
      void choose();
    },
    retryGpu() {
      gpuFailure = undefined;
      void choose();
    },
    dispose() {
      disposed = true;
      gpu?.destroy();
      cpu?.destroy();
    },
  };
}
