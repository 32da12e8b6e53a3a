import { describe, expect, it } from 'vitest';
import { MultinomialTable } from './multinomial.ts';
import { PoissonizedMultinomial } from './poissonized.ts';
import { rngFor, Sfc32 } from './rng.ts';
import { binomialPmf, chiSquare } from './testing.ts';

describe('PoissonizedMultinomial', () => {
  /** Draws many samples; checks totals, binomial marginals (chi-square) and one covariance. */
  function check(n: number, weights: number[], seed: string, draws = 50_000): void {
    const sampler = new PoissonizedMultinomial(n, weights);
    const g = Sfc32.seededBy(rngFor(seed));
    const mass = weights.reduce((s, w) => s + w, 0);
    const probs = weights.map((w) => w / mass);
    const counts = new Float64Array(weights.length);
    const histograms = probs.map(() => new Array<number>(n + 1).fill(0));
    let wrongTotals = 0;
    let s0 = 0;
    let s1 = 0;
    let s01 = 0;
    for (let i = 0; i < draws; i++) {
      sampler.sample(g, counts);
      let total = 0;
      counts.forEach((c, j) => {
        total += c;
        histograms[j][c]++;
      });
      if (total !== n) wrongTotals++;
      s0 += counts[0];
      s1 += counts[1];
      s01 += counts[0] * counts[1];
    }
    expect(wrongTotals).toBe(0);
    probs.forEach((p, j) => {
      if (p === 0) {
        expect(histograms[j][0]).toBe(draws);
        return;
      }
      const { stat, df } = chiSquare(histograms[j], binomialPmf(n, p), draws);
      expect(stat).toBeLessThan(df + 5.5 * Math.sqrt(2 * df) + 10);
    });
    // Cov(X_0, X_1) = -n p_0 p_1; the sd of the estimate is about n p_0 p_1 · sqrt(…/draws), bounded loosely.
    const cov = s01 / draws - (s0 / draws) * (s1 / draws);
    const expected = -n * probs[0] * probs[1];
    const sd = Math.sqrt(n * probs[0] * (1 - probs[0]) * n * probs[1] * (1 - probs[1]) * 2 / draws) + 1e-9;
    expect(Math.abs(cov - expected)).toBeLessThan(6 * sd);
  }

  it('gives exact Multinomial(n; p) marginals with whole-number weights (cluster multiplicities)', () => {
    // Like the bootstrap: many groups of 1 to 200 clusters; n = 2,000 clusters in all.
    const weights = [200, 150, 120, 90, 60, 40, 30, 20, 20, 15, 10, 10, 8, 5, 5, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1];
    const all = [...weights, ...new Array<number>(240).fill(5), 3];
    expect(all.reduce((s, w) => s + w, 0)).toBe(2000);
    check(2000, all, 'poissonized-integer', 20_000);
  });

  it('gives exact Multinomial(n; p) marginals with fractional weights (alias items) and a zero weight', () => {
    check(200, [0.6, 0.25, 0.1425, 0.0075, 0], 'poissonized-fractional');
  });

  it('stays exact when S > n redraws are frequent (small n)', () => {
    check(12, [3, 3, 2, 2, 1, 1], 'poissonized-small');
  });

  it('gives the same sums from sampleSums as from the counts of sample on the same stream (both samplers, any width)', () => {
    const weights = [40, 30, 20, 5, 3, 1, 1];
    for (const sampler of [new PoissonizedMultinomial(100, weights), new MultinomialTable(100, weights, 10)]) {
      for (const width of [4, 3]) {
        const rows = Float64Array.from({ length: weights.length * width }, (_, i) => (i * 7) % 5);
        const ga = Sfc32.seededBy(rngFor('sums', width));
        const gb = Sfc32.seededBy(rngFor('sums', width));
        const counts = new Float64Array(weights.length);
        const sums = new Float64Array(width);
        for (let r = 0; r < 200; r++) {
          sampler.sample(ga, counts);
          sampler.sampleSums(gb, rows, width, sums);
          const expected = Array.from({ length: width }, (_, c) => counts.reduce((s, x, i) => s + x * rows[width * i + c], 0));
          expect(Array.from(sums)).toEqual(expected);
        }
      }
    }
  });
});
