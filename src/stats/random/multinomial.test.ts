import { describe, expect, it } from 'vitest';
import { multinomial, multinomialSampler, MultinomialTable } from './multinomial.ts';
import { rngFor, Sfc32 } from './rng.ts';
import { binomialPmf, chiSquare } from './testing.ts';

describe('multinomial', () => {
  it('returns counts that add up to n, with the right marginal means', () => {
    const rng = rngFor('multinomial-test');
    const probs = [0.5, 0.2, 0.2, 0.1, 0];
    const draws = 20_000;
    const n = 50;
    const totals = new Array<number>(probs.length).fill(0);
    for (let i = 0; i < draws; i++) {
      const counts = multinomial(rng, n, probs);
      expect(counts.reduce((s, x) => s + x, 0)).toBe(n);
      counts.forEach((x, j) => (totals[j] += x));
    }
    probs.forEach((p, j) => {
      const sd = Math.sqrt((n * p * (1 - p)) / draws);
      expect(Math.abs(totals[j] / draws - n * p)).toBeLessThanOrEqual(5 * sd + 1e-12);
    });
    expect(totals[4]).toBe(0);
  });

  it('never puts items in a category of probability 0, even the last one', () => {
    const rng = rngFor('zero-last');
    let misplaced = 0;
    for (let i = 0; i < 5000; i++) {
      const counts = multinomial(rng, 1000, [0.1, 0.2, 0.7, 0]);
      if (counts[3] !== 0 || counts.reduce((s, x) => s + x, 0) !== 1000) misplaced++;
    }
    expect(misplaced).toBe(0);
    expect(() => multinomial(rng, 7, [0, 0, 0])).toThrow(RangeError);
    expect(multinomial(rng, 0, [0, 0])).toEqual([0, 0]);
  });

  it('normalises unnormalised weights', () => {
    const rng = rngFor('weights');
    let first = 0;
    for (let i = 0; i < 10_000; i++) first += multinomial(rng, 10, [3, 1])[0];
    // Expected 7.5 per draw, sd of the mean ~0.014.
    expect(Math.abs(first / 10_000 - 7.5)).toBeLessThan(0.07);
  });
});

describe('multinomialSampler', () => {
  it('gives counts adding up to n whose marginals are exactly binomial (chi-square), head and alias tail alike', () => {
    // Expected counts 120, 50, 28.5 (binomial head) and 1.5 (alias tail).
    const probs = [0.6, 0.25, 0.1425, 0.0075];
    const n = 200;
    const sample = multinomialSampler(n, probs);
    const rng = rngFor('sampler-test');
    const draws = 50_000;
    const counts = new Float64Array(probs.length);
    const histograms = probs.map(() => new Array<number>(n + 1).fill(0));
    let wrongTotals = 0;
    for (let i = 0; i < draws; i++) {
      sample(rng, counts);
      let total = 0;
      counts.forEach((c, j) => {
        total += c;
        histograms[j][c]++;
      });
      if (total !== n) wrongTotals++;
    }
    expect(wrongTotals).toBe(0);
    probs.forEach((p, j) => {
      const { stat, df } = chiSquare(histograms[j], binomialPmf(n, p), draws);
      expect(stat).toBeLessThan(df + 5.5 * Math.sqrt(2 * df) + 10);
    });
  });

  it('agrees with the sequential sampler on the covariance of two tail categories', () => {
    // Cov(X_i, X_j) = -n p_i p_j: a joint property the marginals alone would not check.
    // n·p = 3 for the last two: both are filled item by item from the alias table.
    const probs = [0.5, 0.3, 0.1, 0.1];
    const n = 30;
    const sample = multinomialSampler(n, probs);
    const rng = rngFor('sampler-cov');
    const draws = 100_000;
    const counts = new Float64Array(4);
    let s2 = 0;
    let s3 = 0;
    let s23 = 0;
    for (let i = 0; i < draws; i++) {
      sample(rng, counts);
      s2 += counts[2];
      s3 += counts[3];
      s23 += counts[2] * counts[3];
    }
    const cov = s23 / draws - (s2 / draws) * (s3 / draws);
    expect(cov).toBeCloseTo(-n * 0.1 * 0.1, 1);
  });
});

describe('MultinomialTable binomial draws', () => {
  // A two-category table is one Binomial(n, p) draw (the second category takes the rest): inversion
  // below n·p = 10, BTRS from there.
  const cases: Array<[string, number, number]> = [
    ['inversion', 2000, 0.002], // n·p = 4
    ['inversion', 100, 0.095], // n·p = 9.5, just below the switch
    ['inversion', 300, 0.98], // flipped, n·q = 6
    ['BTRS', 500, 0.024], // n·p = 12: squeeze rejects often, exact test matters
    ['BTRS', 20_000, 0.0015], // n·p = 30, n beyond the exact log-factorials
    ['BTRS', 80, 0.49], // near-symmetric
    ['BTRS', 3000, 0.02], // n·p = 60
  ];
  for (const [name, n, p] of cases) {
    it(`${name} matches Binomial(${n}, ${p}) (chi-square, 200,000 draws)`, () => {
      const table = new MultinomialTable(n, [p, 1 - p], 0);
      const g = Sfc32.seededBy(rngFor('table-binomial', n, p, name));
      const draws = 200_000;
      const out = new Float64Array(2);
      const counts = new Array<number>(n + 1).fill(0);
      let sum = 0;
      let sumSq = 0;
      let bad = 0;
      for (let i = 0; i < draws; i++) {
        table.sample(g, out);
        const x = out[0];
        if (!(Number.isInteger(x) && x >= 0 && x <= n && out[1] === n - x)) bad++;
        counts[x]++;
        sum += x;
        sumSq += x * x;
      }
      expect(bad).toBe(0);
      const { stat, df } = chiSquare(counts, binomialPmf(n, p), draws);
      expect(stat).toBeLessThan(df + 5.5 * Math.sqrt(2 * df) + 10);
      const mean = sum / draws;
      const variance = sumSq / draws - mean * mean;
      expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt((n * p * (1 - p)) / draws));
      expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.97);
      expect(variance / (n * p * (1 - p))).toBeLessThan(1.03);
    });
  }
});
