/**
 * Sweep speed against write bandwidth per loss, write layout and regime
 * code, on one GPU in one run (formerly packages/gpu/scripts/h100-bench.ts).
 *
 * For a size² grid of every loss (the bench's workload: default axes over
 * their plot ranges; a one-variable loss as a line grid; 16384² = 1 GiB of
 * f32 by default) and each write layout, the time per sweep from the
 * engine's GPU timestamps (median of --reps) and from batched submissions
 * (--batch sweeps per submit, wall time / batch), against the engine's fill
 * kernel and clearBuffer on the same bytes. Prints each loss's fraction of
 * the fill per layout, a summary per layout, and a RESULT_JSON line.
 *
 *   pnpm --filter @losslab/bench bench:layouts -- --size 1024 --reps 3       (here: SwiftShader, correctness only)
 *   node apps/bench/scripts/bundle-gpu.mjs; bash .gpu/run.sh .gpu/layouts.mjs --regimes branch,select   (a GPU box)
 *
 * Options: --size N (16384), --reps N (20), --batch N (10), --losses a,b,
 * --layouts rows256x1c,rows256x4c,... (default: rows and flat at 1 value per
 * thread and vec4, and the naive 16×16 tiles), --regimes branch,select
 * (default: branch; both to compare if/else against branch-free kernels),
 * --quantized (keep Dawn's timestamp quantization), --out FILE (the JSON too).
 *
 * The accuracy check that used to follow the timings is the gpu package's
 * own test rule: packages/gpu/scripts/device-accuracy.ts.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lossIds } from '@losslab/core';
import {
  benchmarkLayouts,
  createSweepEngine,
  layoutKey,
  type RegimeCode,
  type SweepEngine,
  type TimeSweepResult,
  type WriteLayout,
} from '@losslab/gpu';
import { openWebGpu } from './env-node.js';
import { lineGrid } from './measure.js';
import { median } from './stats.js';
import { workload } from './workload.js';

export interface LayoutOptions {
  readonly size: number;
  readonly reps: number;
  readonly batch: number;
  readonly losses: readonly string[];
  readonly layouts: readonly WriteLayout[];
  readonly regimes: readonly RegimeCode[];
  readonly quantized: boolean;
  readonly out: string | undefined;
}

export function parseLayoutArgs(argv: readonly string[]): LayoutOptions {
  const flag = (name: string): boolean => argv.includes(`--${name}`);
  const option = (name: string, fallback: string): string => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 && argv[at + 1] !== undefined ? argv[at + 1]! : fallback;
  };
  const count = (name: string, fallback: string): number => {
    const n = Number(option(name, fallback));
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive integer`);
    return n;
  };
  const layouts = option('layouts', 'rows256x1c,rows256x4c,flat256x1,flat256x4,tiles16')
    .split(',')
    .map((name) => {
      const found = benchmarkLayouts.find((l) => layoutKey(l) === name);
      if (!found)
        throw new Error(`unknown layout ${name}; known: ${benchmarkLayouts.map(layoutKey).join(', ')}`);
      return found;
    });
  const regimes = option('regimes', 'branch').split(',');
  for (const r of regimes) if (r !== 'branch' && r !== 'select') throw new Error(`unknown regime code ${r}`);
  const losses = option('losses', '') ? option('losses', '').split(',') : [...lossIds];
  for (const id of losses)
    if (!(lossIds as readonly string[]).includes(id)) throw new Error(`unknown loss ${id}`);
  return {
    size: count('size', '16384'),
    reps: count('reps', '20'),
    batch: count('batch', '10'),
    losses,
    layouts,
    regimes: regimes as RegimeCode[],
    quantized: flag('quantized'),
    out: option('out', '') || undefined,
  };
}

export interface LayoutRow {
  readonly loss: string;
  /** The layout key, with the regime code when several are compared (rows256x4c/select). */
  readonly layout: string;
  /** Median of the engine's timestamps (or wall clock without them). */
  readonly ms: number;
  readonly method: string;
  /** Batched wall clock per sweep. */
  readonly wallMs: number;
  /** Fill kernel time / sweep time (1 = at the write bandwidth). */
  readonly ofKernelFill: number;
  /** clearBuffer batched wall / sweep batched wall: like with like. */
  readonly ofClear: number;
}

export interface Fill {
  readonly kernelMs: number;
  readonly kernelWallMs: number;
  readonly clearWallMs: number;
}

const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);

async function measureFill(engine: SweepEngine, o: LayoutOptions): Promise<Fill> {
  const grid = { nx: o.size, ny: o.size };
  const kernel = await engine.timeFill(grid, { repetitions: o.reps, batch: o.batch });
  const clear = await engine.timeClear(grid, { repetitions: o.reps, batch: o.batch });
  return {
    kernelMs: kernel.medianMs,
    kernelWallMs: kernel.batched!.medianMs,
    clearWallMs: clear.batched!.medianMs,
  };
}

/** One loss's grid in one layout: its bench workload as a sweep, or a line grid for a one-variable loss. */
function timeLoss(
  engine: SweepEngine,
  lossId: string,
  o: LayoutOptions,
  layout: WriteLayout,
): Promise<TimeSweepResult> {
  const w = workload(lossId, o.size);
  const options = { repetitions: o.reps, batch: o.batch, layout };
  return w.kind === 'sweep' ? engine.timeSweep(w.spec, options) : engine.timeLineGrid(lineGrid(w), options);
}

export async function runLayouts(o: LayoutOptions, log: (line: string) => void = console.log) {
  // Dawn quantizes timestamps by default (a browser privacy measure); off here unless asked.
  const { gpu, reason } = await openWebGpu(
    o.quantized ? [] : ['disable-dawn-features=timestamp_quantization'],
  );
  if (!gpu) throw new Error(`no WebGPU: ${reason}`);
  const engines = new Map<RegimeCode, SweepEngine>();
  for (const regimes of o.regimes)
    engines.set(regimes, await createSweepEngine({ gpu, powerPreference: 'high-performance', regimes }));
  const engine = engines.get(o.regimes[0]!)!;
  try {
    const a = engine.adapter;
    const bytes = o.size * o.size * 4;
    const hasTimestamps = engine.device.features.has('timestamp-query');
    log(`losslab GPU sweep layouts  ${new Date().toISOString()}  ${process.version}`);
    log(
      `adapter: ${a.description || `${a.vendor} ${a.architecture}`} (vendor ${a.vendor}, arch ${a.architecture}, software ${a.isSoftware})`,
    );
    if (a.isSoftware) log('!! SOFTWARE ADAPTER: these times show correctness only, never speed');
    log(
      `limits: maxStorageBufferBindingSize ${a.limits.maxStorageBufferBindingSize}, maxBufferSize ${a.limits.maxBufferSize}; timestamps ${hasTimestamps}${o.quantized ? ' (quantized)' : ''}`,
    );
    log(
      `grid ${o.size}² = ${(bytes / 2 ** 30).toFixed(3)} GiB f32; reps ${o.reps}, batch ${o.batch}; layouts ${o.layouts.map(layoutKey).join(',')}; regimes ${o.regimes.join(',')}\n`,
    );
    const gbps = (ms: number): number => bytes / (ms / 1e3) / 1e9;
    const fillBefore = await measureFill(engine, o);
    log(
      `fill (before): write kernel ${fmt(fillBefore.kernelMs)} ms (${fmt(gbps(fillBefore.kernelMs), 0)} GB/s; batched wall ${fmt(fillBefore.kernelWallMs)} ms), ` +
        `clearBuffer batched wall ${fmt(fillBefore.clearWallMs)} ms (${fmt(gbps(fillBefore.clearWallMs), 0)} GB/s)\n`,
    );

    const variants = o.regimes.flatMap((regime) =>
      o.layouts.map((layout) => ({
        regime,
        layout,
        label: o.regimes.length > 1 ? `${layoutKey(layout)}/${regime}` : layoutKey(layout),
      })),
    );
    const rows: LayoutRow[] = [];
    const header = `${pad('loss', 20)} ${pad('layout', 18)} ${lpad('ms', 8)} ${lpad('wall ms', 8)} ${lpad('GB/s', 6)} ${lpad('% fill', 7)} ${lpad('% clear', 8)}`;
    log(
      'ms: GPU timestamps (median); wall ms: batched submissions; % fill: fill kernel ms / ms; % clear: clearBuffer wall / wall',
    );
    log(header);
    log('-'.repeat(header.length));
    for (const loss of o.losses) {
      for (const { regime, layout, label } of variants) {
        const t = await timeLoss(engines.get(regime)!, loss, o, layout);
        const wallMs = t.batched!.medianMs;
        const row: LayoutRow = {
          loss,
          layout: label,
          ms: t.medianMs,
          method: t.method,
          wallMs,
          ofKernelFill: fillBefore.kernelMs / t.medianMs,
          ofClear: fillBefore.clearWallMs / wallMs,
        };
        rows.push(row);
        log(
          `${pad(loss, 20)} ${pad(label, 18)} ${lpad(fmt(row.ms), 8)} ${lpad(fmt(wallMs), 8)} ${lpad(fmt(gbps(row.ms), 0), 6)} ${lpad(fmt(100 * row.ofKernelFill, 1), 7)} ${lpad(fmt(100 * row.ofClear, 1), 8)}`,
        );
      }
    }
    const fillAfter = await measureFill(engine, o);
    log(
      `\nfill (after): write kernel ${fmt(fillAfter.kernelMs)} ms, clearBuffer batched wall ${fmt(fillAfter.clearWallMs)} ms (drift check)`,
    );
    log('\nper layout (fraction of the write-kernel fill, over all losses):');
    for (const { label } of variants) {
      const mine = rows.filter((r) => r.layout === label);
      const fr = mine.map((r) => r.ofKernelFill);
      const below = mine.filter((r) => r.ofKernelFill < 0.85).map((r) => r.loss);
      log(
        `  ${pad(label, 18)} min ${fmt(100 * Math.min(...fr), 1)}%  median ${fmt(100 * median(fr), 1)}%  ` +
          `losses below 85%: ${below.length ? below.join(', ') : 'none'}`,
      );
    }
    const best = new Map<string, number>();
    for (const loss of o.losses) {
      const fastest = rows.filter((r) => r.loss === loss).reduce((x, y) => (y.ms < x.ms ? y : x));
      best.set(fastest.layout, (best.get(fastest.layout) ?? 0) + 1);
    }
    log(`  best layout per loss: ${[...best].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    const result = {
      date: new Date().toISOString(),
      adapter: engine.adapter,
      size: o.size,
      reps: o.reps,
      batch: o.batch,
      fillBefore,
      fillAfter,
      rows,
    };
    log(`\nRESULT_JSON ${JSON.stringify(result)}`);
    if (o.out) writeFileSync(o.out, `${JSON.stringify(result, null, 1)}\n`);
    return result;
  } finally {
    for (const e of engines.values()) e.destroy();
    // Let Dawn finish tearing down before the process exits.
    await new Promise((done) => setTimeout(done, 50));
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  runLayouts(parseLayoutArgs(process.argv.slice(2).filter((a) => a !== '--'))).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
