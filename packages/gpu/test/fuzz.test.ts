/**
 * Random points, not just hard ones: for every loss, value and partial, a
 * seeded sample of each variable's domain — magnitudes spread log-uniformly
 * over f32's whole normal range, 2^-126 to FLT_MAX (down to 2^-126 from the
 * ends of [0, 1]), f32's edges (its smallest normals, FLT_MAX, e^x's overflow
 * and underflow), signs and plot-range values mixed in, hyperparameters as
 * well as data — through the GPU's evaluateBatch against core, by the same
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
import { createSweepEngine, isF32Representable, type SweepEngine } from '../src/index.js';
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

const FLT_MIN = 2 ** -126;
const FLT_MAX = 3.4028234663852886e38;
const LOG_MIN = Math.log10(FLT_MIN);

/**
 * f32's edges, and where the prelude's formulas switch: the smallest normals
 * (the policy's boundary: just above it), the largest finite values, e^x's
 * overflow (88.72) and underflow (−87.3, −103.97), the 2^±64 scale moves.
 */
const EDGES = [
  FLT_MIN,
  FLT_MIN * (1 + 2 ** -23),
  2 * FLT_MIN,
  1e-37,
  2 ** -64,
  1e-30,
  2 ** -24,
  2 ** 64,
  1e19,
  1e30,
  87.3,
  88.72,
  88.73,
  103.97,
  1e38,
  FLT_MAX * (1 - 2 ** -24),
  FLT_MAX,
];

function sample(v: VariableDef, rand: () => number): number {
  const d = v.domain;
  if (d.kind === 'set') return d.values[Math.floor(rand() * d.values.length)]!;
  const unit = d.min >= 0 && d.max <= 1;
  // Magnitudes up to the domain's own bound (α of general_robust stops at 1e3).
  const top = Math.log10(Math.min(FLT_MAX, Math.max(Math.abs(d.min), Math.abs(d.max))));
  for (let tries = 0; tries < 100; tries++) {
    const pick = rand();
    let x: number;
    if (pick < 0.3) x = v.plot.min + rand() * (v.plot.max - v.plot.min);
    else if (pick < 0.45) {
      // An edge, or an edge's distance from an end of [0, 1].
      const e = EDGES[Math.floor(rand() * EDGES.length)]!;
      x = unit ? (rand() < 0.5 ? e : 1 - e) : rand() < 0.5 ? e : -e;
    } else if (unit) {
      // Distances from 0 and 1 log-uniform down to FLT_MIN (1 − t rounds to 1 below 2^-25).
      const t = 10 ** (LOG_MIN * rand());
      x = rand() < 0.5 ? t : 1 - t;
    } else {
      // Magnitudes log-uniform over f32's whole normal range: FLT_MIN to FLT_MAX.
      const m = 10 ** (LOG_MIN + (top - LOG_MIN) * rand());
      x = rand() < 0.5 ? m : -m;
    }
    const f = toDeviceF32(x);
    if (inDomain(d, f) && isF32Representable(f)) return f;
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
