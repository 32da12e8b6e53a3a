import { describe, expect, it } from 'vitest';
import { bradleyTerry, RATING_SCALE, type BradleyTerryOptions } from './bradleyTerry.ts';
import { tableOf } from '../outcomes/fromOutcomes.ts';
import { vote, votes } from '../outcomes/testing.ts';
import type { Outcome } from '../outcomes/outcome.ts';
import { rngFor } from './random/rng.ts';

// Simulations with known ratings: test/stats/bradleyTerrySimulated.test.ts.
const ratingsOf = (outcomes: Outcome[], options: BradleyTerryOptions) => bradleyTerry(tableOf(outcomes), options);

describe('bradleyTerry', () => {
  it('two systems: the strength ratio is wins / losses, a tie half a win each', () => {
    // 30 wins, 10 losses, 4 ties: ratio (30 + 2) / (10 + 2).
    const outcomes = [...votes(30, 'A', 'B', 'win'), ...votes(10, 'A', 'B', 'loss'), ...votes(4, 'B', 'A', 'tie')];
    const result = ratingsOf(outcomes, { anchor: 'B', bootstrap: { resamples: 0 } });
    expect(result.anchor).toBe('B');
    expect(result.converged).toBe(true);
    expect(result.n).toBe(44);
    const [first, second] = result.ratings;
    expect(first.system).toBe('A');
    expect(first.rating).toBeCloseTo(1000 + 400 * Math.log10(32 / 12), 9);
    expect(second).toMatchObject({ system: 'B', rating: 1000 });
  });

  it('soft scores count as fractional wins', () => {
    const outcomes = Array.from({ length: 8 }, (_, t) => vote('A', 'B', 'win', { score: 0.75, item: `i${t}` }));
    const result = ratingsOf(outcomes, { anchor: 'B', bootstrap: { resamples: 0 } });
    expect(result.ratings[0].rating).toBeCloseTo(1000 + 400 * Math.log10(3), 9);
  });

  it('a balanced cycle gives every system the same rating', () => {
    const outcomes = [
      ...votes(2, 'A', 'B', 'win'), ...votes(1, 'A', 'B', 'loss'),
      ...votes(2, 'B', 'C', 'win'), ...votes(1, 'B', 'C', 'loss'),
      ...votes(2, 'C', 'A', 'win'), ...votes(1, 'C', 'A', 'loss'),
    ];
    const result = ratingsOf(outcomes, { anchor: 'A', bootstrap: { resamples: 0 } });
    for (const r of result.ratings) expect(r.rating).toBeCloseTo(1000, 9);
  });

  it('three systems in a chain: the fit solves the likelihood equations', () => {
    // A–B 6:4, B–C 7:3 (no A–C games): the path determines both ratios exactly.
    const outcomes = [
      ...votes(6, 'A', 'B', 'win'), ...votes(4, 'A', 'B', 'loss'),
      ...votes(7, 'B', 'C', 'win'), ...votes(3, 'B', 'C', 'loss'),
    ];
    const result = ratingsOf(outcomes, { anchor: 'C', bootstrap: { resamples: 0 } });
    const rating = Object.fromEntries(result.ratings.map((r) => [r.system, r.rating]));
    expect(rating.B).toBeCloseTo(1000 + RATING_SCALE * Math.log(7 / 3), 9);
    expect(rating.A).toBeCloseTo(rating.B + RATING_SCALE * Math.log(6 / 4), 9);
  });

  it('rater-clustered intervals are wider when raters disagree systematically', () => {
    // 10 raters, 200 votes each on A vs B; rater r prefers A with probability 0.2 + 0.06 r.
    const rng = rngFor('rater-effect');
    const outcomes: Outcome[] = [];
    for (let r = 0; r < 10; r++) {
      for (let t = 0; t < 200; t++) {
        const kind = rng() < 0.2 + 0.06 * r ? 'win' : 'loss';
        outcomes.push(vote('A', 'B', kind, { rater: `r${r}`, item: `i${r}-${t}` }));
      }
    }
    const width = (cluster: 'none' | 'rater') => {
      const a = ratingsOf(outcomes, { anchor: 'B', bootstrap: { seed: 1, resamples: 400, cluster } }).ratings.find((x) => x.system === 'A');
      return a ? a.ci[1] - a.ci[0] : NaN;
    };
    expect(width('rater')).toBeGreaterThan(2 * width('none'));
  });

  it('reports systems without a path to the anchor instead of rating them', () => {
    const outcomes = [...votes(3, 'A', 'B', 'win'), ...votes(2, 'A', 'B', 'loss'), ...votes(2, 'X', 'Y', 'win'), vote('Y', 'X', 'win')];
    const result = ratingsOf(outcomes, { anchor: 'A', systems: ['Z'], bootstrap: { resamples: 50 } });
    expect(result.ratings.map((r) => r.system).sort()).toEqual(['A', 'B']);
    expect(result.disconnected).toEqual(['X', 'Y', 'Z']);
    expect(result.n).toBe(5);
    expect(() => ratingsOf(outcomes, { anchor: 'Z' })).toThrow(/anchor system "Z" has no comparisons/);
  });

  it('lists systems with no finite maximum-likelihood rating instead of inventing one', () => {
    // A won all 5 games against B; B and C split 3:2. A's strength is infinite relative to B and C.
    const outcomes = [...votes(5, 'A', 'B', 'win'), ...votes(3, 'B', 'C', 'win'), ...votes(2, 'B', 'C', 'loss')];
    const result = ratingsOf(outcomes, { anchor: 'C', bootstrap: { resamples: 100 } });
    expect(result.converged).toBe(true);
    expect(result.unbounded).toEqual([{ system: 'A', side: 'above' }]);
    expect(result.ratings.map((r) => r.system)).toEqual(['B', 'C']);
    expect(result.ratings[0].rating).toBeCloseTo(1000 + 400 * Math.log10(3 / 2), 9);
    expect(result.n).toBe(5);
    // A sits above both, so B and C rank from 2 (their intervals overlap: 2–3 each).
    expect(result.ratings.map((r) => [r.rank, ...r.rankRange])).toEqual([
      [2, 2, 3],
      [2, 2, 3],
    ]);
    // Y lost to X and to Z; nothing relates X and Z: Y is below the anchor X, Z cannot be placed.
    const loose = ratingsOf([vote('X', 'Y', 'win'), vote('Z', 'Y', 'win')], { anchor: 'X', bootstrap: { resamples: 0 } });
    expect(loose.unbounded).toEqual([
      { system: 'Y', side: 'below' },
      { system: 'Z', side: 'undetermined' },
    ]);
    expect(loose.ratings.map((r) => r.system)).toEqual(['X']);
    // Z might be above X, so X's worst rank is 2.
    expect(loose.ratings[0]).toMatchObject({ rank: 1, rankRange: [1, 2] });
  });

  it('a bootstrap round that loses the only win of a system puts it at -Infinity in that round', () => {
    // A won 1 of 21 against B: about a third of the rounds draw no A win, so the lower bound is -Infinity.
    const outcomes = [vote('A', 'B', 'win', { item: 'w' }), ...votes(20, 'A', 'B', 'loss')];
    const result = ratingsOf(outcomes, { anchor: 'B', bootstrap: { resamples: 400, cluster: 'none', seed: 3 } });
    const a = result.ratings.find((r) => r.system === 'A');
    expect(a?.rating).toBeCloseTo(1000 + 400 * Math.log10(1 / 20), 9);
    expect(a?.ci[0]).toBe(-Infinity);
    expect(Number.isFinite(a?.ci[1])).toBe(true);
    expect(a?.rank).toBe(2);
  });

  it('counts no battle of a system against itself; no battles at all rate nobody', () => {
    const outcomes = [...votes(3, 'A', 'B', 'win'), ...votes(1, 'A', 'B', 'loss'), vote('A', 'A', 'win')];
    const result = ratingsOf(outcomes, { anchor: 'B', bootstrap: { resamples: 0 } });
    expect(result.n).toBe(4);
    expect(result.ratings[0].rating).toBeCloseTo(1000 + 400 * Math.log10(3), 9);
    expect(ratingsOf([], {})).toMatchObject({ anchor: '', ratings: [], disconnected: [], n: 0 });
  });

  it('defaults the anchor to the most compared system', () => {
    const outcomes = [...votes(3, 'A', 'base', 'win'), ...votes(3, 'C', 'base', 'loss'), ...votes(1, 'A', 'C', 'win')];
    expect(ratingsOf(outcomes, { bootstrap: { resamples: 0 } }).anchor).toBe('base');
  });
});
