// The full report on 1,000,000 Chatbot Arena battles among 20 systems (goal: under 3 s on this
// machine). Prints the time of each step; asserts nothing.
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { readArena } from '../src/judgments/readers/arena.ts';
import { median } from '../src/stats/quantile.ts';
import { buildReport } from '../src/report/model.ts';
import { coolWorker, warmWorker } from '../src/report/offload/offload.ts';
import { contentChunks, type FileContent } from '../src/report/fileContent.ts';
import { reportFiles } from '../src/report/render.ts';
import type { ReadResult } from '../src/judgments/read.ts';
import type { Report } from '../src/report/types.ts';
import { arenaJsonLines } from './arenaBattles.ts';

const BATTLES = 1_000_000;
const SYSTEMS = 20;
const PROMPTS = 5_000;
const JUDGES = 200;
const GOAL_SECONDS = 3;

/** This process's CPU seconds (user + system): on a shared machine it moves less than wall time. */
function cpuSeconds(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

async function time<T>(label: string, f: () => T | Promise<T>): Promise<[T, number, number]> {
  const start = performance.now();
  const startCpu = process.cpuUsage();
  const value = await f();
  const seconds = (performance.now() - start) / 1000;
  const cpu = cpuSeconds(startCpu);
  console.log(`${label.padEnd(44)} ${seconds.toFixed(2)} s (CPU ${cpu.toFixed(2)} s)`);
  return [value, seconds, cpu];
}

interface Run {
  report: Report;
  /** Each file's content (the CSV's is made again on demand) and its size in bytes. */
  files: Map<string, { content: FileContent; bytes: number }>;
  /** Each phase on the main thread, in order: name, wall seconds, CPU seconds (both threads). */
  steps: Array<[string, number, number]>;
  /** Wall seconds from the start until the report model was ready / until every file's bytes were. */
  model: number;
  total: number;
  cpu: number;
}

/**
 * One full report as `prefstudy report` makes it (src/commands/report.ts): the statistics run
 * until only the ratings bootstrap (in its worker) is left, the judgments CSV is made while it
 * finishes, then the other files. Each chunk's bytes are made and dropped, as a file write would
 * drop them (holding all 152 MB of the CSV would time the garbage collector instead); each chunk
 * yields to the event loop as a file write would.
 */
async function fullReport(source: ReadResult, resamples: number, worker: boolean | undefined): Promise<Run> {
  const steps: Array<[string, number, number]> = [];
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  let last = started;
  let lastCpu = startedCpu;
  let lastName = 'prepare';
  const mark = (next: string) => {
    const now = performance.now();
    steps.push([lastName, (now - last) / 1000, cpuSeconds(lastCpu)]);
    last = now;
    lastCpu = process.cpuUsage();
    lastName = next;
  };
  let model = NaN;
  const report = buildReport({
    sources: [source],
    settings: { seed: 1, resamples, cluster: 'prompt' },
    // Fixed so the output hashes below show whether a change moved any number.
    generatedAt: '2024-01-01T00:00:00.000Z',
    onStep: mark,
    worker,
  });
  report.then(() => (model = (performance.now() - started) / 1000), () => {});
  const files = new Map<string, { content: FileContent; bytes: number }>();
  for (const [name, pending] of reportFiles(report, () => source.judgments, ['html', 'md', 'json', 'csv'])) {
    const content = await pending;
    mark(`render ${name}`);
    let bytes = 0;
    for (const chunk of contentChunks(content)) {
      bytes += chunk.length;
      await new Promise(setImmediate);
    }
    files.set(name, { content, bytes });
  }
  mark('');
  return {
    report: await report,
    files,
    steps,
    model,
    total: (performance.now() - started) / 1000,
    cpu: cpuSeconds(startedCpu),
  };
}

export default async function main(): Promise<void> {
  const resamples = Number(process.env.REPORT_BENCH_RESAMPLES ?? 1000);
  // The machine is shared and its speed wanders: the median of a few runs says more than one.
  const runs = Number(process.env.REPORT_BENCH_RUNS ?? 3);
  // REPORT_BENCH_WORKER=0 runs every bootstrap on the main thread, for comparison.
  const worker = process.env.REPORT_BENCH_WORKER === '0' ? false : undefined;
  console.log(`${BATTLES.toLocaleString('en')} battles, ${SYSTEMS} systems, ${PROMPTS} prompts, ${JUDGES} judges, ${resamples} bootstrap resamples, ${runs} runs`);
  // As `prefstudy report` does: the worker loads while the log is read.
  warmWorker();
  const [log] = await time('generate the battle log (JSON lines)', () =>
    arenaJsonLines({ battles: BATTLES, systems: SYSTEMS, context: { judges: JUDGES, prompts: PROMPTS } }),
  );
  const [source, read] = await time('read it (arena reader)', () => readArena('bench-battles.jsonl', log));
  const totals: number[] = [];
  let shown: Run | null = null;
  for (let r = 0; r < runs; r++) {
    const run = await fullReport(source, resamples, worker);
    // The next run's worker loads between runs, as it would while the next report's inputs are read.
    warmWorker();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    console.log(
      `run ${r + 1}: ${run.total.toFixed(2)} s (model ready at ${run.model.toFixed(2)} s; CPU ${run.cpu.toFixed(2)} s, both threads); load average ${loadavg()[0].toFixed(2)}`,
    );
    totals.push(run.total);
    // The run closest to the median is the one whose phases are shown.
    if (!shown || Math.abs(run.total - median(totals)) < Math.abs(shown.total - median(totals))) shown = run;
  }
  await coolWorker();
  if (!shown) return;
  console.log(`phases on the main thread of a median run, on ${cpus().length} cores (share of its total, and of the goal; CPU seconds beside, both threads):`);
  for (const [name, seconds, cpu] of shown.steps) {
    console.log(
      `  ${name.padEnd(24)} ${seconds.toFixed(2)} s  ${((100 * seconds) / shown.total).toFixed(0).padStart(3)}%  ${(seconds / GOAL_SECONDS).toFixed(2)} × goal  (CPU ${cpu.toFixed(2)} s)`,
    );
  }
  const { report, files } = shown;
  console.log(`pairs ${report.pairs.length}, ratings ${report.ratings?.ratings.length ?? 0}, files ${[...files].map(([name, f]) => `${name} ${(f.bytes / 1e6).toFixed(1)} MB`).join(', ')}`);
  // Same seed, same data: these must not change when only speed changes.
  const sha256 = (content: FileContent) => [...contentChunks(content)].reduce((hash, c) => hash.update(c), createHash('sha256')).digest('hex').slice(0, 12);
  console.log(`sha256 ${[...files].map(([name, f]) => `${name} ${sha256(f.content)}`).join(', ')}`);
  const best = Math.min(...totals);
  console.log(
    `full report (model + every file as bytes): median ${median(totals).toFixed(2)} s = ${(median(totals) / GOAL_SECONDS).toFixed(2)} × the ${GOAL_SECONDS} s goal ` +
      `(fastest ${best.toFixed(2)} s = ${(best / GOAL_SECONDS).toFixed(2)} ×); reading the log adds ${read.toFixed(2)} s`,
  );
}
