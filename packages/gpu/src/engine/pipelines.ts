/**
 * Compiled pipelines, cached by program key (for a sweep: the loss
 * definition, output, axes, layout, regime code): moving a slider changes
 * uniforms only, never the key, so it never recompiles. Bind group layouts
 * are shared by every program with the same bindings (uniforms at 0, then
 * the program's storage buffers in order).
 */
import type { Program, StorageAccess } from '../programs/program.js';
import type { FieldSpecs } from '../wgsl/struct.js';
import { ShaderStage } from './flags.js';

interface Layouts {
  readonly group: GPUBindGroupLayout;
  readonly pipeline: GPUPipelineLayout;
}

export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly layouts = new Map<string, Layouts>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  /** The program's pipeline, compiling its source the first time. Call inside an error scope. */
  get<S extends FieldSpecs, E>(program: Program<S, E>): GPUComputePipeline {
    let pipeline = this.pipelines.get(program.key);
    if (!pipeline) {
      const module = this.device.createShaderModule({ label: program.key, code: program.source() });
      pipeline = this.device.createComputePipeline({
        label: program.key,
        layout: this.layoutsFor(program.storage).pipeline,
        compute: { module, entryPoint: program.entryPoint },
      });
      this.pipelines.set(program.key, pipeline);
    }
    return pipeline;
  }

  /** Drops a pipeline that failed to build, so that the next use reports the error again. */
  forget(key: string): void {
    this.pipelines.delete(key);
  }

  /** Binds the uniforms and the program's storage buffers (whole buffers, in order). */
  bindGroup<S extends FieldSpecs, E>(
    program: Program<S, E>,
    params: GPUBuffer,
    storage: readonly GPUBuffer[],
  ): GPUBindGroup {
    if (storage.length !== program.storage.length) {
      throw new Error(
        `${program.label}: ${storage.length} storage buffers given, the program binds ${program.storage.length}`,
      );
    }
    return this.device.createBindGroup({
      label: program.label,
      layout: this.layoutsFor(program.storage).group,
      entries: [
        { binding: 0, resource: { buffer: params } },
        ...storage.map((buffer, k) => ({ binding: k + 1, resource: { buffer } })),
      ],
    });
  }

  private layoutsFor(storage: readonly StorageAccess[]): Layouts {
    const signature = storage.join(',');
    let layouts = this.layouts.get(signature);
    if (!layouts) {
      const compute = ShaderStage.COMPUTE;
      const group = this.device.createBindGroupLayout({
        label: `losslab bindings (uniform, ${signature})`,
        entries: [
          { binding: 0, visibility: compute, buffer: { type: 'uniform' } },
          ...storage.map((access, k) => ({
            binding: k + 1,
            visibility: compute,
            buffer: { type: access === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
          })),
        ],
      });
      layouts = { group, pipeline: this.device.createPipelineLayout({ bindGroupLayouts: [group] }) };
      this.layouts.set(signature, layouts);
    }
    return layouts;
  }
}
