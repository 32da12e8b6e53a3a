// The cost of recording one vote in the embedded log (append + fdatasync) with 0, 10k, 100k and
// 1M judgments already stored. Goal (DESIGN.md invariant 4): 1M costs at most 1.5× what 0 costs.
// Prints figures; asserts nothing.
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Judgment } from '../src/judgments/record.ts';
import { openJudgmentLog, type EmbeddedJudgmentLog } from '../src/store/embedded/judgment-log.ts';
import { openRatingService } from '../src/rating/service.ts';
import { median, quantileSorted } from '../src/stats/quantile.ts';
import { Item, StudyFile, type Study } from '../src/study/schema.ts';

const SIZES = [0, 10_000, 100_000, 1_000_000];
const SEQUENTIAL = 200;
const CONCURRENCY = 50;
const CONCURRENT_TOTAL = 2_000;
/** Measurement rounds per size; the median round is reported, since the disk is shared. */
const ROUNDS = 5;

function judgment(task: string, n: number): Judgment {
  return {
    v: 1,
    study: 'bench-study',
    task,
    rater: `rater-${n % 997}`,
    item: `item-${n % 250}`,
    left: 'oasst-sft-4-pythia-12b:greedy',
    right: 'gpt-3.5-turbo:t0.7',
    choice: (['left', 'right', 'tie', 'both-bad'] as const)[n % 4],
    shownAt: '2025-03-01T12:00:00.000Z',
    answeredAt: '2025-03-01T12:00:41.500Z',
    seconds: 41.5,
    position: (n % 20) + 1,
    uaHash: 'b5d4045c3f466fa91fe2cc6abe79232a',
    appVersion: '0.1.0',
    source: 'server',
  };
}

/** Writes n judgment lines in large chunks: preparing the log is not what is measured. */
async function prefill(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  const chunk = 10_000;
  for (let start = 0; start < n; start += chunk) {
    let text = '';
    for (let i = start; i < Math.min(n, start + chunk); i++) text += JSON.stringify(judgment(`pre-${i}`, i)) + '\n';
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  // Flush the prefill now, or the first measured fdatasync would pay for writing it.
  const handle = await open(file, 'r+');
  await handle.sync();
  await handle.close();
}

interface Figures {
  size: number;
  openSeconds: number;
  medianMs: number;
  p99Ms: number;
  votesPerSecond: number;
}

interface Prepared {
  size: number;
  openSeconds: number;
  log: EmbeddedJudgmentLog;
  medians: number[];
  p99s: number[];
  throughputs: number[];
}

async function prepare(dir: string, size: number): Promise<Prepared> {
  const file = join(dir, `study-${size}`, 'judgments.jsonl');
  await mkdir(join(dir, `study-${size}`));
  await prefill(file, size);
  const openStart = performance.now();
  const log = await openJudgmentLog(file);
  const openSeconds = (performance.now() - openStart) / 1000;
  if (log.count() !== size) throw new Error(`expected ${size} judgments, the log holds ${log.count()}`);
  for (let i = 0; i < 20; i++) await log.append(judgment(`warm-${i}`, i));
  return { size, openSeconds, log, medians: [], p99s: [], throughputs: [] };
}

async function measureRound(p: Prepared, round: number): Promise<void> {
  const latencies: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const start = performance.now();
    await p.log.append(judgment(`seq-${round}-${i}`, i));
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  p.medians.push(quantileSorted(latencies, 0.5));
  p.p99s.push(quantileSorted(latencies, 0.99));

  let next = 0;
  const concurrentStart = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CONCURRENT_TOTAL) {
        const n = next++;
        await p.log.append(judgment(`conc-${round}-${n}`, n));
      }
    }),
  );
  p.throughputs.push(CONCURRENT_TOTAL / ((performance.now() - concurrentStart) / 1000));
}

/** 250 items × 7 pairs × 5 votes, served to raters of 20 tasks each. */
function largeStudy(): Study {
  const systems = Array.from({ length: 8 }, (_, i) => `system-${i}`);
  const file = StudyFile.parse({
    id: 'bench-service',
    title: 'Bench',
    instructions: 'Pick one.',
    systems,
    design: { kind: 'baseline', baseline: systems[0] },
    votesPerPair: 5,
    raterLimit: 20,
    seed: 'bench',
  });
  const items = Array.from({ length: 250 }, (_, i) =>
    Item.parse({ id: `item-${i}`, prompt: `Prompt ${i}`, completions: Object.fromEntries(systems.map((s) => [s, `${s} answers ${i}`])) }),
  );
  return { ...file, dir: '.', items };
}

/** The whole vote path of the rating service (lease, validate, append + fdatasync, rater state), 50 raters at once. */
async function serviceBench(dir: string): Promise<void> {
  const service = await openRatingService({ study: largeStudy(), store: { resultsDir: dir } });
  const submitMs: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const id = `rater-${next++}`;
        await service.enter({ id });
        for (;;) {
          const current = await service.current(id);
          if (current.kind !== 'task') break;
          const t = performance.now();
          await service.submit(id, { taskId: current.task.taskId, choice: 'left' });
          submitMs.push(performance.now() - t);
        }
        if ((await service.progress()).votes >= 250 * 7 * 5) return;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await service.close();
  submitMs.sort((a, b) => a - b);
  console.log(
    `rating service, ${CONCURRENCY} concurrent raters filling 250 items × 7 pairs × 5 votes: ${submitMs.length} votes in ${seconds.toFixed(1)} s = ${Math.round(submitMs.length / seconds)} votes/s (each: current + submit); submit p50 ${quantileSorted(submitMs, 0.5).toFixed(2)} ms, p99 ${quantileSorted(submitMs, 0.99).toFixed(2)} ms`,
  );
}

export default async function storeBench(): Promise<void> {
  console.log(
    `one vote = append + fdatasync; median/p99 over ${SEQUENTIAL} sequential appends; throughput with ${CONCURRENCY} concurrent appenders (${CONCURRENT_TOTAL} votes, group commit); median of ${ROUNDS} rounds, sizes interleaved in each round so machine noise hits all sizes alike`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'prefstudy-bench-store-'));
  try {
    const prepared: Prepared[] = [];
    for (const size of SIZES) prepared.push(await prepare(dir, size));
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order so no size is always measured first (or right after the big one).
      for (let k = 0; k < prepared.length; k++) await measureRound(prepared[(k + round) % prepared.length], round);
    }
    const results: Figures[] = [];
    for (const p of prepared) {
      await p.log.close();
      const f = { size: p.size, openSeconds: p.openSeconds, medianMs: median(p.medians), p99Ms: median(p.p99s), votesPerSecond: median(p.throughputs) };
      results.push(f);
      console.log(
        `${String(f.size).padStart(9)} stored | open ${f.openSeconds.toFixed(2).padStart(6)} s | median ${f.medianMs.toFixed(3).padStart(7)} ms | p99 ${f.p99Ms.toFixed(3).padStart(7)} ms | ${Math.round(f.votesPerSecond).toString().padStart(6)} votes/s with ${CONCURRENCY} concurrent`,
      );
    }
    const empty = results[0];
    const million = results[results.length - 1];
    const latencyRatio = million.medianMs / empty.medianMs;
    const throughputRatio = empty.votesPerSecond / million.votesPerSecond;
    const verdict = (ratio: number) => (ratio <= 1.5 ? 'meets goal ≤ 1.5×' : 'MISSES goal ≤ 1.5×');
    console.log(`median cost of one vote 1M/0: ${latencyRatio.toFixed(2)}× (${verdict(latencyRatio)})`);
    console.log(`time per vote with ${CONCURRENCY} concurrent, 1M/0: ${throughputRatio.toFixed(2)}× (${verdict(throughputRatio)})`);
    await serviceBench(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
