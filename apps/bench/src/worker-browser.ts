/** Web Worker glue for the CPU pool on the bench page. */
import type { WorkerJob } from './pool.js';
import { runJob } from './worker-task.js';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<{ id: number; job: WorkerJob }>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
};
scope.onmessage = (e) => {
  const { reply, transfer } = runJob(e.data.id, e.data.job);
  scope.postMessage(reply, transfer);
};
