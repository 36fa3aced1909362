/// <reference types="node" />
/**
 * Worker scaling of the landscape: the same 512² landscape filled by one
 * worker_thread (every row) and by two (half the rows each), rounds
 * alternating, wall time from posting the jobs to the last reply. The grid is
 * a SharedArrayBuffer; each worker resolves the spec itself (as the app's pool
 * does) and compiles its kernels once, in a warm-up round not timed.
 *
 *   npx tsx bench/landscape-workers.ts [--n 1000] [--rounds 5] [--loss huber,logistic]
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LandscapeSpec } from '@losslab/core';
import { dataset, GRID, RANGE } from './landscape-cases.js';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const n = Number(flag('--n') ?? 1000);
const rounds = Number(flag('--rounds') ?? 5);
const ids = (flag('--loss') ?? 'huber,logistic').split(',');

const spawn = (): Worker => new Worker(new URL('./landscape-worker-boot.mjs', import.meta.url));

function run(workers: Worker[], spec: LandscapeSpec, buffer: SharedArrayBuffer): Promise<number> {
  const t = performance.now();
  const rows = spec.b.size;
  return Promise.all(
    workers.map(
      (worker, k) =>
        new Promise<number>((resolve) => {
          worker.once('message', resolve);
          const rowStart = Math.floor((rows * k) / workers.length);
          const rowEnd = Math.floor((rows * (k + 1)) / workers.length);
          worker.postMessage({ spec, buffer, rowStart, rowEnd });
        }),
    ),
  ).then(() => performance.now() - t);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

const one = [spawn()];
const two = [spawn(), spawn()];
console.log(
  `Worker scaling, ${GRID}² landscape of ${n} points (${availableParallelism()} CPUs reported; median of ${rounds} rounds)\n`,
);
console.log('| loss | 1 worker ms | 2 workers ms | speed-up |');
console.log('| --- | --- | --- | --- |');
for (const id of ids) {
  const form =
    id === 'poisson_nll'
      ? 'poisson'
      : ['huber', 'mse', 'mae', 'tukey', 'cauchy'].includes(id)
        ? 'residual'
        : 'label';
  const data = dataset(form, n);
  const spec: LandscapeSpec = {
    loss: id,
    data: { x: Array.from(data.x), y: Array.from(data.y) },
    w: { ...RANGE.w, size: GRID },
    b: { ...RANGE.b, size: GRID },
  };
  const buffer = new SharedArrayBuffer(GRID * GRID * 8);
  await run(one, spec, buffer);
  await run(two, spec, buffer);
  const t1: number[] = [];
  const t2: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2) {
      t2.push(await run(two, spec, buffer));
      t1.push(await run(one, spec, buffer));
    } else {
      t1.push(await run(one, spec, buffer));
      t2.push(await run(two, spec, buffer));
    }
  }
  const a = median(t1);
  const b = median(t2);
  console.log(`| ${id} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(a / b).toFixed(2)}× |`);
}
for (const w of [...one, ...two]) await w.terminate();
