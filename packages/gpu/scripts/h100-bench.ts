/**
 * Sweep speed against write bandwidth, on a real GPU, in one run.
 *
 * For a size² sweep of every loss (value output; 16384² = 1 GiB of f32 by
 * default) and each write layout, the time per sweep from GPU timestamps
 * (median of --reps) and from batched submissions (--batch sweeps in one
 * submit, wall time / batch), against filling the same 1 GiB buffer: a
 * trivial vec4 write kernel and clearBuffer. Prints a table with each loss's
 * fraction of fill bandwidth per layout and a summary per layout, then a
 * RESULT_JSON line. Also checks every loss output's accuracy at the hard
 * points on this GPU (the same rule as the test suite).
 *
 * Bundled for a machine without node_modules by scripts/bundle-h100.mjs:
 *   node packages/gpu/scripts/bundle-h100.mjs
 *   bash .gpu/run.sh .gpu/h100-bench.mjs                 (remote GPU box)
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node .gpu/h100-bench.mjs --size 1024 --reps 3
 *
 * Options: --size N (16384), --reps N (20), --batch N (10), --losses a,b,
 * --layouts rows256x1c,rows256x4c,... (default: rows and flat at 1 value/thread and vec4, and the naive 16×16 tiles),
 * --regimes branch,select (default: branch; both to compare if/else against branch-free kernels),
 * --no-check (skip the accuracy check), --quantized (keep Dawn's timestamp quantization).
 */
import { continuousVariables, type LossDef, losses, type Output } from '@losslab/core';
import { create, globals } from 'webgpu';
import { createSweepEngine, type WebGpuSweepEngine } from '../src/engine/engine.js';
import { type GridPlan, planLineGrid, planSweep } from '../src/engine/plan.js';
import type { RegimeCode } from '../src/wgsl/generate.js';
import { benchmarkLayouts, layoutKey, type WriteLayout } from '../src/wgsl/layout.js';
import { compareOutputs } from '../test/helpers/compare.js';
import { hardPoints } from '../test/helpers/points.js';
import { toleranceAt } from '../test/tolerances.js';

Object.assign(globalThis, globals);

// ------------------------------------------------------------------ options

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(`--${name}`);
const option = (name: string, fallback: string): string => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && argv[at + 1] !== undefined ? argv[at + 1]! : fallback;
};
const size = Number(option('size', '16384'));
const reps = Number(option('reps', '20'));
const batch = Number(option('batch', '10'));
const lossFilter = option('losses', '');
const layoutNames = option('layouts', 'rows256x1c,rows256x4c,flat256x1,flat256x4,tiles16');
const layouts: WriteLayout[] = layoutNames.split(',').map((name) => {
  const found = benchmarkLayouts.find((l) => layoutKey(l) === name);
  if (!found) throw new Error(`unknown layout ${name}; known: ${benchmarkLayouts.map(layoutKey).join(', ')}`);
  return found;
});
const regimeNames = option('regimes', 'branch').split(',');
for (const r of regimeNames)
  if (r !== 'branch' && r !== 'select') throw new Error(`unknown regime code ${r}`);
const regimes = regimeNames as RegimeCode[];
/** Each kernel variant timed: a layout, and with several regime codes, which one (e.g. rows256x4c/select). */
const variants = regimes.flatMap((regime) =>
  layouts.map((layout) => ({
    regime,
    layout,
    label: regimes.length > 1 ? `${layoutKey(layout)}/${regime}` : layoutKey(layout),
  })),
);
const selected = lossFilter ? losses.filter((l) => lossFilter.split(',').includes(l.id)) : losses;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

// ------------------------------------------------------------------ device

// Dawn quantizes timestamps by default (a browser privacy measure); off here unless asked.
const instance = create(flag('quantized') ? [] : ['disable-dawn-features=timestamp_quantization']);
const engines = new Map<RegimeCode, WebGpuSweepEngine>();
for (const regime of regimes)
  engines.set(
    regime,
    (await createSweepEngine({
      gpu: instance,
      powerPreference: 'high-performance',
      regimes: regime,
    })) as WebGpuSweepEngine,
  );
const engine = engines.get(regimes[0]!)!;
const device = engine.device;
const hasTimestamps = device.features.has('timestamp-query');
const bytes = size * size * 4;
console.log(`losslab GPU sweep benchmark  ${new Date().toISOString()}  node ${process.version}`);
console.log(
  `adapter: ${engine.adapter.description || `${engine.adapter.vendor} ${engine.adapter.architecture}`} ` +
    `(vendor ${engine.adapter.vendor}, arch ${engine.adapter.architecture}, software ${engine.adapter.isSoftware})`,
);
console.log(
  `limits: maxStorageBufferBindingSize ${engine.adapter.limits.maxStorageBufferBindingSize}, maxBufferSize ${engine.adapter.limits.maxBufferSize}; timestamps ${hasTimestamps}${flag('quantized') ? ' (quantized)' : ''}`,
);
console.log(
  `grid ${size}² = ${(bytes / 2 ** 30).toFixed(3)} GiB f32; reps ${reps}, batch ${batch}; layouts ${layoutNames}; regimes ${regimeNames.join(',')}\n`,
);

// ------------------------------------------------------------------ fill baselines

const fillCode = `struct P { n4: u32, pad0: u32, pad1: u32, pad2: u32 }
@group(0) @binding(0) var<storage, read_write> out: array<vec4<f32>>;
@group(0) @binding(1) var<uniform> p: P;
@compute @workgroup_size(256)
fn fill(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) g: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = (wg.y * g.x + wg.x) * 256u + lid;
  if (i < p.n4) {
    out[i] = vec4<f32>(1.0, 2.0, 3.0, f32(lid));
  }
}`;
const fillPipeline = device.createComputePipeline({
  layout: 'auto',
  compute: { module: device.createShaderModule({ code: fillCode }), entryPoint: 'fill' },
});
const target = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
const params = (n4: number): GPUBuffer => {
  const b = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(b, 0, new Uint32Array([n4, 0, 0, 0]));
  return b;
};
const fillGroup = device.createBindGroup({
  layout: fillPipeline.getBindGroupLayout(0),
  entries: [
    { binding: 0, resource: { buffer: target } },
    { binding: 1, resource: { buffer: params(bytes / 16) } },
  ],
});
const idleGroup = device.createBindGroup({
  layout: fillPipeline.getBindGroupLayout(0),
  entries: [
    { binding: 0, resource: { buffer: target } },
    { binding: 1, resource: { buffer: params(0) } },
  ],
});
const fillGroups = Math.ceil(bytes / 16 / 256);
const fillDispatch: [number, number] =
  fillGroups <= 65535
    ? [fillGroups, 1]
    : [Math.ceil(fillGroups / Math.ceil(fillGroups / 65535)), Math.ceil(fillGroups / 65535)];

type Stamps = { querySet: GPUQuerySet; at: number };

function fillPass(encoder: GPUCommandEncoder, stamps?: Stamps, begin = true, end = true, idle = false): void {
  const pass = encoder.beginComputePass(
    stamps
      ? {
          timestampWrites: {
            querySet: stamps.querySet,
            ...(begin ? { beginningOfPassWriteIndex: stamps.at } : {}),
            ...(end ? { endOfPassWriteIndex: stamps.at + (begin ? 1 : 0) } : {}),
          },
        }
      : {},
  );
  pass.setPipeline(fillPipeline);
  pass.setBindGroup(0, idle ? idleGroup : fillGroup);
  if (idle) pass.dispatchWorkgroups(1);
  else pass.dispatchWorkgroups(...fillDispatch);
  pass.end();
}

/** Runs `encode` reps times, each writing two timestamps at (at, at + 1); returns the differences in ms. */
async function stamped(encode: (encoder: GPUCommandEncoder, stamps: Stamps) => void): Promise<number[]> {
  const count = 2 * reps;
  const querySet = device.createQuerySet({ type: 'timestamp', count });
  const resolve = device.createBuffer({
    size: count * 8,
    usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
  });
  const read = device.createBuffer({
    size: count * 8,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = device.createCommandEncoder();
  for (let r = 0; r < reps; r++) encode(encoder, { querySet, at: 2 * r });
  encoder.resolveQuerySet(querySet, 0, count, resolve, 0);
  encoder.copyBufferToBuffer(resolve, 0, read, 0, count * 8);
  device.queue.submit([encoder.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const t = new BigUint64Array(read.getMappedRange().slice(0));
  read.unmap();
  for (const b of [read, resolve]) b.destroy();
  querySet.destroy();
  return Array.from({ length: reps }, (_, r) => Number(t[2 * r + 1]! - t[2 * r]!) / 1e6);
}

async function wall(encode: (encoder: GPUCommandEncoder) => void): Promise<number> {
  const warm = device.createCommandEncoder();
  encode(warm);
  device.queue.submit([warm.finish()]);
  await device.queue.onSubmittedWorkDone();
  const t0 = performance.now();
  const encoder = device.createCommandEncoder();
  for (let k = 0; k < batch; k++) encode(encoder);
  device.queue.submit([encoder.finish()]);
  await device.queue.onSubmittedWorkDone();
  return (performance.now() - t0) / batch;
}

interface Fill {
  kernelMs: number;
  kernelWallMs: number;
  clearMs: number;
  clearWallMs: number;
}

async function measureFill(): Promise<Fill> {
  const kernelWallMs = await wall((e) => fillPass(e));
  const clearWallMs = await wall((e) => e.clearBuffer(target));
  if (!hasTimestamps) return { kernelMs: kernelWallMs, kernelWallMs, clearMs: clearWallMs, clearWallMs };
  const kernelMs = median(await stamped((e, s) => fillPass(e, s)));
  // clearBuffer is not a pass: bracket it between the end of one tiny pass and the start of the next.
  // (Vulkan may write the second timestamp before the clear finishes: the batched wall time is the check.)
  const clearMs = median(
    await stamped((e, s) => {
      fillPass(e, s, false, true, true);
      e.clearBuffer(target);
      fillPass(e, { querySet: s.querySet, at: s.at + 1 }, true, false, true);
    }),
  );
  return { kernelMs, kernelWallMs, clearMs, clearWallMs };
}

const fillBefore = await measureFill();
const gbps = (ms: number): number => bytes / (ms / 1e3) / 1e9;
console.log(
  `fill (before): write kernel ${fmt(fillBefore.kernelMs)} ms (${fmt(gbps(fillBefore.kernelMs), 0)} GB/s; batched wall ${fmt(fillBefore.kernelWallMs)} ms), ` +
    `clearBuffer ${fmt(fillBefore.clearMs)} ms (${fmt(gbps(fillBefore.clearMs), 0)} GB/s; batched wall ${fmt(fillBefore.clearWallMs)} ms)\n`,
);

// ------------------------------------------------------------------ sweeps

/** The loss's default axes over their plot ranges; one-variable losses as a line grid (every row the same). */
function planFor(loss: LossDef): GridPlan {
  const [xName, yName] = loss.defaultAxes;
  const axis = (name: string) => {
    const v = loss.variables.find((w) => w.name === name)!;
    return { variable: name, min: v.plot.min, max: v.plot.max, size, scale: v.plot.scale };
  };
  // Variables without a default take a point of their plot range; the rest their defaults.
  const fixed = Object.fromEntries(
    loss.variables
      .filter((v) => v.name !== xName && v.name !== yName && v.default === undefined)
      .map((v) => [v.name, v.plot.min + 0.3 * (v.plot.max - v.plot.min)]),
  );
  return yName === undefined
    ? planLineGrid({ loss: loss.id, x: axis(xName), fixed })
    : planSweep({ loss: loss.id, x: axis(xName), y: axis(yName), fixed });
}

interface Row {
  loss: string;
  layout: string;
  ms: number;
  method: string;
  wallMs: number;
  ofKernelFill: number;
  ofClear: number;
}

const rows: Row[] = [];
const header = `${pad('loss', 20)} ${pad('layout', 12)} ${lpad('ms', 8)} ${lpad('wall ms', 8)} ${lpad('GB/s', 6)} ${lpad('% fill', 7)} ${lpad('% clear', 8)}`;
console.log(
  'ms: GPU timestamps (median); wall ms: batched submissions; % fill: fill kernel ms / ms; % clear: clearBuffer wall / wall',
);
console.log(header);
console.log('-'.repeat(header.length));
for (const loss of selected) {
  const plan = planFor(loss);
  for (const { regime, layout, label } of variants) {
    const e = engines.get(regime)!;
    const t = await e.timeGrid(plan, reps, layout);
    const wallMs = await e.wallPerGrid(plan, batch, layout);
    const row: Row = {
      loss: loss.id,
      layout: label,
      ms: t.medianMs,
      method: t.method,
      wallMs,
      ofKernelFill: fillBefore.kernelMs / t.medianMs,
      // clearBuffer is timed by batched wall clock (timestamps can't bracket a copy command reliably): compare like with like.
      ofClear: fillBefore.clearWallMs / wallMs,
    };
    rows.push(row);
    console.log(
      `${pad(row.loss, 20)} ${pad(row.layout, 12)} ${lpad(fmt(row.ms), 8)} ${lpad(fmt(wallMs), 8)} ${lpad(fmt(gbps(row.ms), 0), 6)} ${lpad(fmt(100 * row.ofKernelFill, 1), 7)} ${lpad(fmt(100 * row.ofClear, 1), 8)}`,
    );
  }
}

const fillAfter = await measureFill();
console.log(
  `\nfill (after): write kernel ${fmt(fillAfter.kernelMs)} ms, clearBuffer ${fmt(fillAfter.clearMs)} ms (drift check)`,
);

console.log('\nper layout (fraction of the write-kernel fill, over all losses):');
for (const { label: key } of variants) {
  const fr = rows.filter((r) => r.layout === key).map((r) => r.ofKernelFill);
  const below = rows.filter((r) => r.layout === key && r.ofKernelFill < 0.85).map((r) => r.loss);
  console.log(
    `  ${pad(key, 12)} min ${fmt(100 * Math.min(...fr), 1)}%  median ${fmt(100 * median(fr), 1)}%  ` +
      `losses below 85%: ${below.length ? below.join(', ') : 'none'}`,
  );
}
const bestPerLoss = selected.map((loss) => {
  const mine = rows.filter((r) => r.loss === loss.id);
  return mine.reduce((a, b) => (b.ms < a.ms ? b : a));
});
console.log(
  `  best layout per loss: ${Object.entries(
    bestPerLoss.reduce<Record<string, number>>((acc, r) => {
      acc[r.layout] = (acc[r.layout] ?? 0) + 1;
      return acc;
    }, {}),
  )
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ')}`,
);

// ------------------------------------------------------------------ accuracy on this GPU

const accuracy: { loss: string; output: string; checked: number; mismatches: number; example?: string }[] =
  [];
if (!flag('no-check')) {
  console.log('\naccuracy at the hard points on this GPU (the test suite’s rule):');
  let bad = 0;
  let total = 0;
  for (const loss of selected) {
    const outputs: Output[] = ['value', ...continuousVariables(loss).map((partial) => ({ partial }))];
    for (const output of outputs) {
      const columns = hardPoints(loss);
      const values = await engine.evaluateBatch(loss.id, columns, { output });
      const c = compareOutputs(loss, output, columns, values, toleranceAt(loss, output));
      const name = output === 'value' ? 'value' : `d/d${output.partial}`;
      total++;
      const m = c.mismatches[0];
      accuracy.push({
        loss: loss.id,
        output: name,
        checked: c.checked,
        mismatches: c.mismatches.length,
        ...(m ? { example: `${m.why}: gpu ${m.gpu}, core ${m.ref} at ${JSON.stringify(m.point)}` } : {}),
      });
      if (c.mismatches.length) {
        bad++;
        console.log(
          `  ${loss.id} ${name}: ${c.mismatches.length} of ${c.checked} mismatch, e.g. ${accuracy.at(-1)!.example}`,
        );
      }
    }
  }
  console.log(`  ${total - bad} of ${total} loss outputs match core within tolerance`);
}

console.log(
  `\nRESULT_JSON ${JSON.stringify({
    date: new Date().toISOString(),
    adapter: engine.adapter,
    size,
    reps,
    batch,
    fillBefore,
    fillAfter,
    rows,
    accuracy,
  })}`,
);

target.destroy();
for (const e of engines.values()) e.destroy();
// Let Dawn finish tearing down before the process exits.
await new Promise((resolve) => setTimeout(resolve, 50));
void instance;
