/** f32 constants as WGSL text: each one parses, as the number the GPU computes with. */
import { afterAll, describe, expect, it } from 'vitest';
import { toDeviceF32, wgslF32 } from '../src/wgsl/literals.js';
import { compileErrors, hasAdapter, testDevice } from './helpers/gpu.js';

const FLT_MAX = 3.4028234663852886e38;
const VALUES = [0, 1, -2.5, 0.1, 1e-7, 2 ** -126, 1e30, 3e38, FLT_MAX, -FLT_MAX, FLT_MAX * (1 - 2 ** -24)];

describe('wgslF32', () => {
  it('writes FLT_MAX exactly, as a hex literal (its shortest decimal 3.4028235e38 lies above it)', () => {
    expect(wgslF32(FLT_MAX)).toBe('0x1.fffffep+127f');
    expect(wgslF32(-FLT_MAX)).toBe('(-0x1.fffffep+127f)');
    expect(Number.parseFloat('3.4028235e38')).toBeGreaterThan(FLT_MAX);
    expect(toDeviceF32(FLT_MAX)).toBe(FLT_MAX);
  });
});

describe.skipIf(!hasAdapter)('wgslF32 through a real WGSL compiler (WebGPU)', async () => {
  const device = hasAdapter ? await testDevice() : (undefined as never);
  afterAll(() => device?.destroy());
  it('compiles every constant, FLT_MAX included (Tint refused 3.4028235e38f)', async () => {
    const body = VALUES.map((x, i) => `  let c${i}: f32 = ${wgslF32(x)};`).join('\n');
    const code = `@compute @workgroup_size(1) fn main() {\n${body}\n}\n`;
    expect(await compileErrors(device, code)).toEqual([]);
    const broken = `@compute @workgroup_size(1) fn main() { let c: f32 = 3.4028235e38f; }\n`;
    expect((await compileErrors(device, broken)).join(' ')).toMatch(/cannot be represented/);
  });
});
