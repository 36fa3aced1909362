/**
 * Node has no GPU of its own: the `webgpu` package (Dawn) needs a Vulkan
 * driver. Where none is configured, point it at Chromium's SwiftShader (a CPU
 * implementation) if this machine has one, so the tests run real WGSL in CI.
 */
import { existsSync } from 'node:fs';

const swiftShader = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (process.env.VK_ICD_FILENAMES === undefined && existsSync(swiftShader)) {
  process.env.VK_ICD_FILENAMES = swiftShader;
}
