// The fast bootstrap (multinomial draws over (pair, score) cells; whole prompts as lists of cells)
// must behave like the slow one it replaces: resampling individual battles, or whole prompts with
// all their battles, and refitting from scratch each round.
import { describe, expect, it } from 'vitest';
import { bradleyTerry } from '../../src/stats/bradleyTerry.ts';
import { tableOf } from '../../src/outcomes/fromOutcomes.ts';
import type { Outcome } from '../../src/outcomes/outcome.ts';
import { quantileSorted } from '../../src/stats/quantile.ts';
import { rngFor } from '../../src/stats/random/rng.ts';
import { simulateBattles } from './simulateBattles.ts';

const RATINGS = { p: 1000, q: 1060, r: 940, s: 1150 };

/** The textbook bootstrap: draw battles (or prompts) one by one, refit with no bootstrap. */
function naiveIntervals(outcomes: Outcome[], cluster: 'none' | 'prompt', rounds: number): Map<string, [number, number]> {
  const rng = rngFor('naive', cluster);
  const byPrompt = new Map<string, Outcome[]>();
  for (const o of outcomes) byPrompt.set(o.item, [...(byPrompt.get(o.item) ?? []), o]);
  const prompts = [...byPrompt.values()];
  const draws = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    const sample: Outcome[] = [];
    if (cluster === 'none') for (let t = 0; t < outcomes.length; t++) sample.push(outcomes[Math.floor(rng() * outcomes.length)]);
    else for (let c = 0; c < prompts.length; c++) sample.push(...prompts[Math.floor(rng() * prompts.length)]);
    for (const rating of bradleyTerry(tableOf(sample), { anchor: 'p', bootstrap: { resamples: 0 } }).ratings) {
      draws.set(rating.system, [...(draws.get(rating.system) ?? []), rating.rating]);
    }
  }
  const out = new Map<string, [number, number]>();
  for (const [system, values] of draws) {
    values.sort((x, y) => x - y);
    out.set(system, [quantileSorted(values, 0.025), quantileSorted(values, 0.975)]);
  }
  return out;
}

describe('Bradley–Terry bootstrap on sufficient statistics', () => {
  it.each(['none', 'prompt'] as const)('matches resampling battles one by one (cluster: %s)', (cluster) => {
    const outcomes = simulateBattles({ ratings: RATINGS, battles: 3_000, prompts: 150, seed: 11, tieRate: 0.1, promptEffect: 250 });
    const fast = bradleyTerry(tableOf(outcomes), { anchor: 'p', bootstrap: { seed: 4, resamples: 1000, cluster } });
    const slow = naiveIntervals(outcomes, cluster, 400);
    for (const rating of fast.ratings) {
      if (rating.system === 'p') continue;
      const [low, high] = slow.get(rating.system) ?? [NaN, NaN];
      const width = high - low;
      // Same interval up to Monte Carlo error (400 naive rounds): ends within 15% of the width.
      expect(Math.abs(rating.ci[0] - low)).toBeLessThan(0.15 * width);
      expect(Math.abs(rating.ci[1] - high)).toBeLessThan(0.15 * width);
    }
  });
});
