import { describe, expect, it } from 'vitest';
import { binomial, logFactorial } from './binomial.ts';
import { rngFor } from './rng.ts';
import { binomialPmf, chiSquare } from './testing.ts';

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
