/**
 * Typed uniform layouts: the WGSL struct text and the packed bytes agree
 * (offsets, alignment, implicit padding and size by WGSL's rules), checked
 * by hand-worked layouts and, on a GPU, by a kernel that reads every field of
 * the generated struct from the packed bytes and writes back what it saw.
 */
import { getLoss } from '@losslab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { batchParams, batchShaderKey } from '../src/programs/batch.js';
import { fillParams } from '../src/programs/fill.js';
import { lossKey } from '../src/programs/program.js';
import { statsParams } from '../src/programs/stats.js';
import { sweepParams, sweepShader, sweepShaderKey } from '../src/programs/sweep.js';
import { defaultLayout } from '../src/wgsl/layout.js';
import { lossFunction } from '../src/wgsl/loss-function.js';
import {
  doc,
  type FieldSpecs,
  f32,
  packedElement,
  packedF32,
  type StructLayout,
  type StructValues,
  struct,
  u32,
} from '../src/wgsl/struct.js';
import { hasAdapter, testDevice } from './helpers/gpu.js';

const offsets = (layout: StructLayout): Record<string, number> =>
  Object.fromEntries(layout.fields.map((f) => [f.name, f.offset]));

describe('struct layouts (WGSL alignment rules)', () => {
  it('places a vec4 array at the next multiple of 16, padding implicitly', () => {
    const s = struct('P', { a: u32, v: packedF32(5) });
    expect(offsets(s)).toEqual({ a: 0, v: 16 });
    expect(s.align).toBe(16);
    // Two vec4s hold 5 values; the struct ends at 16 + 32.
    expect(s.size).toBe(48);
    expect(s.wgsl).toBe('struct P {\n  a: u32,\n  v: array<vec4<f32>, 2>,\n}');
  });

  it('packs scalars at 4-byte steps and rounds the size to the largest alignment', () => {
    const scalars = struct('S', { a: u32, b: f32, c: u32 });
    expect(offsets(scalars)).toEqual({ a: 0, b: 4, c: 8 });
    expect([scalars.size, scalars.align]).toEqual([12, 4]);
    const mixed = struct('M', { a: f32, b: u32, c: u32, d: f32, e: u32, v: packedF32(0) });
    // Five scalars end at 20: the array starts at 32 and holds one vec4 even for no values.
    expect(offsets(mixed)).toEqual({ a: 0, b: 4, c: 8, d: 12, e: 16, v: 32 });
    expect(mixed.size).toBe(48);
    expect(mixed.fields.at(-1)!.type.wgsl).toBe('array<vec4<f32>, 1>');
  });

  it('writes documented fields with their comments', () => {
    const s = struct('D', { n: doc('Points.\nAll of them.', u32), x: f32 });
    expect(s.wgsl).toBe('struct D {\n  // Points.\n  // All of them.\n  n: u32,\n  x: f32,\n}');
  });

  it('packs little-endian values at the offsets, zeros in the padding', () => {
    const s = struct('P', { a: u32, b: f32, v: packedF32(5) });
    const bytes = s.pack({ a: 0xdeadbeef, b: -1.5, v: [1, 2, 3, 4, 5] });
    expect(bytes.byteLength).toBe(48);
    const view = new DataView(bytes);
    expect(view.getUint32(0, true)).toBe(0xdeadbeef);
    expect(view.getFloat32(4, true)).toBe(-1.5);
    expect([8, 12].map((o) => view.getUint32(o, true))).toEqual([0, 0]);
    expect(Array.from({ length: 5 }, (_, k) => view.getFloat32(16 + 4 * k, true))).toEqual([1, 2, 3, 4, 5]);
    expect([36, 40, 44].map((o) => view.getUint32(o, true))).toEqual([0, 0, 0]);
    expect(packedElement('params', 'v', 4)).toBe('params.v[1].x');
    expect(packedElement('params', 'v', 3)).toBe('params.v[0].w');
  });

  it('rejects values the struct cannot hold, naming the field', () => {
    const s = struct('P', { n: u32, v: packedF32(2) });
    expect(() => s.pack({ n: -1, v: [0, 0] })).toThrow(/P\.n: -1 is not a u32/);
    expect(() => s.pack({ n: 2 ** 32, v: [0, 0] })).toThrow(/P\.n/);
    expect(() => s.pack({ n: 1.5, v: [0, 0] })).toThrow(/P\.n/);
    expect(() => s.pack({ n: 1, v: [0] })).toThrow(/P\.v: expected 2 values/);
    expect(() => struct('P', {})).toThrow(/at least one member/);
    expect(() => struct('P', { 'not-a-name': u32 })).toThrow(/not a WGSL identifier/);
  });

  it("gives the kernels' uniform blocks the sizes the engine always wrote", () => {
    for (let k = 0; k < 10; k++) {
      const names = Array.from({ length: k }, (_, i) => `v${i}`);
      // 16 bytes of u32s, then ⌈k/4⌉ vec4s (at least one).
      expect(sweepParams(names).size).toBe(16 + 16 * Math.max(1, Math.ceil(k / 4)));
      expect(batchParams(names).size).toBe(16 + 16 * Math.max(1, Math.ceil(k / 4)));
      expect(offsets(sweepParams(names))).toEqual({ nx: 0, rows: 4, row0: 8, y_offset: 12, fixed: 16 });
    }
    expect(statsParams.size).toBe(16);
    expect(fillParams.size).toBe(4);
  });
});

describe('program keys', () => {
  it('tell loss definitions apart, not just ids: a user loss may reuse an id with a new formula', () => {
    const mse = getLoss('mse');
    // The same id, another formula (what a user-defined loss may do).
    const impostor = { ...mse, expr: getLoss('mae').expr };
    expect(lossKey(mse)).toBe(lossKey(mse));
    expect(lossKey(impostor)).not.toBe(lossKey(mse));
    const shader = (loss: typeof mse) => sweepShader(loss, 'value', 'r', null, defaultLayout, 64);
    expect(sweepShaderKey(shader(impostor))).not.toBe(sweepShaderKey(shader(mse)));
    const batch = (loss: typeof mse) => batchShaderKey({ loss, output: 'value', scalars: new Set() });
    expect(batch(impostor)).not.toBe(batch(mse));
    // The generated function follows the definition too (its cache is per definition).
    expect(lossFunction(impostor, 'value').source).not.toBe(lossFunction(mse, 'value').source);
    expect(lossFunction(impostor, 'value').source).toContain('abs(');
  });
});

/**
 * A kernel that reads every field of `layout` through the generated struct
 * text and writes its bits to `out`, in field order (packed values one by one).
 */
function echoKernel(layout: StructLayout): { code: string; words: number } {
  const reads: string[] = [];
  for (const f of layout.fields) {
    if (f.type.kind === 'u32') reads.push(`params.${f.name}`);
    else if (f.type.kind === 'f32') reads.push(`bitcast<u32>(params.${f.name})`);
    else
      for (let k = 0; k < f.type.count; k++)
        reads.push(`bitcast<u32>(${packedElement('params', f.name, k)})`);
  }
  const code = `${layout.wgsl}

@group(0) @binding(0) var<uniform> params: ${layout.name};
@group(0) @binding(1) var<storage, read_write> out: array<u32>;

@compute @workgroup_size(1)
fn echo() {
${reads.map((r, i) => `  out[${i}] = ${r};`).join('\n')}
}`;
  return { code, words: reads.length };
}

/** The bits the echo kernel should see: every value, in field order. */
function expectedWords(layout: StructLayout, values: Readonly<Record<string, number | ArrayLike<number>>>) {
  const view = new DataView(new ArrayBuffer(4));
  const bits = (x: number, type: 'u32' | 'f32'): number => {
    if (type === 'u32') return x;
    view.setFloat32(0, x);
    return view.getUint32(0);
  };
  return layout.fields.flatMap((f) => {
    const v = values[f.name]!;
    return f.type.kind === 'packed-f32'
      ? Array.from(v as ArrayLike<number>, (x) => bits(x, 'f32'))
      : [bits(v as number, f.type.kind)];
  });
}

describe.skipIf(!hasAdapter)('struct text and packed bytes, as the GPU reads them (WebGPU)', async () => {
  const device = hasAdapter ? await testDevice() : (undefined as never);
  afterAll(() => device?.destroy());

  async function echo<S extends FieldSpecs>(
    layout: StructLayout<S>,
    values: StructValues<S>,
  ): Promise<number[]> {
    const { code, words } = echoKernel(layout);
    device.pushErrorScope('validation');
    const pipeline = device.createComputePipeline({
      layout: 'auto',
      compute: { module: device.createShaderModule({ code }), entryPoint: 'echo' },
    });
    const params = device.createBuffer({
      size: layout.size,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(params, 0, layout.pack(values));
    const out = device.createBuffer({
      size: 4 * words,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    const read = device.createBuffer({
      size: 4 * words,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: params } },
          { binding: 1, resource: { buffer: out } },
        ],
      }),
    );
    pass.dispatchWorkgroups(1);
    pass.end();
    encoder.copyBufferToBuffer(out, 0, read, 0, 4 * words);
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    if (error) throw new Error(error.message);
    await read.mapAsync(GPUMapMode.READ);
    const seen = [...new Uint32Array(read.getMappedRange().slice(0))];
    for (const b of [params, out, read]) b.destroy();
    return seen;
  }

  const cases: [string, StructLayout, Record<string, number | number[]>][] = [
    [
      'the sweep uniforms (3 fixed values)',
      sweepParams(['a', 'b', 'c']),
      { nx: 4096, rows: 17, row0: 4080, y_offset: 4096, fixed: [0.5, -2, 1e30] },
    ],
    [
      'the batch uniforms (6 broadcast values: two vec4s)',
      batchParams(['a', 'b', 'c', 'd', 'e', 'f']),
      { n: 1000, stride: 1000, pad0: 0, pad1: 0, scalars: [1, 2, 3, 4, 5, 6] },
    ],
    ['the stats uniforms', statsParams, { n: 123456, pad0: 0, pad1: 0, pad2: 0 }],
    [
      'scalars then an array at an implicit 16-byte boundary',
      struct('Odd', { a: u32, b: f32, c: u32, d: f32, e: f32, v: packedF32(7) }),
      { a: 7, b: -0.25, c: 0xffffffff, d: 3.5, e: 1e-20, v: [1, 2, 3, 4, 5, 6, 7] },
    ],
  ];

  it.each(cases)('%s', async (_, layout, values) => {
    const seen = await echo(layout, values as StructValues<FieldSpecs>);
    expect(seen).toEqual(expectedWords(layout, values));
  });
});
