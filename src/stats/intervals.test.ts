import { describe, expect, it } from 'vitest';
import { logGamma, normalCdf, normalQuantile, signTestPValue, wilsonInterval, zForLevel } from './intervals.ts';

// Reference values from Python: statistics.NormalDist, scipy.stats.norm and scipy.stats.binomtest.
describe('normal distribution', () => {
  it('matches reference quantiles', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.9599639845400536, 14);
    expect(zForLevel(0.95)).toBeCloseTo(1.9599639845400536, 14);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729144, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('matches reference probabilities in the centre and both tails', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 15);
    expect(normalCdf(-3.5) / 0.00023262907903552502).toBeCloseTo(1, 12);
    // scipy.stats.norm.cdf(-7) (erfc-based; 0.5·(1 + erf) loses digits this far out).
    expect(normalCdf(-7) / 1.279812543885835e-12).toBeCloseTo(1, 10);
  });

  it('is the inverse of the quantile function', () => {
    for (const p of [1e-8, 0.001, 0.02, 0.3, 0.5, 0.77, 0.975, 0.999999]) {
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 12);
    }
  });
});

describe('wilsonInterval', () => {
  it('matches the hand-computed interval for 8 of 10', () => {
    const [lo, hi] = wilsonInterval(0.8, 10);
    expect(lo).toBeCloseTo(0.49016247153664183, 12);
    expect(hi).toBeCloseTo(0.9433178485456247, 12);
  });

  it('accepts a fractional proportion (ties as half) and stays in [0, 1]', () => {
    const [lo, hi] = wilsonInterval(2 / 3, 6);
    expect(lo).toBeCloseTo(0.2999933151383921, 12);
    expect(hi).toBeCloseTo(0.9032285888942196, 12);
    const [lo0, hi0] = wilsonInterval(0, 5);
    expect(lo0).toBe(0);
    expect(hi0).toBeGreaterThan(0);
  });

  it('is undefined without votes', () => {
    expect(wilsonInterval(0.5, 0).every(Number.isNaN)).toBe(true);
  });
});

describe('signTestPValue', () => {
  it('equals the written-out binomial sum for 8 wins and 2 losses', () => {
    // 2 · (C(10,0) + C(10,1) + C(10,2)) / 2^10 = 2 · (1 + 10 + 45) / 1024
    expect(signTestPValue(8, 2)).toBeCloseTo((2 * (1 + 10 + 45)) / 1024, 14);
    expect(signTestPValue(2, 8)).toBeCloseTo(0.109375, 14);
  });

  it('equals 2 · (C(4,0) + C(4,1)) / 16 for 3 wins and 1 loss', () => {
    expect(signTestPValue(3, 1)).toBeCloseTo(10 / 16, 14);
  });

  it('is 1 when balanced or empty, and matches scipy for large n', () => {
    expect(signTestPValue(7, 7)).toBe(1);
    expect(signTestPValue(0, 0)).toBe(1);
    expect(signTestPValue(1100, 900) / 8.45708953550381e-6).toBeCloseTo(1, 8);
    expect(signTestPValue(50500, 49500) / 0.0015823598788515154).toBeCloseTo(1, 7);
  });
});

describe('logGamma', () => {
  it('matches reference values', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247004, 13);
    expect(logGamma(100.5)).toBeCloseTo(361.4355404677776, 10);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
  });
});
