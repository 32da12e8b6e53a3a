// Issue 4 goal (b): 1,000,000 battles among 20 systems, Bradley–Terry with 1,000 bootstrap rounds,
// ≤ 0.5 s once the battles are in memory (Chatbot Arena's current code: ~4.8 s on this machine).
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { bradleyTerry } from '../src/stats/bradleyTerry.ts';
import { agreement } from '../src/stats/agreement.ts';
import { ratedUnits } from '../src/stats/agreementTable.ts';
import { onlineElo } from '../src/stats/elo.ts';
import { tableOf } from '../src/outcomes/fromOutcomes.ts';
import type { Outcome } from '../src/outcomes/outcome.ts';
import { positionBias } from '../src/stats/positionBias.ts';
import { rngFor } from '../src/stats/random/rng.ts';
import { raterSummaries } from '../src/stats/raters.ts';
import { promptInfluence } from '../src/stats/sensitivity.ts';
import { simulateBattles } from '../test/stats/simulateBattles.ts';

const GOAL_SECONDS = 0.5;

/** Wall time, plus this process's CPU time: on a shared machine the two part when others load it. */
function time<T>(run: () => T): { seconds: number; cpuSeconds: number; value: T } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6, value };
}

export default async function main(): Promise<void> {
  const ratings: Record<string, number> = {};
  for (let s = 0; s < 20; s++) ratings[`system-${String(s).padStart(2, '0')}`] = 900 + 15 * s;
  const built = time(() => simulateBattles({ ratings, battles: 1_000_000, prompts: 20_000, seed: 1, tieRate: 0.15 }));
  console.log(`simulated 1,000,000 battles among 20 systems over 20,000 prompts in ${built.seconds.toFixed(2)} s (not counted)`);
  const battles = tableOf(built.value);

  // Warm up the JIT on a small slice so the timing is of steady-state code.
  bradleyTerry(tableOf(built.value.slice(0, 20_000)), { bootstrap: { resamples: 20, cluster: 'none' } });

  // Three runs: the first includes the JIT compiling the full-size paths; the best is steady state.
  const runs = [1, 2, 3].map(() =>
    time(() => bradleyTerry(battles, { anchor: 'system-00', bootstrap: { seed: 1, resamples: 1000, cluster: 'none' } })),
  );
  const iid = runs.reduce((best, run) => (run.seconds < best.seconds ? run : best));
  const top = iid.value.ratings[0];
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores`);
  console.log(
    `Bradley–Terry, 1,000 i.i.d. bootstrap rounds (tabulation included): best of 3 ${iid.seconds.toFixed(3)} s ` +
      `(CPU ${iid.cpuSeconds.toFixed(3)} s), ` +
      `first ${runs[0].seconds.toFixed(3)} s (goal ${GOAL_SECONDS} s: best is ${(iid.seconds / GOAL_SECONDS).toFixed(2)}× the goal; ` +
      `Chatbot Arena ~4.8 s: ${(4.8 / iid.seconds).toFixed(1)}× faster)`,
  );
  console.log(`  top: ${top.system} ${top.rating.toFixed(1)} [${top.ci[0].toFixed(1)}, ${top.ci[1].toFixed(1)}] (true ${ratings[top.system] - 900 + 1000})`);

  const clustered = time(() => bradleyTerry(battles, { anchor: 'system-00', bootstrap: { seed: 1, resamples: 1000, cluster: 'prompt' } }));
  console.log(
    `Bradley–Terry, 1,000 rounds clustered by prompt (20,000 prompts): ${clustered.seconds.toFixed(3)} s ` +
      `(${(clustered.seconds / GOAL_SECONDS).toFixed(2)}× the i.i.d. goal)`,
  );

  const elo = time(() => onlineElo(battles));
  console.log(`online Elo over 1,000,000 battles: ${elo.seconds.toFixed(3)} s`);

  // Rater statistics at study scale (no goal in the issue; printed so regressions show).
  const votes = raterStudy(250_000, 4, 1_000);
  const voteTable = tableOf(votes);
  const agree = time(() => agreement(ratedUnits(voteTable), 1));
  console.log(
    `agreement (pairwise, leave-one-out, Cohen, Fleiss, Krippendorff) over 250,000 items × 4 votes: ${agree.seconds.toFixed(3)} s ` +
      `(LOO ${agree.value.leaveOneOut.agreement.toFixed(3)}, Fleiss ${agree.value.fleiss.kappa.toFixed(3)}, alpha ${agree.value.krippendorff.alpha.toFixed(3)})`,
  );
  const raters = time(() => raterSummaries(voteTable, { leaveOneOut: agree.value.leaveOneOut }));
  console.log(`per-rater summaries (1,000 raters, 1,000,000 votes): ${raters.seconds.toFixed(3)} s`);
  const bias = time(() => positionBias(voteTable));
  console.log(`position bias over 1,000,000 votes: ${bias.seconds.toFixed(3)} s (left share ${bias.value.leftShare.toFixed(3)})`);
  const influenceTable = tableOf(votes, [['A', 'B']]);
  const influence = time(() => promptInfluence(influenceTable, 0, { maxDrop: 20 }));
  console.log(`leave-one-prompt-out influence + drop-20 curves over 250,000 prompts: ${influence.seconds.toFixed(3)} s`);
}

/** Items each judged `perItem` times on the pair (A, B) by random raters; A wins 60% of the time. */
function raterStudy(items: number, perItem: number, raters: number): Outcome[] {
  const rng = rngFor(1, 'bench-rater-study');
  const out: Outcome[] = [];
  for (let i = 0; i < items; i++) {
    const favoured = rng() < 0.6;
    for (let v = 0; v < perItem; v++) {
      const u = rng();
      const kind = u < 0.15 ? 'tie' : (u < 0.8) === favoured ? 'win' : 'loss';
      out.push({
        a: 'A',
        b: 'B',
        score: kind === 'win' ? 1 : kind === 'loss' ? 0 : 0.5,
        kind,
        item: `item-${i}`,
        rater: `rater-${Math.floor(rng() * raters)}`,
        aOnLeft: rng() < 0.5,
        seconds: 5 + 60 * rng(),
      });
    }
  }
  return out;
}
