// The worker's side: runs each job it is sent and hands the result back (a typed array's memory
// without a copy).
import { parentPort, type Transferable } from 'node:worker_threads';
import { JOBS, type JobName } from './jobs.ts';

export interface JobRequest {
  id: number;
  job: JobName;
  input: unknown;
}

const port = parentPort;
if (!port) throw new Error('offload/worker.ts runs as a worker thread');
port.on('message', ({ id, job, input }: JobRequest) => {
  const output: unknown = JOBS[job](input as never);
  port.postMessage({ id, output }, transferList(output));
});

/**
 * A typed array's buffer moves to the main thread (the worker has no further use for it). Anything
 * else is copied by structured clone: the pair bootstraps are small objects of plain numbers, with
 * no buffer worth moving.
 */
function transferList(output: unknown): Transferable[] {
  return ArrayBuffer.isView(output) ? [output.buffer as ArrayBuffer] : [];
}
