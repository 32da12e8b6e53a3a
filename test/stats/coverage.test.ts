// Simulation with known truth: how often the 95% intervals contain the true win rate.
import { describe, expect, it } from 'vitest';
import { tableOf } from '../../src/outcomes/fromOutcomes.ts';
import type { Outcome } from '../../src/outcomes/outcome.ts';
import { bootstrapPair, pairStatistics, summarizePair } from '../../src/stats/pair.ts';
import { rngFor, type Rng } from '../../src/stats/random/rng.ts';
import type { Interval } from '../../src/stats/types.ts';

const STUDIES = 1000;
const RESAMPLES = 1000;

function outcome(rng: Rng, pWin: number, pTie: number, item: string): Outcome {
  const u = rng();
  const kind = u < pWin ? 'win' : u < pWin + pTie ? 'tie' : 'loss';
  return { a: 'A', b: 'B', score: kind === 'win' ? 1 : kind === 'tie' ? 0.5 : 0, kind, item, rater: 'r' };
}

const covers = (ci: Interval, truth: number): boolean => ci[0] <= truth && truth <= ci[1];

describe('coverage of 95% intervals over 1,000 simulated studies', () => {
  it('is 93–97% for i.i.d. votes (win rate and relative win rate, percentile and BCa)', () => {
    // P(win) 0.5, P(tie) 0.1, P(loss) 0.4: win rate 0.55, relative win rate 0.5 / 0.9.
    const truth = { winRate: 0.55, relative: 0.5 / 0.9 };
    const hits = { percentile: 0, bca: 0, relativePercentile: 0, relativeBca: 0 };
    const rng = rngFor('coverage-iid', 'votes');
    for (let study = 0; study < STUDIES; study++) {
      const votes = tableOf(Array.from({ length: 200 }, (_, i) => outcome(rng, 0.5, 0.1, `p${i}`)));
      const settings = { seed: study, resamples: RESAMPLES, cluster: 'none' as const };
      const pct = summarizePair(votes, 0, { ...settings, method: 'percentile' });
      const bca = summarizePair(votes, 0, { ...settings, method: 'bca' });
      if (covers(pct.winRateCI, truth.winRate)) hits.percentile++;
      if (covers(bca.winRateCI, truth.winRate)) hits.bca++;
      if (covers(pct.relativeWinRateCI, truth.relative)) hits.relativePercentile++;
      if (covers(bca.relativeWinRateCI, truth.relative)) hits.relativeBca++;
    }
    console.log('i.i.d. coverage', Object.fromEntries(Object.entries(hits).map(([k, v]) => [k, v / STUDIES])));
    for (const count of Object.values(hits)) {
      expect(count / STUDIES).toBeGreaterThanOrEqual(0.93);
      expect(count / STUDIES).toBeLessThanOrEqual(0.97);
    }
  });

  it('with a per-prompt effect: the i.i.d. bootstrap covers clearly less than 95%, the prompt bootstrap does not', () => {
    // 60 prompts × 10 votes; each prompt's win probability is uniform on [0.2, 0.9] (no ties), so
    // the true win rate over the prompt population is 0.55 and votes on one prompt are correlated
    // (intra-prompt correlation 0.0408 / 0.2475 ≈ 0.16, design effect ≈ 2.5).
    const truth = 0.55;
    const hits = { nonePercentile: 0, noneBca: 0, promptPercentile: 0, promptBca: 0 };
    const rng = rngFor('coverage-clustered', 'votes');
    for (let study = 0; study < STUDIES; study++) {
      const votes: Outcome[] = [];
      for (let p = 0; p < 60; p++) {
        const pWin = 0.2 + 0.7 * rng();
        for (let v = 0; v < 10; v++) votes.push(outcome(rng, pWin, 0, `p${p}`));
      }
      const table = tableOf(votes);
      for (const cluster of ['none', 'prompt'] as const) {
        const settings = { seed: study, resamples: RESAMPLES, cluster };
        const boot = bootstrapPair(pairStatistics(table, 0, settings), settings);
        if (covers(boot.winRate.percentile, truth)) hits[`${cluster}Percentile`]++;
        if (covers(boot.winRate.bca, truth)) hits[`${cluster}Bca`]++;
      }
    }
    const share = Object.fromEntries(Object.entries(hits).map(([k, v]) => [k, v / STUDIES]));
    console.log('per-prompt effect coverage', share);
    for (const iid of [share.nonePercentile, share.noneBca]) expect(iid).toBeLessThan(0.88);
    for (const byPrompt of [share.promptPercentile, share.promptBca]) {
      expect(byPrompt).toBeGreaterThanOrEqual(0.93);
      expect(byPrompt).toBeLessThanOrEqual(0.97);
    }
  });
});
