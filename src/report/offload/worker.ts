// The worker's side: runs each job it is sent and hands the result's memory back without a copy.
import { parentPort } from 'node:worker_threads';
import { JOBS, type JobName } from './jobs.ts';

export interface JobRequest {
  id: number;
  job: JobName;
  input: unknown;
}

const port = parentPort;
if (!port) throw new Error('offload/worker.ts runs as a worker thread');
port.on('message', ({ id, job, input }: JobRequest) => {
  const output = JOBS[job](input as never);
  port.postMessage({ id, output }, [output.buffer as ArrayBuffer]);
});
