/// <reference types="node" />
/**
 * Prints core's sweep / hand-written ratio per loss as a markdown table: the
 * medians vitest bench measured (its JSON, see the `bench` script) and a
 * paired ratio this script measures itself — the two sides alternating,
 * round by round, and the median of the per-round ratios — which load from
 * other processes on a shared machine skews far less than two medians taken
 * seconds apart. The goal is judged on the paired ratio.
 *
 *   pnpm --filter @losslab/bench exec tsx cpu/report.ts [results/tmp/cpu-last.json] [--rounds 15] [--no-paired]
 *
 * For a loss over the goal it lists the helper calls (P.*) its generated
 * kernel makes: those are where compiled code leaves inline arithmetic.
 */
import { readFileSync } from 'node:fs';
import { getLoss, isLossId, losses, sweepKernelSource } from '@losslab/core';
import { type Case, cases, SIZE } from './cases.js';

interface BenchEntry {
  readonly name: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly sampleCount: number;
}
interface Report {
  readonly files: readonly { readonly groups: readonly { fullName: string; benchmarks: BenchEntry[] }[] }[];
}

/** Ratio goal for simple losses (issue 2, item 7). */
const GOAL = 1.1;

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const path =
  argv.find((a) => !a.startsWith('--') && a !== flag('--rounds')) ??
  new URL('../results/tmp/cpu-last.json', import.meta.url).pathname;
const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
const rounds = Number(flag('--rounds') ?? 15);
const paired = !argv.includes('--no-paired');

/** Median of per-round core/hand ratios, the sides alternating which goes first. */
function pairedRatio(c: Case): { ratio: number; lo: number; hi: number } | undefined {
  if (!c.hand || c.mismatch) return undefined;
  const out = new Float64Array(SIZE * SIZE);
  const time = (f: () => void): number => {
    const t = performance.now();
    f();
    return performance.now() - t;
  };
  const core = (): void => c.core(SIZE, out);
  const hand = (): void => c.hand!(SIZE, out);
  for (let i = 0; i < 3; i++) time(core) + time(hand);
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const [a, b] = r % 2 ? [time(hand), time(core)] : [time(core), time(hand)];
    ratios.push(r % 2 ? b / a : a / b);
  }
  ratios.sort((x, y) => x - y);
  const q = (p: number): number => ratios[Math.min(ratios.length - 1, Math.floor(p * ratios.length))]!;
  return { ratio: q(0.5), lo: q(0.25), hi: q(0.75) };
}
const byId = new Map(cases.map((c) => [c.loss.id, c]));

const ms = (x: number): string => (x >= 10 ? x.toFixed(1) : x.toFixed(2));

const rows: string[] = [];
const seen = new Set<string>();
const slow: string[] = [];
for (const group of report.files.flatMap((f) => f.groups)) {
  // "cpu/sweep.bench.ts > huber (r × delta)"
  const match = /> (\S+) \(([^)]*)\)$/.exec(group.fullName);
  if (!match) continue;
  const [, id, axes] = match as unknown as [string, string, string];
  seen.add(id);
  const core = group.benchmarks.find((b) => b.name === 'sweep' || b.name === 'evaluateBatch');
  const hand = group.benchmarks.find((b) => b.name === 'hand-written');
  if (!core) continue;
  const coreCell = `${ms(core.median)} (${ms(core.min)}–${ms(core.max)})`;
  if (!hand) {
    rows.push(`| ${id} | ${axes} | ${core.name} | ${coreCell} | — | — | — | no checked hand-written loop |`);
    continue;
  }
  const medianRatio = core.median / hand.median;
  const pair = paired ? pairedRatio(byId.get(id)!) : undefined;
  const ratio = pair?.ratio ?? medianRatio;
  const ok = ratio <= GOAL;
  const pairCell = pair ? `**${pair.ratio.toFixed(2)}** (${pair.lo.toFixed(2)}–${pair.hi.toFixed(2)})` : '—';
  rows.push(
    `| ${id} | ${axes} | ${core.name} | ${coreCell} | ${ms(hand.median)} (${ms(hand.min)}–${ms(hand.max)}) | ${medianRatio.toFixed(2)} | ${pairCell} | ${ok ? '✓' : '✗'} |`,
  );
  if (!ok && isLossId(id)) {
    const [x, y] = axes.split(' × ');
    const helpers =
      x && y
        ? [...new Set(sweepKernelSource(getLoss(id), 'value', x, y).match(/P\.\w+/g) ?? [])].join(', ') ||
          'none'
        : 'n/a (no 2D sweep: evaluateBatch validates every element, then runs a batch kernel)';
    slow.push(`- ${id}: ${ratio.toFixed(2)}×; kernel helper calls: ${helpers}`);
  }
}

console.log(
  `Core vs hand-written JS at 1024² (vitest median ms, min–max; ratio = core / hand-written; paired: median of ${rounds} interleaved rounds, quartiles; goal ≤ ${GOAL})\n`,
);
console.log(
  '| loss | axes | core path | core ms | hand-written ms | ratio of medians | paired ratio | ≤ goal |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
const missing = losses.map((l) => l.id).filter((id) => !seen.has(id));
console.log(
  `\n${seen.size} losses measured${missing.length ? `; not in this run: ${missing.join(', ')}` : ''}.`,
);
if (slow.length) console.log(`\nOver the goal:\n${slow.join('\n')}`);
