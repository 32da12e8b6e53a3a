// The bootstrap on grouped sufficient statistics against the slow, obvious one: resample whole
// prompts with all their votes, one prompt at a time. Same distribution, up to Monte Carlo error.
import { describe, expect, it } from 'vitest';
import { percentileInterval, sortedFinite } from '../../src/stats/bootstrap.ts';
import { tableOf } from '../../src/outcomes/fromOutcomes.ts';
import type { Outcome } from '../../src/outcomes/outcome.ts';
import { bootstrapPair, pairStatistics } from '../../src/stats/pair.ts';
import { rngFor } from '../../src/stats/random/rng.ts';

const RESAMPLES = 20_000;

function studyWithPromptEffects(): Outcome[] {
  const rng = rngFor('bruteforce', 'votes');
  const votes: Outcome[] = [];
  for (let p = 0; p < 40; p++) {
    const pWin = rng();
    const n = 1 + Math.floor(rng() * 8); // unequal cluster sizes: the ratio estimator matters
    for (let v = 0; v < n; v++) {
      const u = rng();
      const kind = u < 0.1 ? 'tie' : rng() < pWin ? 'win' : 'loss';
      votes.push({ a: 'A', b: 'B', kind, score: kind === 'win' ? 1 : kind === 'loss' ? 0 : 0.5, item: `p${p}`, rater: 'r' });
    }
  }
  return votes;
}

/** Resample prompts one by one and recompute both rates from the raw votes. */
function bruteForce(votes: Outcome[]): { winRate: Float64Array; relative: Float64Array } {
  const byPrompt = new Map<string, Outcome[]>();
  for (const v of votes) byPrompt.set(v.item, [...(byPrompt.get(v.item) ?? []), v]);
  const prompts = [...byPrompt.values()];
  const rng = rngFor('bruteforce', 'resamples');
  const winRate = new Float64Array(RESAMPLES);
  const relative = new Float64Array(RESAMPLES);
  for (let r = 0; r < RESAMPLES; r++) {
    let n = 0;
    let sum = 0;
    let wins = 0;
    let losses = 0;
    for (let i = 0; i < prompts.length; i++) {
      for (const v of prompts[Math.floor(rng() * prompts.length)]) {
        n++;
        sum += v.score;
        if (v.kind === 'win') wins++;
        if (v.kind === 'loss') losses++;
      }
    }
    winRate[r] = sum / n;
    relative[r] = wins + losses > 0 ? wins / (wins + losses) : NaN;
  }
  return { winRate, relative };
}

function sd(xs: Float64Array): number {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

describe('prompt bootstrap on sufficient statistics vs resampling raw votes prompt by prompt', () => {
  it('gives the same spread and the same percentile interval for both rates', () => {
    const votes = studyWithPromptEffects();
    const settings = { seed: 5, resamples: RESAMPLES, cluster: 'prompt' as const };
    const fast = bootstrapPair(pairStatistics(tableOf(votes), 0, settings), settings);
    const slow = bruteForce(votes);
    for (const [name, intervals, replicates] of [
      ['winRate', fast.winRate, slow.winRate],
      ['relativeWinRate', fast.relativeWinRate, slow.relative],
    ] as const) {
      const sorted = sortedFinite(replicates);
      const [lo, hi] = percentileInterval(sorted, 0.95);
      const spread = sd(sorted);
      // The interval's ends agree to a small fraction of the bootstrap standard deviation.
      expect(Math.abs(intervals.percentile[0] - lo), name).toBeLessThan(0.08 * spread);
      expect(Math.abs(intervals.percentile[1] - hi), name).toBeLessThan(0.08 * spread);
      expect((intervals.percentile[1] - intervals.percentile[0]) / (hi - lo), name).toBeGreaterThan(0.96);
      expect((intervals.percentile[1] - intervals.percentile[0]) / (hi - lo), name).toBeLessThan(1.04);
    }
  });
});
