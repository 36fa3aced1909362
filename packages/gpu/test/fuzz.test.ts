/**
 * Random points, not just hard ones: for every loss, value and partial, a
 * seeded sample of each variable's domain — magnitudes spread log-uniformly
 * from 1e-30 to 1e30 (1e-12 from the ends of [0, 1]), signs and plot-range
 * values mixed in — through the GPU's evaluateBatch against core, by the same
 * rule and per-loss tolerances as the hard-point suite. It finds what a fixed
 * list misses: regime boundaries at points nobody thought of.
 */
import {
  continuousVariables,
  inDomain,
  type LossDef,
  losses,
  type Output,
  type VariableDef,
} from '@losslab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweepEngine, type SweepEngine } from '../src/index.js';
import { toDeviceF32 } from '../src/wgsl/literals.js';
import { compareOutputs } from './helpers/compare.js';
import { gpu, hasAdapter } from './helpers/gpu.js';
import type { Columns } from './helpers/points.js';
import { toleranceAt } from './tolerances.js';

const POINTS = Number(process.env.LOSSLAB_FUZZ_POINTS ?? 1500);
const SEED = Number(process.env.LOSSLAB_FUZZ_SEED ?? 0x9e3779b9);

/** xorshift32: the same points on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function sample(v: VariableDef, rand: () => number): number {
  const d = v.domain;
  if (d.kind === 'set') return d.values[Math.floor(rand() * d.values.length)]!;
  const unit = d.min >= 0 && d.max <= 1;
  for (let tries = 0; tries < 100; tries++) {
    const pick = rand();
    let x: number;
    if (pick < 0.4) x = v.plot.min + rand() * (v.plot.max - v.plot.min);
    else if (unit) {
      const t = 10 ** (-12 + 12 * rand());
      x = rand() < 0.5 ? t : 1 - t;
    } else {
      const m = 10 ** (-30 + 60 * rand());
      x = rand() < 0.5 ? m : -m;
      if (v.role === 'hyper') x = 10 ** (-6 + 12 * rand()) * (rand() < 0.5 ? 1 : -1);
    }
    const f = toDeviceF32(x);
    if (inDomain(d, f)) return f;
  }
  return toDeviceF32(v.default ?? v.plot.min);
}

function points(loss: LossDef, seed: number): Columns {
  const rand = random(seed);
  const columns: Columns = Object.fromEntries(loss.variables.map((v) => [v.name, [] as number[]]));
  for (let k = 0; k < POINTS; k++) for (const v of loss.variables) columns[v.name]!.push(sample(v, rand));
  return columns;
}

describe.skipIf(!hasAdapter)('GPU against core at random points, every loss (WebGPU)', async () => {
  const engine: SweepEngine = hasAdapter ? await createSweepEngine({ gpu }) : (undefined as never);
  afterAll(() => engine?.destroy());

  it.each(losses.map((l, i) => [l.id, l, i] as const))('%s', async (_, loss, i) => {
    const outputs: Output[] = ['value', ...continuousVariables(loss).map((partial) => ({ partial }))];
    const columns = points(loss, SEED ^ (i * 2654435761));
    const failures: string[] = [];
    for (const output of outputs) {
      const got = await engine.evaluateBatch(loss.id, columns, { output });
      const c = compareOutputs(loss, output, columns, got, toleranceAt(loss, output));
      for (const m of c.mismatches.slice(0, 3))
        failures.push(
          `${output === 'value' ? 'value' : `∂/∂${output.partial}`} ${m.why}: gpu ${m.gpu}, core ${m.ref} at ${JSON.stringify(m.point)}`,
        );
      if (c.mismatches.length > 3) failures.push(`  … ${c.mismatches.length} of ${c.checked}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
