/**
 * Which compute path is active, and why. GPU first, CPU always: the WebGPU
 * engine when the browser has one and the user has not forced the CPU; the
 * worker pool otherwise, and from the moment a GPU device is lost.
 */
import type { LandscapeSpec } from '@losslab/core';
import type { GpuError } from '@losslab/gpu';
import { createSignal } from 'solid-js';
import { createCpuBackend } from './cpu-backend';
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
  dispose(): void;
}

export function createBackendController(initialForceCpu: boolean): BackendController {
  const [backend, setBackend] = createSignal<ComputeBackend | undefined>(undefined);
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
    setBackend({ ...pool, info: { ...pool.info, reason } });
  };
  const cpuLandscape = (spec: LandscapeSpec) =>
    cpuPool('CPU workers for what the GPU path leaves to the CPU.').landscape(spec);

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
      setBackend(gpu);
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
      if (mine === generation && !forceCpu) setBackend(created);
    } catch (error) {
      gpuFailure = describeFailure(error);
      if (mine === generation && !forceCpu) useCpu(`${gpuFailure} Drawing on the CPU instead.`);
    }
  };

  void choose();
  return {
    backend,
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
