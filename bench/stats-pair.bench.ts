// Issue 4 benchmark (a): 1,000,000 judgments of two systems over 20,000 prompts, 10,000 resamples
// clustered by prompt. Goal ≤ 0.3 s for the bootstrap once the votes are in memory; building the
// sufficient statistics is timed separately. Prints figures; never fails on timings.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { tableOf } from '../src/outcomes/fromOutcomes.ts';
import type { Outcome } from '../src/outcomes/outcome.ts';
import { bootstrapPair, pairStatistics, summarizeStatistics } from '../src/stats/pair.ts';
import { rngFor } from '../src/stats/random/rng.ts';

const PROMPTS = 20_000;
const VOTES_PER_PROMPT = 50;
const RESAMPLES = 10_000;
const GOAL_SECONDS = 0.3;

/** Votes with a per-prompt win probability (logit-normal around 0.6) and 10% ties. */
function simulateVotes(): Outcome[] {
  const rng = rngFor('bench-stats-pair', 'votes');
  const votes: Outcome[] = [];
  for (let p = 0; p < PROMPTS; p++) {
    const u1 = rng() || 1e-12;
    const u2 = rng();
    const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    const pWin = 1 / (1 + Math.exp(-(0.4 + 0.8 * normal)));
    for (let v = 0; v < VOTES_PER_PROMPT; v++) {
      const u = rng();
      const tie = u < 0.1;
      const win = !tie && rng() < pWin;
      votes.push({
        a: 'candidate',
        b: 'baseline',
        score: tie ? 0.5 : win ? 1 : 0,
        kind: tie ? 'tie' : win ? 'win' : 'loss',
        item: `prompt-${p}`,
        rater: `rater-${(p * VOTES_PER_PROMPT + v) % 300}`,
      });
    }
  }
  return votes;
}

/** Wall-clock seconds of fn; `cpu` collects its user CPU seconds (less sensitive to other load on the machine). */
function seconds(fn: () => void, cpu?: number[]): number {
  const startCpu = process.cpuUsage();
  const start = performance.now();
  fn();
  const wall = (performance.now() - start) / 1000;
  cpu?.push(process.cpuUsage(startCpu).user / 1e6);
  return wall;
}

export default async function benchStatsPair(): Promise<void> {
  console.log(`load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores (timings grow with other load)`);
  const votes = simulateVotes();
  console.log(`votes: ${votes.length.toLocaleString('en')} over ${PROMPTS.toLocaleString('en')} prompts`);
  const table = tableOf(votes);

  for (const cluster of ['prompt', 'none', 'rater'] as const) {
    const settings = { seed: 1, resamples: RESAMPLES, cluster, level: 0.95, method: 'percentile' as const };
    let stats = pairStatistics(table, 0, settings);
    const buildSeconds = seconds(() => {
      stats = pairStatistics(table, 0, settings);
    });
    bootstrapPair(stats, { ...settings, resamples: 200 }); // warm-up
    const runs: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 3; i++) runs.push(seconds(() => bootstrapPair(stats, settings), cpu));
    const best = Math.min(...runs);
    const summary = summarizeStatistics(stats, settings);
    console.log(
      `cluster=${cluster}: ${stats.groups.clusters.toLocaleString('en')} clusters in ${stats.groups.count.length} distinct groups; ` +
        `sufficient statistics ${buildSeconds.toFixed(3)} s; ` +
        `bootstrap ${RESAMPLES.toLocaleString('en')} resamples best of 3 ${best.toFixed(3)} s ` +
        `(runs ${runs.map((r) => r.toFixed(3)).join(', ')}; cpu ${cpu.map((r) => r.toFixed(3)).join(', ')})` +
        (cluster === 'prompt'
          ? `; ratio to the ${GOAL_SECONDS} s goal: ${(best / GOAL_SECONDS).toFixed(2)} wall, ${(Math.min(...cpu) / GOAL_SECONDS).toFixed(2)} cpu` +
            ` (load average now ${os.loadavg()[0].toFixed(2)})`
          : ''),
    );
    console.log(
      `  winRate ${summary.winRate.toFixed(4)} CI [${summary.winRateCI.map((x) => x.toFixed(4)).join(', ')}], ` +
        `relative ${summary.relativeWinRate.toFixed(4)} CI [${summary.relativeWinRateCI.map((x) => x.toFixed(4)).join(', ')}]`,
    );
  }
}
