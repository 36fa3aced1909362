/**
 * The GPU the tests run on: Dawn through the `webgpu` package. When there is
 * no adapter the GPU tests skip, and say so loudly; everything else fails.
 */
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);

// Dawn tears the instance down when this object is garbage-collected, taking
// every device with it: keep it referenced for the life of the test process.
export const gpu: GPU = create([]);

const adapter = await gpu.requestAdapter();

/** True when WebGPU tests can run here. */
export const hasAdapter = adapter !== null;

if (!hasAdapter) {
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! NO WEBGPU ADAPTER: the @losslab/gpu GPU tests are SKIPPED.\n!! Set VK_ICD_FILENAMES to a Vulkan ICD (e.g. SwiftShader's) to run them.\n${bar}\n`,
  );
}

/** A fresh device (each test file gets its own); throws if there is no adapter. */
export async function testDevice(): Promise<GPUDevice> {
  const a = await gpu.requestAdapter();
  if (!a) throw new Error('no WebGPU adapter');
  return a.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: a.limits.maxStorageBufferBindingSize,
      maxBufferSize: a.limits.maxBufferSize,
    },
  });
}

/** Compiles WGSL and returns its error messages (empty when it compiles cleanly). */
export async function compileErrors(device: GPUDevice, code: string): Promise<string[]> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code });
  const info = await module.getCompilationInfo();
  const scope = await device.popErrorScope();
  const messages = info.messages
    .filter((m) => m.type === 'error')
    .map((m) => `${m.lineNum}:${m.linePos} ${m.message}`);
  if (scope) messages.push(scope.message);
  return messages;
}

/**
 * Runs a batch module (generate.ts's batchModule, every variable a column)
 * over `columns` of n f32 values each; returns the outputs.
 */
export async function runBatchModule(
  device: GPUDevice,
  code: string,
  columns: Float32Array[],
  n: number,
): Promise<Float32Array> {
  const layout = device.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } },
      { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
    ],
  });
  device.pushErrorScope('validation');
  const pipeline = device.createComputePipeline({
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module: device.createShaderModule({ code }), entryPoint: 'batch' },
  });
  const packed = new Float32Array(Math.max(1, columns.length * n));
  columns.forEach((c, i) => {
    packed.set(c, i * n);
  });
  const params = device.createBuffer({ size: 32, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(params, 0, new Uint32Array([n, n, 0, 0, 0, 0, 0, 0]));
  const input = device.createBuffer({
    size: packed.byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(input, 0, packed);
  const out = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(
    0,
    device.createBindGroup({
      layout,
      entries: [
        { binding: 0, resource: { buffer: params } },
        { binding: 1, resource: { buffer: input } },
        { binding: 2, resource: { buffer: out } },
      ],
    }),
  );
  const groups = Math.ceil(n / 256);
  pass.dispatchWorkgroups(Math.min(groups, 65535), Math.ceil(groups / 65535));
  pass.end();
  encoder.copyBufferToBuffer(out, 0, read, 0, n * 4);
  device.queue.submit([encoder.finish()]);
  const error = await device.popErrorScope();
  if (error) throw new Error(error.message);
  await read.mapAsync(GPUMapMode.READ);
  const result = new Float32Array(read.getMappedRange().slice(0));
  for (const b of [params, input, out, read]) b.destroy();
  return result;
}
