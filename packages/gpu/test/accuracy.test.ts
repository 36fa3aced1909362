/**
 * The heart of @losslab/gpu: for every loss in core's catalog (new losses
 * are covered as they land), its value and every partial, GPU f32 against
 * core's f64 at the same f32 inputs, by the rule in helpers/compare.ts and
 * the per-loss tolerances in tolerances.ts. Hard points go through
 * evaluateBatch; sweeps over each loss's default axes go through the sweep
 * kernel (both write layouts' store paths: nx a multiple of 4 and not).
 */
import {
  axisCoordinates,
  continuousVariables,
  type LossDef,
  losses,
  type Output,
  type SweepSpec,
} from '@losslab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweepEngine, type SweepEngine } from '../src/index.js';
import { toDeviceF32 } from '../src/wgsl/literals.js';
import { type Comparison, compareOutputs } from './helpers/compare.js';
import { gpu, hasAdapter } from './helpers/gpu.js';
import { type Columns, hardPoints } from './helpers/points.js';
import { lossTolerance, toleranceAt } from './tolerances.js';

const outputsOf = (loss: LossDef): Output[] => [
  'value',
  ...continuousVariables(loss).map((partial) => ({ partial })),
];
const label = (o: Output): string => (o === 'value' ? 'value' : `∂/∂${o.partial}`);
const ulpsText = (loss: LossDef): string => {
  const u = lossTolerance(loss).ulps;
  return typeof u === 'number' ? `${u} ulp` : 'ulp by magnitude';
};

function report(c: Comparison): string {
  return c.mismatches
    .slice(0, 8)
    .map((m) => `  ${m.why}: gpu ${m.gpu}, core ${m.ref} at ${JSON.stringify(m.point)}`)
    .join('\n');
}

/** Sweeps over a loss's default axes: its plot ranges, and wide ranges through its hard regions. */
function sweepSpecs(loss: LossDef, output: Output): SweepSpec[] {
  const [xName, yName] = loss.defaultAxes as [string, string];
  const v = (name: string) => loss.variables.find((w) => w.name === name)!;
  const wide = (name: string, size: number) => {
    const d = v(name).domain;
    if (d.kind !== 'interval') throw new Error('axes are continuous');
    if (d.min === Number.NEGATIVE_INFINITY) return { variable: name, min: -100, max: 100, size };
    if (d.max === Number.POSITIVE_INFINITY) {
      if (d.min === 0 && !d.minInclusive)
        return { variable: name, min: 1e-6, max: 1e6, size, scale: 'log' as const };
      return { variable: name, min: d.min, max: 1e6, size };
    }
    const lo = d.minInclusive ? d.min : d.min + 1e-6 * Math.max(1, Math.abs(d.min));
    const hi = d.maxInclusive ? d.max : d.max - 1e-6 * Math.max(1, Math.abs(d.max));
    return { variable: name, min: lo, max: hi, size };
  };
  const plot = (name: string, size: number) => {
    const p = v(name).plot;
    return { variable: name, min: p.min, max: p.max, size, scale: p.scale };
  };
  // Data variables without a default need a value: a point of their plot range off its centre.
  const fixed = Object.fromEntries(
    loss.variables
      .filter((w) => w.default === undefined && w.name !== xName && w.name !== yName)
      .map((w) => [w.name, w.plot.min + 0.3 * (w.plot.max - w.plot.min)]),
  );
  return [
    { loss: loss.id, x: plot(xName, 50), y: plot(yName, 37), fixed, output },
    { loss: loss.id, x: wide(xName, 64), y: wide(yName, 48), fixed, output },
  ];
}

/** The grid of a sweep as columns, at the f32 coordinates the GPU evaluates at. */
function gridColumns(
  loss: LossDef,
  spec: SweepSpec,
  fixed: readonly { name: string; value: number }[],
): Columns {
  const xs = axisCoordinates({ scale: 'linear', ...spec.x }).coords;
  const ys = axisCoordinates({ scale: 'linear', ...spec.y }).coords;
  const columns: Columns = Object.fromEntries(loss.variables.map((w) => [w.name, [] as number[]]));
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < xs.length; i++) {
      columns[spec.x.variable]!.push(toDeviceF32(xs[i]!));
      columns[spec.y.variable]!.push(toDeviceF32(ys[j]!));
      for (const f of fixed) columns[f.name]!.push(toDeviceF32(f.value));
    }
  }
  return columns;
}

describe.skipIf(!hasAdapter)('GPU f32 against core f64, every loss (WebGPU)', async () => {
  const engine: SweepEngine = hasAdapter ? await createSweepEngine({ gpu }) : (undefined as never);
  afterAll(() => engine?.destroy());

  describe.each(losses.map((loss) => [loss.id, loss] as const))('%s', (_, loss) => {
    it.each(outputsOf(loss).map((o) => [label(o), o] as const))(
      `%s at hard points (${ulpsText(loss)}, ${lossTolerance(loss).inputUlps} input ulp)`,
      async (_, output) => {
        const columns = hardPoints(loss);
        const gpuValues = await engine.evaluateBatch(loss.id, columns, { output });
        const c = compareOutputs(loss, output, columns, gpuValues, toleranceAt(loss, output));
        expect(c.mismatches.length, `${c.mismatches.length} of ${c.checked} points:\n${report(c)}`).toBe(0);
      },
    );

    if (loss.defaultAxes.length !== 2) return;
    it.each(outputsOf(loss).map((o) => [label(o), o] as const))(
      '%s over sweeps of its default axes',
      async (_, output) => {
        for (const spec of sweepSpecs(loss, output)) {
          const result = await engine.sweep(spec);
          const columns = gridColumns(loss, spec, result.spec.fixed);
          const c = compareOutputs(loss, output, columns, result.data, toleranceAt(loss, output));
          expect(
            c.mismatches.length,
            `${JSON.stringify(spec)}: ${c.mismatches.length} of ${c.checked}:\n${report(c)}`,
          ).toBe(0);
        }
      },
    );
  });
});
