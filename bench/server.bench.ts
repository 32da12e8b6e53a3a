// Durable votes per second and the latency of both requests a rater makes (pair fetch and vote)
// against the running server (`prefstudy serve` as a child process, as in production), with 50
// concurrent raters on loopback, at 0, 100,000 and 1,000,000 judgments already stored; plus the
// time from starting the process to listening, and the server's memory. A vote is acknowledged
// only once it is synced to disk.
// Goals (issue 10): >= 1,000 durable votes/s and pair-fetch p99 < 50 ms at every size, start-up at
// 1M < 5 s, and the same cost at 1M as at 0. Printed, not asserted.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, writeLargeStudy } from '../test/server/child-server.ts';
import { RATERS, ownCpuMs, percentile, processCpuMs, residentMb, round } from './load-client.ts';
import { writeStoredJudgments } from './stored-judgments.ts';

const STUDY = 'bench-study';
const VOTES_PER_RATER = 80;
const WARMUP_VOTES_PER_RATER = 5;
/** Enough items and votes per item for a million stored judgments plus the benchmark's own. */
const ITEMS = 20_000;
const VOTES_PER_ITEM = 60;
const SIZES = (process.env.SERVER_BENCH_SIZES ?? '0,100000,1000000').split(',').map(Number);

interface SizeFigures {
  stored: number;
  startSeconds: number;
  rssMb: number;
  votes: number;
  rate: number;
  post: { p50: number; p99: number; max: number };
  get: { p50: number; p99: number; max: number };
  serverCpuPerVote: number;
  clientCpuPerVote: number;
}

async function measureSize(stored: number): Promise<SizeFigures> {
  const studies = await mkdtemp(join(tmpdir(), 'prefstudy-bench-studies-'));
  const results = await mkdtemp(join(tmpdir(), 'prefstudy-bench-results-'));
  await writeLargeStudy(studies, STUDY, ITEMS, { raterLimit: VOTES_PER_RATER + WARMUP_VOTES_PER_RATER, votesPerPair: VOTES_PER_ITEM });
  await writeStoredJudgments(join(results, STUDY, 'judgments.jsonl'), STUDY, stored, ITEMS);
  // PREFSTUDY_BENCH_PROFILE=<dir>: write a CPU profile of the server to that folder.
  const profileDir = process.env.PREFSTUDY_BENCH_PROFILE;
  const started = performance.now();
  const server = await spawnServer(studies, results, {}, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const startSeconds = (performance.now() - started) / 1000;
  const port = Number(new URL(server.base).port);
  try {
    await round([port], STUDY, 'warm-', WARMUP_VOTES_PER_RATER);
    const serverCpu0 = processCpuMs(server.child.pid);
    const clientCpu0 = ownCpuMs();
    const r = await round([port], STUDY, 'rater-', VOTES_PER_RATER);
    const serverCpu = processCpuMs(server.child.pid) - serverCpu0;
    const clientCpu = ownCpuMs() - clientCpu0;
    const spread = (xs: number[]) => ({ p50: percentile(xs, 0.5), p99: percentile(xs, 0.99), max: xs.at(-1) ?? NaN });
    return {
      stored,
      startSeconds,
      rssMb: residentMb(server.child.pid),
      votes: r.votes,
      rate: r.votes / r.seconds,
      post: spread(r.postMs),
      get: spread(r.getMs),
      serverCpuPerVote: serverCpu / r.votes,
      clientCpuPerVote: clientCpu / r.votes,
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await rm(studies, { recursive: true, force: true });
    await rm(results, { recursive: true, force: true });
  }
}

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

export default async function benchServer(): Promise<void> {
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`server: ${RATERS} concurrent raters, each GET pair (JSON) + POST vote, ${VOTES_PER_RATER} votes each after ${WARMUP_VOTES_PER_RATER} warm-up; load average before: ${load}`);
  console.log('  (votes/s is also full cycles/s; the load client shares the 2 cores with the server)');
  const all: SizeFigures[] = [];
  for (const stored of SIZES) {
    const f = await measureSize(stored);
    all.push(f);
    console.log(
      `${String(f.stored).padStart(9)} stored | start ${f.startSeconds.toFixed(2)} s, ${f.rssMb.toFixed(0)} MB | ${f.rate.toFixed(0)} votes/s | ` +
        `pair GET p50 ${f.get.p50.toFixed(1)} p99 ${f.get.p99.toFixed(1)} max ${f.get.max.toFixed(1)} ms | ` +
        `vote POST p50 ${f.post.p50.toFixed(1)} p99 ${f.post.p99.toFixed(1)} max ${f.post.max.toFixed(1)} ms | ` +
        `CPU/vote server ${f.serverCpuPerVote.toFixed(3)} ms, client ${f.clientCpuPerVote.toFixed(3)} ms`,
    );
    console.log(
      `           goals: >= 1000 votes/s ${met(f.rate >= 1000)} (${(f.rate / 1000).toFixed(2)}), pair p99 < 50 ms ${met(f.get.p99 < 50)} (${(f.get.p99 / 50).toFixed(2)}), ` +
        `vote p99 < 50 ms ${met(f.post.p99 < 50)} (${(f.post.p99 / 50).toFixed(2)})` +
        (f.stored >= 1_000_000 ? `, start-up < 5 s ${met(f.startSeconds < 5)} (${(f.startSeconds / 5).toFixed(2)})` : ''),
    );
  }
  const empty = all.find((f) => f.stored === 0);
  const million = all.find((f) => f.stored === 1_000_000);
  if (empty && million) {
    console.log(
      `ratio 1M / 0: votes/s ${(million.rate / empty.rate).toFixed(2)}, pair GET p99 ${(million.get.p99 / empty.get.p99).toFixed(2)}, ` +
        `vote POST p99 ${(million.post.p99 / empty.post.p99).toFixed(2)}, server CPU per vote ${(million.serverCpuPerVote / empty.serverCpuPerVote).toFixed(2)}`,
    );
  }
}
