/**
 * Compiled pipelines, cached by shader key (loss, output, axes, layout):
 * moving a slider changes uniforms only, never the key, so it never
 * recompiles. Every kernel binds (uniform params, read-only input, output).
 */

import { ShaderStage } from './flags.js';

export interface Kernel {
  readonly pipeline: GPUComputePipeline;
  readonly key: string;
}

export class PipelineCache {
  private readonly kernels = new Map<string, Kernel>();
  readonly bindGroupLayout: GPUBindGroupLayout;
  private readonly layout: GPUPipelineLayout;

  constructor(private readonly device: GPUDevice) {
    const compute = ShaderStage.COMPUTE;
    this.bindGroupLayout = device.createBindGroupLayout({
      label: 'losslab kernel bindings',
      entries: [
        { binding: 0, visibility: compute, buffer: { type: 'uniform' } },
        { binding: 1, visibility: compute, buffer: { type: 'read-only-storage' } },
        { binding: 2, visibility: compute, buffer: { type: 'storage' } },
      ],
    });
    this.layout = device.createPipelineLayout({ bindGroupLayouts: [this.bindGroupLayout] });
  }

  get size(): number {
    return this.kernels.size;
  }

  /** The pipeline for `key`, compiling `source()` the first time. Call inside an error scope. */
  get(key: string, entryPoint: string, source: () => string): Kernel {
    let kernel = this.kernels.get(key);
    if (!kernel) {
      const module = this.device.createShaderModule({ label: key, code: source() });
      const pipeline = this.device.createComputePipeline({
        label: key,
        layout: this.layout,
        compute: { module, entryPoint },
      });
      kernel = { pipeline, key };
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  /** Drops a pipeline that failed to build, so that the next use reports the error again. */
  forget(key: string): void {
    this.kernels.delete(key);
  }

  bindGroup(params: GPUBuffer, input: GPUBuffer, output: GPUBuffer, outputBytes?: number): GPUBindGroup {
    return this.device.createBindGroup({
      layout: this.bindGroupLayout,
      entries: [
        { binding: 0, resource: { buffer: params } },
        { binding: 1, resource: { buffer: input } },
        {
          binding: 2,
          resource: outputBytes === undefined ? { buffer: output } : { buffer: output, size: outputBytes },
        },
      ],
    });
  }
}

/** Splits a workgroup count into a 2D grid within the per-dimension limit. */
export function dispatch2d(workgroups: number, perDimension: number): [number, number] {
  if (workgroups <= perDimension) return [Math.max(1, workgroups), 1];
  const y = Math.ceil(workgroups / perDimension);
  return [Math.ceil(workgroups / y), y];
}
