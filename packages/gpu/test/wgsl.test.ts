/** The WGSL generator: readable output pinned by snapshots, and every loss output compiles. */
import { continuousVariables, losses, type Output } from '@losslab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { generateWgsl, generateWgslLibrary } from '../src/wgsl/generate.js';
import { benchmarkLayouts } from '../src/wgsl/layout.js';
import { toDeviceF32, wgslF32 } from '../src/wgsl/literals.js';
import { splitPartial } from '../src/wgsl/loss-function.js';
import { compileErrors, hasAdapter, testDevice } from './helpers/gpu.js';

describe('generated WGSL (snapshots)', () => {
  it.each([
    ['huber', 'value'],
    ['huber', { partial: 'delta' }],
    ['bce_logits', 'value'],
    ['softmax_ce', { partial: 'z2' }],
    ['focal', 'value'],
    ['cauchy', 'value'],
    ['cauchy', { partial: 'r' }],
    ['contrastive', 'value'],
  ] as [string, Output][])('%s %j', async (id, output) => {
    const name = output === 'value' ? 'value' : `d_${output.partial}`;
    await expect(generateWgsl(id, output)).toMatchFileSnapshot(`__snapshots__/${id}_${name}.wgsl`);
  });

  it('computes each regime of a loss only where it applies: if/else, not select', () => {
    // cauchy has three regimes (r = 0, |r/c| ≤ 1, beyond), at c itself and in each of the two
    // 2^±64 scale moves for c near f32's ends: 3 × 3 ifs and the 2 that choose a move (core's
    // 2^±500 moves for f64's ends fold away: no f32 input reaches them). A WGSL select would
    // evaluate all of them.
    const code = generateWgsl('cauchy', 'value', { kind: 'none' });
    const body = code.slice(code.indexOf('fn cauchy_value'));
    expect(body.match(/\bif /g)?.length).toBe(11);
    expect(body).not.toMatch(/select\([^\n]*ll_log/);
    expect(body).not.toMatch(/e-151|e\+150/);
    // cauchy is finite on its domain: its partial needs no value and no exact-infinity test.
    const partial = generateWgsl('cauchy', { partial: 'r' }, { kind: 'none' });
    const fn = partial.slice(partial.indexOf('fn cauchy_d_r'), partial.indexOf('struct Params'));
    expect(fn).not.toMatch(/let value =|exactly_infinite/);
    // Its |r/c| > 1e20 switch is a select here (both sides cheap): 8 ifs.
    expect(fn.match(/\bif /g)?.length).toBe(8);
    // A loss with a pole computes its value and partial together, in one if/else per condition,
    // and tests whether an infinite value is exact only where it is ±∞.
    const bce = generateWgsl('bce', { partial: 'p' }, { kind: 'none' });
    expect(bce).toMatch(/let value = [^\n]+\n\s+let partial = /);
    expect(bce).toMatch(/if ll_is_inf\(value\) \{/);
  });

  it("guards contrastive's weighted squares so no compiler can turn 0·d·d into 0·∞", () => {
    // Seen on an H100: NaN at y = 0, d = 1e30, where (½y·d)·d was evaluated as ½y·(d·d). Weights
    // below 2^-1000 have a rescaled product of their own (f64's tiny weights); the guard wraps both.
    const code = generateWgsl('contrastive', 'value', { kind: 'none' });
    expect(code).toMatch(
      /select\(select\(\(\(\(0\.5f \* y\) \* d\) \* d\), [^\n]*?, 0\.0f, \(y == 0\.0f\)\)/,
    );
  });

  it('names one function per loss and output, with the loss variables as parameters', () => {
    const code = generateWgsl('huber', { partial: 'delta' }, { kind: 'none' });
    expect(code).toMatch(/fn huber_d_delta\(r: f32, delta: f32\) -> f32 \{/);
    expect(generateWgsl('gaussian_nll', 'value', { kind: 'none' })).toMatch(
      /fn gaussian_nll_value\(r: f32, v_var: f32\)/,
    );
  });

  it('tests for an exact infinity only where the value can be one (a pole or an infinite constant)', () => {
    const checked = losses.filter((l) =>
      continuousVariables(l).some((p) => splitPartial(l, p).value !== null),
    );
    const ids = checked.map((l) => l.id);
    for (const id of ['bce', 'focal', 'poly1', 'kl_bernoulli', 'gan_minimax', 'gan_nonsaturating'])
      expect(ids).toContain(id);
    // Their values overflow but are never infinite in exact arithmetic: partials need no value at all.
    for (const id of ['mse', 'huber', 'exponential', 'squared_hinge', 'poisson_nll', 'log_cosh'])
      expect(ids).not.toContain(id);
    expect(generateWgsl('bce', { partial: 'p' }, { kind: 'none' })).toMatch(
      /if ll_is_inf\(value\) \{[^}]*exactly_infinite = /,
    );
    expect(generateWgsl('mse', { partial: 'r' }, { kind: 'none' })).not.toMatch(/exactly_infinite|value/);
  });

  it('rejects what core rejects', () => {
    expect(() => generateWgsl('nope')).toThrow(/unknown loss 'nope'/);
    expect(() => generateWgsl('huber', { partial: 'gamma' })).toThrow(/unknown variable 'gamma'/);
    expect(() => generateWgsl('cosine_embedding', { partial: 'y' })).toThrow(/discrete/);
  });
});

describe('f32 literals', () => {
  it('round-trip every f32 with the fewest digits, and spell ±∞ and NaN through helpers', () => {
    expect(wgslF32(0.5)).toBe('0.5f');
    expect(wgslF32(1)).toBe('1.0f');
    expect(wgslF32(-2)).toBe('(-2.0f)');
    expect(wgslF32(1e-7)).toBe('1.0e-7f');
    expect(wgslF32(Math.PI)).toBe('3.1415927f');
    expect(wgslF32(1e300)).toBe('ll_inf()');
    expect(wgslF32(Number.NEGATIVE_INFINITY)).toBe('(-ll_inf())');
    expect(wgslF32(Number.NaN)).toBe('ll_nan()');
    expect(wgslF32(-0)).toBe('(-0.0f)');
    for (const x of [1 / 3, 0.1, 6.02e23, 1.17549435e-38, 3.4028234e38, -3.4028234e38]) {
      const text = wgslF32(x).replace(/[()]/g, '').replace(/f$/, '');
      expect(Math.fround(parseWgslFloat(text))).toBe(Math.fround(x));
    }
  });

  it('flush subnormals to zero, as the GPU does', () => {
    expect(toDeviceF32(1e-40)).toBe(0);
    expect(Object.is(toDeviceF32(-1e-40), -0)).toBe(true);
    expect(toDeviceF32(2 ** -126)).toBe(2 ** -126);
  });
});

const allOutputs = losses.flatMap((loss) =>
  (['value', ...continuousVariables(loss).map((partial) => ({ partial }))] as Output[]).map(
    (output) => [loss.id, output] as const,
  ),
);

describe.skipIf(!hasAdapter)('every generated module compiles (WebGPU)', async () => {
  const device = hasAdapter ? await testDevice() : (undefined as never);
  afterAll(() => device?.destroy());

  it('the whole catalog as one library module', async () => {
    expect(await compileErrors(device, generateWgslLibrary())).toEqual([]);
  });

  it.each(allOutputs)('%s %j: sweep and batch entry points', async (id, output) => {
    const loss = losses.find((l) => l.id === id)!;
    const continuous = continuousVariables(loss);
    if (continuous.length >= 2) {
      const [x, y] = continuous as [string, string];
      for (const regimes of ['branch', 'select'] as const)
        expect(
          await compileErrors(
            device,
            generateWgsl(id, output, { kind: 'sweep', x: y, y: x, nx: 6, regimes }),
          ),
        ).toEqual([]);
    }
    const scalars = loss.variables.slice(1).map((v) => v.name);
    expect(await compileErrors(device, generateWgsl(id, output, { kind: 'batch', scalars }))).toEqual([]);
  });

  it.each(benchmarkLayouts.map((layout) => [JSON.stringify(layout), layout] as const))(
    'layout %s compiles with vector and scalar stores',
    async (_, layout) => {
      for (const nx of [8, 7]) {
        const code = generateWgsl('huber', 'value', { kind: 'sweep', x: 'r', y: 'delta', layout, nx });
        expect(await compileErrors(device, code)).toEqual([]);
      }
    },
  );
});

/** A WGSL float literal's value: decimal, or hexadecimal (0x1.fffffep+127) as JS cannot parse it. */
function parseWgslFloat(text: string): number {
  const hex = /^(-?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([+-]?\d+)$/i.exec(text);
  if (!hex) return Number(text);
  const [, sign, whole, fraction = '', exponent] = hex;
  const mantissa = Number.parseInt(whole! + fraction, 16) / 16 ** fraction.length;
  return (sign ? -1 : 1) * mantissa * 2 ** Number(exponent);
}
