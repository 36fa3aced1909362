/// <reference types="node" />
/**
 * Prints core's sweep / hand-written ratio per loss as a markdown table, from
 * the JSON that `vitest bench --outputJson` wrote (see the `bench` script).
 * Ratios are of medians measured side by side in the same run.
 *
 *   npx tsx bench/report.ts [bench/results/last.json]
 *
 * For a loss over the goal it lists the helper calls (P.*) its generated
 * kernel makes: those are where compiled code leaves inline arithmetic.
 */
import { readFileSync } from 'node:fs';
import { getLoss, isLossId, losses, sweepKernelSource } from '../src/index.js';

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

const path = process.argv[2] ?? new URL('./results/last.json', import.meta.url).pathname;
const report = JSON.parse(readFileSync(path, 'utf8')) as Report;

const ms = (x: number): string => (x >= 10 ? x.toFixed(1) : x.toFixed(2));

const rows: string[] = [];
const seen = new Set<string>();
const slow: string[] = [];
for (const group of report.files.flatMap((f) => f.groups)) {
  // "bench/sweep.bench.ts > huber (r × delta)"
  const match = /> (\S+) \(([^)]*)\)$/.exec(group.fullName);
  if (!match) continue;
  const [, id, axes] = match as unknown as [string, string, string];
  seen.add(id);
  const core = group.benchmarks.find((b) => b.name === 'sweep' || b.name === 'evaluateBatch');
  const hand = group.benchmarks.find((b) => b.name === 'hand-written');
  if (!core) continue;
  const coreCell = `${ms(core.median)} (${ms(core.min)}–${ms(core.max)})`;
  if (!hand) {
    rows.push(`| ${id} | ${axes} | ${core.name} | ${coreCell} | — | — | no checked hand-written loop |`);
    continue;
  }
  const ratio = core.median / hand.median;
  const ok = ratio <= GOAL;
  rows.push(
    `| ${id} | ${axes} | ${core.name} | ${coreCell} | ${ms(hand.median)} (${ms(hand.min)}–${ms(hand.max)}) | **${ratio.toFixed(2)}** | ${ok ? '✓' : '✗'} |`,
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
  `Core sweep vs hand-written JS at 1024² (median ms, min–max; ratio = core / hand-written; goal ≤ ${GOAL})\n`,
);
console.log('| loss | axes | core path | core ms | hand-written ms | ratio | ≤ goal |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
const missing = losses.map((l) => l.id).filter((id) => !seen.has(id));
console.log(
  `\n${seen.size} losses measured${missing.length ? `; not in this run: ${missing.join(', ')}` : ''}.`,
);
if (slow.length) console.log(`\nOver the goal:\n${slow.join('\n')}`);
