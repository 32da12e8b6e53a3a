// Runs the report's longest pure computations (the ratings bootstrap, then the pair bootstraps) on
// the second core while the main thread computes the rest; the worker runs its jobs in the order
// they are posted. A worker takes ~0.2 s to start, so small reports run inline; a worker that fails
// to start or dies is replaced by running the job inline: same result either way.
import { Worker } from 'node:worker_threads';
import { JOBS, type JobInput, type JobName, type JobOutput } from './jobs.ts';

export interface Offload {
  /**
   * The job's result. Callers await it later, after other work: a failure does not count as
   * unhandled before then (awaiting it still throws).
   */
  run<J extends JobName>(job: J, input: JobInput<J>): Promise<JobOutput<J>>;
  /** Ends the worker (if any); pending runs finish inline. */
  close(): Promise<void>;
  /** Whether runs still go to a worker (false inline, after close, or once the worker failed). */
  readonly usesWorker: boolean;
}

function runInline<J extends JobName>(job: J, input: JobInput<J>): JobOutput<J> {
  // TypeScript sees JOBS[job] as a union of the jobs and would want an input fit for all of them;
  // J ties the input to its own job.
  const run = JOBS[job] as (input: JobInput<J>) => JobOutput<J>;
  return run(input);
}

/** Marks a result as handled until its caller awaits it (see Offload.run). */
function awaitedLater<T>(result: Promise<T>): Promise<T> {
  result.catch(() => {});
  return result;
}

export const inline: Offload = {
  // Runs the job now (an async function runs to its end synchronously here); a throw becomes a rejection.
  run: (job, input) => awaitedLater((async () => runInline(job, input))()),
  close: async () => {},
  usesWorker: false,
};

interface Pending {
  resolve: (output: never) => void;
  fallback: () => void;
}

let warm: Offload | null = null;

/**
 * Starts a worker ahead of need: it takes ~0.2 s of the other core to load, which is best spent
 * while the inputs are still being read. The next startWorker() takes it.
 */
export function warmWorker(): void {
  warm ??= spawnWorker();
}

/** Ends a warm worker nobody took (the report ran inline). */
export async function coolWorker(): Promise<void> {
  const unused = warm;
  warm = null;
  await unused?.close();
}

/** A worker for one report: the warm one, else one started now (it loads while the caller prepares the inputs). */
export function startWorker(): Offload {
  const taken = warm;
  warm = null;
  return taken ?? spawnWorker();
}

/**
 * Compiled (dist/, this file is offload.js), the worker is worker.js beside it; from the sources it
 * is worker.mjs, which registers tsx and loads worker.ts.
 */
const WORKER_URL = new URL(new URL(import.meta.url).pathname.endsWith('.js') ? './worker.js' : './worker.mjs', import.meta.url);

function spawnWorker(): Offload {
  let worker: Worker | null = new Worker(WORKER_URL);
  const pending = new Map<number, Pending>();
  let nextId = 0;
  const giveUp = () => {
    worker = null;
    for (const p of pending.values()) p.fallback();
    pending.clear();
  };
  // Only a pending job keeps the process alive: a caller that forgets close() still exits.
  worker.unref();
  worker.on('message', ({ id, output }: { id: number; output: never }) => {
    pending.get(id)?.resolve(output);
    pending.delete(id);
    if (pending.size === 0) worker?.unref();
  });
  worker.on('error', giveUp);
  worker.on('exit', giveUp);
  return {
    run(job, input) {
      if (!worker) return inline.run(job, input);
      const id = nextId++;
      const running = worker;
      return awaitedLater(new Promise((resolve, reject) => {
        const fallback = () => {
          try {
            resolve(runInline(job, input));
          } catch (err) {
            reject(err);
          }
        };
        pending.set(id, { resolve, fallback });
        running.ref();
        running.postMessage({ id, job, input });
      }));
    },
    get usesWorker() {
      return worker !== null;
    },
    async close() {
      const running = worker;
      worker = null;
      running?.removeAllListeners('exit');
      running?.removeAllListeners('error');
      giveUp();
      await running?.terminate();
    },
  };
}
