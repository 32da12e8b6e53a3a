import { describe, expect, it } from 'vitest';
import {
  binomial,
  logFactorial,
  multinomial,
  MultinomialTable,
  multinomialSampler,
  PoissonizedMultinomial,
  rngFor,
  Sfc32,
} from './random.ts';

/** Exact Binomial(n, p) probabilities by the ratio recurrence, computed in log space. */
function binomialPmf(n: number, p: number): number[] {
  const logs = new Array<number>(n + 1);
  logs[0] = n * Math.log1p(-p);
  for (let k = 1; k <= n; k++) logs[k] = logs[k - 1] + Math.log((n - k + 1) / k) + Math.log(p / (1 - p));
  return logs.map(Math.exp);
}

/** Pearson chi-square of observed counts against the exact pmf, pooling bins with expectation < 5. */
function chiSquare(counts: number[], pmf: number[], draws: number): { stat: number; df: number } {
  let stat = 0;
  let bins = 0;
  let pooledObs = 0;
  let pooledExp = 0;
  for (let k = 0; k < pmf.length; k++) {
    pooledObs += counts[k] ?? 0;
    pooledExp += pmf[k] * draws;
    if (pooledExp >= 5) {
      stat += (pooledObs - pooledExp) ** 2 / pooledExp;
      bins++;
      pooledObs = 0;
      pooledExp = 0;
    }
  }
  if (pooledExp > 0) {
    stat += (pooledObs - pooledExp) ** 2 / Math.max(pooledExp, 1e-12);
    bins++;
  }
  return { stat, df: bins - 1 };
}

describe('rngFor', () => {
  it('gives the same stream for the same seed and context, another for another', () => {
    const a = rngFor(7, 'pair', 'x');
    const b = rngFor(7, 'pair', 'x');
    const c = rngFor(7, 'pair', 'y');
    const d = rngFor(8, 'pair', 'x');
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
    expect(Array.from({ length: 5 }, d)).not.toEqual(sa);
    for (const u of sa) expect(u >= 0 && u < 1).toBe(true);
  });

  it('does not confuse the seed with the context ("1","2" vs "12")', () => {
    expect(rngFor('1', '2')()).not.toBe(rngFor('12')());
  });
});

describe('binomial', () => {
  it('handles the edges exactly', () => {
    const rng = rngFor(1);
    expect(binomial(rng, 0, 0.3)).toBe(0);
    expect(binomial(rng, 10, 0)).toBe(0);
    expect(binomial(rng, 10, 1)).toBe(10);
    expect(() => binomial(rng, -1, 0.5)).toThrow(RangeError);
    expect(() => binomial(rng, 3, 1.5)).toThrow(RangeError);
  });

  // n·p < 10 goes through inversion, larger through BTRS, p > 0.5 through the mirror.
  const cases: Array<[number, number]> = [
    [5, 0.3],
    [40, 0.1],
    [100, 0.095], // inversion just below the switch
    [25, 0.4], // BTRS at the switch, small n
    [200, 0.12], // BTRS
    [100, 0.5], // BTRS, symmetric
    [5000, 0.2], // BTRS, wide
    [2_000_000, 0.3], // BTRS, log-factorials beyond the table
    [300, 0.93], // mirrored
  ];
  for (const [n, p] of cases) {
    it(`matches the exact Binomial(${n}, ${p}) distribution (chi-square, 200,000 draws)`, () => {
      const rng = rngFor('binomial-test', n, p);
      const draws = 200_000;
      const counts = new Array<number>(n + 1).fill(0);
      let sum = 0;
      let sumSq = 0;
      let outside = 0;
      for (let i = 0; i < draws; i++) {
        const x = binomial(rng, n, p);
        if (!(Number.isInteger(x) && x >= 0 && x <= n)) outside++;
        counts[x]++;
        sum += x;
        sumSq += x * x;
      }
      expect(outside).toBe(0);
      const { stat, df } = chiSquare(counts, binomialPmf(n, p), draws);
      // About the 99.99th percentile of chi-square(df): a correct sampler fails this ~1 in 10^4.
      expect(stat).toBeLessThan(df + 5.5 * Math.sqrt(2 * df) + 10);
      const mean = sum / draws;
      const variance = sumSq / draws - mean * mean;
      expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt((n * p * (1 - p)) / draws));
      expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.97);
      expect(variance / (n * p * (1 - p))).toBeLessThan(1.03);
    });
  }
});

describe('logFactorial', () => {
  it('matches a direct sum of logs on both sides of the table boundary', () => {
    let direct = 0;
    for (let k = 1; k <= 3000; k++) {
      direct += Math.log(k);
      if (k === 5 || k === 1023 || k === 1024 || k === 3000) {
        expect(Math.abs(logFactorial(k) - direct)).toBeLessThan(1e-12 * direct);
      }
    }
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(4)).toBeCloseTo(Math.log(24), 14);
  });
});

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

describe('Sfc32', () => {
  it("reproduces PractRand's sfc32 (outputs of the reference C code after its 12 warm-up rounds)", () => {
    const g = new Sfc32(0x9e3779b9, 0x243f6a88, 0xb7e15162, 1);
    const words = Array.from({ length: 6 }, () => g.next() * 4294967296);
    expect(words).toEqual([24724473, 838574162, 2522700496, 473542192, 3964317691, 2295682031]);
  });

  it('is a function of the seeding stream: same seed, same numbers; another seed, others', () => {
    const a = Sfc32.seededBy(rngFor(7, 'boot'));
    const b = Sfc32.seededBy(rngFor(7, 'boot'));
    const c = Sfc32.seededBy(rngFor(8, 'boot'));
    const sa = Array.from({ length: 8 }, () => a.next());
    expect(Array.from({ length: 8 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.next())).not.toEqual(sa);
  });

  it('gives uniforms on [0, 1): flat over 256 bins, uncorrelated in succession, all 32 bits used', () => {
    const g = Sfc32.seededBy(rngFor('sfc32-quality'));
    const draws = 1 << 20;
    const bins = new Array<number>(256).fill(0);
    let previous = g.next();
    let lag = 0;
    let sum = 0;
    let lowBits = 0;
    for (let i = 0; i < draws; i++) {
      const u = g.next();
      if (!(u >= 0 && u < 1)) throw new Error(`out of range: ${u}`);
      bins[Math.floor(u * 256)]++;
      sum += u;
      lag += (u - 0.5) * (previous - 0.5);
      lowBits += (u * 4294967296) & 1;
      previous = u;
    }
    const expected = draws / 256;
    const chi = bins.reduce((s, x) => s + (x - expected) ** 2 / expected, 0);
    // chi-square(255): mean 255, sd ~22.6; the bounds are ~5.5 sd.
    expect(chi).toBeLessThan(255 + 5.5 * 22.6);
    expect(Math.abs(sum / draws - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / draws));
    // Serial covariance of centred uniforms has sd 1/12 per term.
    expect(Math.abs(lag / draws)).toBeLessThan((5 / 12) / Math.sqrt(draws));
    expect(Math.abs(lowBits / draws - 0.5)).toBeLessThan(5 * 0.5 / Math.sqrt(draws));
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
