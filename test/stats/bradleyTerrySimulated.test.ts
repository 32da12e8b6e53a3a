// Bradley–Terry on simulated battles among systems with known ratings: the fit recovers them, the
// bootstrap intervals cover them, clustering by prompt widens the intervals when prompts matter.
import { describe, expect, it } from 'vitest';
import { bradleyTerry } from '../../src/stats/bradleyTerry.ts';
import { tableOf } from '../../src/outcomes/fromOutcomes.ts';
import type { Outcome } from '../../src/outcomes/outcome.ts';
import { simulateBattles } from './simulateBattles.ts';

const TRUE_RATINGS = { s1: 1000, s2: 1080, s3: 950, s4: 1200, s5: 1010, s6: 880 };

function meanAbsError(outcomes: Outcome[]): number {
  const result = bradleyTerry(tableOf(outcomes), { anchor: 's1', bootstrap: { resamples: 0 } });
  const errors = result.ratings.map((r) => Math.abs(r.rating - TRUE_RATINGS[r.system as keyof typeof TRUE_RATINGS]));
  return errors.reduce((s, e) => s + e, 0) / errors.length;
}

describe('Bradley–Terry on simulated battles', () => {
  it('recovers known ratings, better with more battles', () => {
    const small = meanAbsError(simulateBattles({ ratings: TRUE_RATINGS, battles: 2_000, prompts: 500, seed: 7, tieRate: 0.1 }));
    const large = meanAbsError(simulateBattles({ ratings: TRUE_RATINGS, battles: 50_000, prompts: 5_000, seed: 7, tieRate: 0.1 }));
    expect(large).toBeLessThan(small);
    // Standard error per system ~ 400 / ln10 / sqrt(n_i p q) ≈ 2.5 points at 50,000 battles.
    expect(large).toBeLessThan(6);
    expect(small).toBeLessThan(30);
  });

  it('bootstrap intervals cover the truth and order the clearly separated systems', () => {
    const table = tableOf(simulateBattles({ ratings: TRUE_RATINGS, battles: 20_000, prompts: 4_000, seed: 3 }));
    const result = bradleyTerry(table, { anchor: 's1', bootstrap: { seed: 1, resamples: 300, cluster: 'none' } });
    let covered = 0;
    for (const r of result.ratings) {
      const truth = TRUE_RATINGS[r.system as keyof typeof TRUE_RATINGS];
      if (r.ci[0] <= truth && truth <= r.ci[1]) covered++;
      expect(r.ci[0]).toBeLessThanOrEqual(r.rating);
      expect(r.ci[1]).toBeGreaterThanOrEqual(r.rating);
    }
    expect(covered).toBeGreaterThanOrEqual(5);
    expect(result.ratings.map((r) => r.system)).toEqual(['s4', 's2', 's5', 's1', 's3', 's6']);
    expect(result.ratings[0]).toMatchObject({ rank: 1, rankRange: [1, 1] });
    expect(result.ratings[5].rank).toBe(6);
    // The anchor is fixed at 1000 in every round.
    expect(result.ratings.find((r) => r.system === 's1')?.ci).toEqual([1000, 1000]);
  });

  it('prompt-clustered intervals are wider when prompts carry their own effect', () => {
    const table = tableOf(simulateBattles({ ratings: TRUE_RATINGS, battles: 20_000, prompts: 200, seed: 5, promptEffect: 150 }));
    const width = (cluster: 'none' | 'prompt') => {
      const result = bradleyTerry(table, { anchor: 's1', bootstrap: { seed: 2, resamples: 200, cluster } });
      const s6 = result.ratings.find((r) => r.system === 's6');
      return s6 ? s6.ci[1] - s6.ci[0] : NaN;
    };
    expect(width('prompt')).toBeGreaterThan(1.5 * width('none'));
  });

  it('gives byte-identical results for the same seed, different ones for another seed', () => {
    const table = tableOf(simulateBattles({ ratings: TRUE_RATINGS, battles: 3_000, prompts: 300, seed: 9, tieRate: 0.2 }));
    const run = (seed: number) => JSON.stringify(bradleyTerry(table, { bootstrap: { seed, resamples: 100 } }));
    expect(run(1)).toBe(run(1));
    expect(run(1)).not.toBe(run(2));
  });
});
