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
