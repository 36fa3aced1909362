/**
 * Custom losses (core's customLoss) on the GPU: catalog losses re-typed as
 * formulas give the catalog's GPU results bit for bit (the same tree, so the
 * same WGSL but for the names) and match core's f64 within the catalog's GPU
 * tolerance; the engine takes definitions in sweeps and batches, keeps
 * definitions that share an id apart, and generates WGSL that holds nothing
 * a user typed.
 */
import {
  axisCoordinates,
  type CustomLossSpec,
  continuousVariables,
  customLoss,
  getLoss,
  type LossDef,
  type Output,
  type SweepSpec,
  UndefinedValueError,
} from '@losslab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweepEngine, generateWgsl, type SweepEngine } from '../src/index.js';
import { toDeviceF32 } from '../src/wgsl/literals.js';
import { compareOutputs } from './helpers/compare.js';
import { compileErrors, gpu, hasAdapter, testDevice } from './helpers/gpu.js';
import type { Columns } from './helpers/points.js';
import { toleranceAt } from './tolerances.js';

/** The catalog's careful trees, typed out (as in core's test/custom/retyped.ts). */
const retyped: Readonly<Record<string, string>> = {
  huber: 'if(abs(r) <= delta, r*(0.5*r), delta*(abs(r) - 0.5*delta))',
  smooth_l1: 'if(abs(r) < beta, 0.5*(r/sqrt(beta))^2, abs(r) - 0.5*beta)',
  quantile: 'if(r > 0, (1 - tau)*r, if(r < 0, -(tau*r), 0))',
  kl_gaussian:
    '0.5*mu*mu + if(sigma >= 0.5 and sigma <= 2, 0.5*-log1pmx((sigma - 1)*(sigma + 1)), 0.5*sigma*sigma - 0.5 - log(sigma))',
};

/**
 * Earlier arrangements of catalog losses whose trees now hold edge regimes no
 * formula spells (core's arrangedFormulas): typed, they are custom losses of
 * their own, held to the catalog's GPU tolerance against core's f64 of the
 * same definition.
 */
const arranged: Readonly<Record<string, string>> = {
  pseudo_huber: 'if(r == 0, 0, if(abs(r/delta) > 1e17, delta*abs(r), r*(r/(sqrt(1 + (r/delta)^2) + 1))))',
  cauchy:
    'if(r == 0, 0, if(abs(r/c) <= 1, r*((0.5*r)/exprel(log1p((r/c)^2))), ' +
    'c*(c*(if(abs(r/c) > 1e20, log(abs(r)) - log(c), log(abs(r/c))) + 0.5*log1p((c/r)^2)))))',
  bce_logits: 'if(z >= 0, softplus(-z) + (1 - y)*z, softplus(z) - y*z)',
};

function retype(id: string, formula = retyped[id]!): LossDef {
  const variables = getLoss(id).variables.map((v) => ({
    name: v.name,
    role: v.role === 'data' ? ('data' as const) : ('hyperparameter' as const),
    ...(v.default !== undefined ? { default: v.default } : {}),
    domain: v.domain,
    range: [v.plot.min, v.plot.max] as const,
    scale: v.plot.scale,
  }));
  return customLoss({ id: `my_${id}`, formula, variables });
}

const outputsOf = (loss: LossDef): Output[] => [
  'value',
  ...continuousVariables(loss).map((partial) => ({ partial })),
];

/** The plot ranges of the default axes, and wide ones through the hard regions. */
function specs(loss: LossDef, output: Output): Omit<SweepSpec, 'loss'>[] {
  const [x, y] = loss.defaultAxes as [string, string];
  const plot = (name: string, size: number) => {
    const p = loss.variables.find((v) => v.name === name)!.plot;
    return { variable: name, min: p.min, max: p.max, size, scale: p.scale };
  };
  const wide = (name: string, size: number) => {
    const d = loss.variables.find((v) => v.name === name)!.domain;
    if (d.kind !== 'interval') throw new Error('axes are continuous');
    if (d.min === Number.NEGATIVE_INFINITY) return { variable: name, min: -1e3, max: 1e3, size };
    if (d.max === Number.POSITIVE_INFINITY)
      return { variable: name, min: d.minInclusive ? d.min : 1e-6, max: 1e6, size, scale: 'log' as const };
    return { variable: name, min: d.min, max: d.maxInclusive ? d.max : d.max - 1e-6, size };
  };
  return [
    { x: plot(x, 48), y: plot(y, 21), output },
    { x: wide(x, 33), y: wide(y, 17), output },
  ];
}

function gridColumns(
  loss: LossDef,
  spec: Omit<SweepSpec, 'loss'>,
  fixed: readonly { name: string; value: number }[],
): Columns {
  const xs = axisCoordinates({ scale: 'linear', ...spec.x }).coords;
  const ys = axisCoordinates({ scale: 'linear', ...spec.y }).coords;
  const columns: Columns = Object.fromEntries(loss.variables.map((v) => [v.name, [] as number[]]));
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < xs.length; i++) {
      columns[spec.x.variable]!.push(toDeviceF32(xs[i]!));
      columns[spec.y.variable]!.push(toDeviceF32(ys[j]!));
      for (const f of fixed) columns[f.name]!.push(toDeviceF32(f.value));
    }
  }
  return columns;
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe.skipIf(!hasAdapter)('custom losses on the GPU (WebGPU)', async () => {
  const engine: SweepEngine = hasAdapter ? await createSweepEngine({ gpu }) : (undefined as never);
  afterAll(() => engine?.destroy());

  it.each(Object.keys(retyped))(
    '%s re-typed: the catalog’s GPU sweeps bit for bit, and core within the GPU tolerance',
    async (id) => {
      const catalog = getLoss(id);
      const mine = retype(id);
      expect(mine.expr).toBe(catalog.expr);
      for (const output of outputsOf(catalog)) {
        for (const spec of specs(catalog, output)) {
          const theirs = await engine.sweep({ ...spec, loss: id });
          const ours = await engine.sweep({ ...spec, loss: mine });
          expect(ours.spec.loss).toBe(mine);
          expect(bits(ours.data), `${id} ${JSON.stringify(spec)}`).toEqual(bits(theirs.data));
          expect(ours.nanCount).toBe(theirs.nanCount);
          const columns = gridColumns(mine, spec, ours.spec.fixed);
          const c = compareOutputs(mine, output, columns, ours.data, toleranceAt(catalog, output));
          expect(c.mismatches, `${id} ${JSON.stringify(spec)}`).toEqual([]);
        }
      }
    },
  );

  it.each(Object.keys(arranged))(
    '%s in an earlier arrangement: core within the GPU tolerance',
    async (id) => {
      const catalog = getLoss(id);
      const mine = retype(id, arranged[id]!);
      for (const output of outputsOf(catalog)) {
        for (const spec of specs(catalog, output)) {
          const ours = await engine.sweep({ ...spec, loss: mine });
          const columns = gridColumns(mine, spec, ours.spec.fixed);
          const c = compareOutputs(mine, output, columns, ours.data, toleranceAt(catalog, output));
          expect(c.mismatches, `${id} ${JSON.stringify(spec)}`).toEqual([]);
        }
      }
    },
  );

  it('evaluateBatch takes a definition', async () => {
    const mine = retype('huber');
    const r = Float64Array.from({ length: 101 }, (_, i) => -1e3 + 20 * i);
    for (const output of outputsOf(mine)) {
      const ours = await engine.evaluateBatch(mine, { r, delta: 0.7 }, { output });
      const theirs = await engine.evaluateBatch('huber', { r, delta: 0.7 }, { output });
      expect(bits(ours)).toEqual(bits(theirs));
    }
  });

  it('keeps definitions that share an id apart', async () => {
    const make = (formula: string) =>
      customLoss({
        id: 'mine',
        formula,
        variables: [
          { name: 'r', role: 'data', domain: 'real', range: [-2, 2] },
          { name: 's', role: 'data', domain: 'real', range: [-2, 2] },
        ],
      });
    const spec = {
      x: { variable: 'r', min: 1, max: 2, size: 2 },
      y: { variable: 's', min: 3, max: 4, size: 2 },
    };
    const product = await engine.sweep({ ...spec, loss: make('r*s') });
    const sum = await engine.sweep({ ...spec, loss: make('r + s') });
    expect([...product.data]).toEqual([3, 6, 4, 8]);
    expect([...sum.data]).toEqual([4, 5, 5, 6]);
    expect([...(await engine.evaluateBatch(make('r - s'), { r: [5], s: [1] }))]).toEqual([4]);
  });

  it('undefined points: a batch throws as core does, a sweep counts them', async () => {
    const logR = customLoss({
      id: 'log_r',
      formula: 'log(r) + c',
      variables: [
        { name: 'r', role: 'data', domain: 'real', range: [-1, 1] },
        { name: 'c', role: 'hyperparameter', default: 0, domain: 'real', range: [-1, 1] },
      ],
    });
    await expect(engine.evaluateBatch(logR, { r: [1, 0.5, -0.5] })).rejects.toThrow(UndefinedValueError);
    await expect(engine.evaluateBatch(logR, { r: [1, 0.5, -0.5] })).rejects.toThrow(
      /log_r: the value is undefined at r = -0.5, c = 0 \(point 2\): log of a negative number/,
    );
    // The catalog's convention stays: NaN partials where the value is infinite.
    const partial = await engine.evaluateBatch(logR, { r: [0, 1] }, { output: { partial: 'r' } });
    expect(partial[0]).toBeNaN();
    expect(partial[1]).toBe(1);
    const s = await engine.sweep({
      loss: logR,
      x: { variable: 'r', min: -1, max: 1, size: 5 },
      y: { variable: 'c', min: -1, max: 1, size: 3 },
    });
    expect([s.nanCount, s.negInfCount, s.finiteCount]).toEqual([6, 3, 6]);
  });
});

describe.skipIf(!hasAdapter)('custom WGSL (WebGPU compiler)', async () => {
  const device = hasAdapter ? await testDevice() : (undefined as never);
  afterAll(() => device?.destroy());

  const variables: CustomLossSpec['variables'] = [
    { name: 'zebra', role: 'data', domain: 'real', range: [-2, 2] },
    { name: 'value', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.5, 2] },
    { name: 'v_value', role: 'hyperparameter', default: 1, domain: 'real', range: [0, 1] },
  ];

  it('spells variables as slots and holds no user text but the id', async () => {
    const mine = customLoss({
      id: 'slots',
      name: 'Zebra */ } fn evil() {',
      formula: 'if(zebra < value, zebra^2 * v_value, log1p(abs(zebra)) + value)',
      variables,
    });
    for (const output of outputsOf(mine)) {
      const wgsl = generateWgsl(mine, output);
      expect(wgsl).not.toMatch(/zebra|v_value|evil|Zebra/);
      expect(wgsl).toMatch(/fn slots_(value|d_s\d)\(s0: f32, s1: f32, s2: f32\)/);
      expect(await compileErrors(device, wgsl)).toEqual([]);
    }
  });

  it('compiles every re-typed catalog formula', async () => {
    for (const id of Object.keys(retyped)) {
      const mine = retype(id);
      for (const output of outputsOf(mine))
        expect(await compileErrors(device, generateWgsl(mine, output)), id).toEqual([]);
    }
  });
});
