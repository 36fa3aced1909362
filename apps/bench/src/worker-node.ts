/** worker_threads glue for the CPU pool (bundled as bench-worker.mjs for the GPU box). */
import { parentPort } from 'node:worker_threads';
import type { WorkerJob } from './pool.js';
import { runJob } from './worker-task.js';

parentPort!.on('message', ({ id, job }: { id: number; job: WorkerJob }) => {
  const { reply, transfer } = runJob(id, job);
  parentPort!.postMessage(reply, transfer);
});
