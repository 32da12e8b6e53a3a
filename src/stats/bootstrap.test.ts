import { describe, expect, it } from 'vitest';
import {
  accelerationOf,
  bcaInterval,
  bootstrapRatios,
  jackknifeAcceleration,
  percentileInterval,
  ratioIntervals,
} from './bootstrap.ts';
import { groupClusters, type ClusterSummary } from './bootstrap-clusters.ts';
import { normalQuantile } from './intervals.ts';
import { rngFor } from './random/rng.ts';

describe('the percentile interval', () => {
  it('takes the R-7 quantiles at (1 - level) / 2 and (1 + level) / 2 (quantile.test.ts tests them)', () => {
    expect(percentileInterval([1, 2, 3, 4], 0.5)).toEqual([1.75, 3.25]);
    expect(percentileInterval([], 0.95)).toEqual([NaN, NaN]);
    // 1001 points 0, 0.001, …, 1: the 2.5% and 97.5% quantiles are 0.025 and 0.975.
    const grid = Array.from({ length: 1001 }, (_, i) => i / 1000);
    const [lo, hi] = percentileInterval(grid, 0.95);
    expect(lo).toBeCloseTo(0.025, 12);
    expect(hi).toBeCloseTo(0.975, 12);
  });

  it('collapses to the point on a degenerate sample (every cluster identical)', () => {
    const groups = groupClusters(Array.from({ length: 30 }, () => ({ count: 2, sum: 1.5, wins: 1, losses: 0 })));
    expect(groups.count.length).toBe(1);
    const stat = { numerator: groups.sum, denominator: groups.count };
    const [reps] = bootstrapRatios(groups.multiplicity, [stat], 500, rngFor(3));
    const result = ratioIntervals(groups.multiplicity, stat, reps, 0.95);
    expect(result.estimate).toBe(0.75);
    expect(result.percentile).toEqual([0.75, 0.75]);
    expect(result.bca).toEqual([0.75, 0.75]);
    expect(result.acceleration).toBe(0);
  });
});

describe('bcaInterval', () => {
  it('equals the percentile interval when the replicates are symmetric about the estimate and a = 0', () => {
    const sorted = Array.from({ length: 2000 }, (_, i) => 0.6 + 0.03 * normalQuantile((i + 0.5) / 2000));
    const bca = bcaInterval(sorted, 0.6, 0, 0.95);
    const pct = percentileInterval(sorted, 0.95);
    expect(bca[0]).toBeCloseTo(pct[0], 12);
    expect(bca[1]).toBeCloseTo(pct[1], 12);
  });

  it('matches a reference computed independently in Python (z0 from 499.5/1000 below, a = 0.1)', () => {
    // sorted = 0.001 … 1.000, estimate 0.5: z0 = Φ⁻¹(0.4995); adjusted levels 0.0504091, 0.9925451;
    // type-7 quantiles 0.0513587, 0.9925526 (statistics.NormalDist + the numpy quantile rule).
    const sorted = Array.from({ length: 1000 }, (_, i) => (i + 1) / 1000);
    const [lo, hi] = bcaInterval(sorted, 0.5, 0.1, 0.95);
    expect(lo).toBeCloseTo(0.05135865510129679, 10);
    expect(hi).toBeCloseTo(0.9925525704133461, 10);
  });

  it('stays finite when every replicate lies on one side of the estimate', () => {
    const sorted = Array.from({ length: 500 }, (_, i) => 0.2 + i / 5000);
    for (const a of [-0.1, 0, 0.1]) {
      const [lo, hi] = bcaInterval(sorted, 0.9, a, 0.95);
      expect(Number.isFinite(lo) && Number.isFinite(hi)).toBe(true);
      expect(lo).toBeLessThanOrEqual(hi);
    }
  });

  it('shifts the interval toward the side the replicates are biased away from', () => {
    // All replicates above the estimate except 10%: z0 < 0 moves both ends down.
    const sorted = Array.from({ length: 1000 }, (_, i) => i / 1000);
    const bca = bcaInterval(sorted, 0.1, 0, 0.9);
    const pct = percentileInterval(sorted, 0.9);
    expect(bca[0]).toBeLessThan(pct[0]);
    expect(bca[1]).toBeLessThan(pct[1]);
  });
});

describe('jackknife acceleration on grouped clusters', () => {
  it('equals the plain jackknife that leaves out each cluster one by one', () => {
    const rng = rngFor('jackknife');
    const clusters: ClusterSummary[] = Array.from({ length: 60 }, () => {
      const count = 1 + Math.floor(rng() * 4);
      const wins = Math.floor(rng() * (count + 1));
      return { count, sum: wins, wins, losses: count - wins };
    });
    // Direct: leave out cluster i, recompute the ratio, skewness formula over all 60 values.
    const totalSum = clusters.reduce((s, c) => s + c.sum, 0);
    const totalCount = clusters.reduce((s, c) => s + c.count, 0);
    const loo = clusters.map((c) => (totalSum - c.sum) / (totalCount - c.count));
    const mean = loo.reduce((s, x) => s + x, 0) / loo.length;
    const s2 = loo.reduce((s, x) => s + (mean - x) ** 2, 0);
    const s3 = loo.reduce((s, x) => s + (mean - x) ** 3, 0);
    const direct = s3 / (6 * s2 ** 1.5);

    const groups = groupClusters(clusters);
    expect(groups.count.length).toBeLessThan(clusters.length);
    const grouped = jackknifeAcceleration(groups.multiplicity, { numerator: groups.sum, denominator: groups.count });
    expect(grouped).toBeCloseTo(direct, 12);
    expect(grouped).not.toBe(0);
  });

  it('is 0 when the jackknife values do not vary', () => {
    expect(accelerationOf([0.4, 0.4, 0.4], [1, 2, 3])).toBe(0);
  });
});

describe('bootstrapRatios', () => {
  it('gives the i.i.d. bootstrap spread of a mean: sd ≈ sqrt(p(1-p)/n)', () => {
    // 300 votes: 180 wins, 120 losses. Bootstrap sd of the mean should be sqrt(0.6·0.4/300) = 0.02828.
    const groups = groupClusters([
      ...Array.from({ length: 180 }, () => ({ count: 1, sum: 1, wins: 1, losses: 0 })),
      ...Array.from({ length: 120 }, () => ({ count: 1, sum: 0, wins: 0, losses: 1 })),
    ]);
    const [reps] = bootstrapRatios(groups.multiplicity, [{ numerator: groups.sum, denominator: groups.count }], 20_000, rngFor(9));
    const mean = reps.reduce((s, x) => s + x, 0) / reps.length;
    const sd = Math.sqrt(reps.reduce((s, x) => s + (x - mean) ** 2, 0) / (reps.length - 1));
    expect(mean).toBeCloseTo(0.6, 3);
    expect(sd / Math.sqrt((0.6 * 0.4) / 300)).toBeGreaterThan(0.97);
    expect(sd / Math.sqrt((0.6 * 0.4) / 300)).toBeLessThan(1.03);
  });

  it('gives the same spread with one group per vote (many groups: Poisson counts) as the closed form', () => {
    const wins = Float64Array.from({ length: 300 }, (_, i) => (i < 180 ? 1 : 0));
    const ones = new Float64Array(300).fill(1);
    const [reps] = bootstrapRatios(ones, [{ numerator: wins, denominator: ones }], 20_000, rngFor(10));
    const mean = reps.reduce((s, x) => s + x, 0) / reps.length;
    const sd = Math.sqrt(reps.reduce((s, x) => s + (x - mean) ** 2, 0) / (reps.length - 1));
    // Resampling n votes gives the plug-in variance p(1-p)/n exactly.
    expect(Math.abs(mean - 0.6)).toBeLessThan(5 * 0.02828 / Math.sqrt(reps.length));
    expect(sd / Math.sqrt((0.6 * 0.4) / 300)).toBeGreaterThan(0.97);
    expect(sd / Math.sqrt((0.6 * 0.4) / 300)).toBeLessThan(1.03);
  });

  it('gives the same replicates for the same seeding stream', () => {
    const m = Float64Array.from({ length: 400 }, (_, i) => 1 + (i % 7));
    const stat = { numerator: Float64Array.from(m, (_, i) => i % 3), denominator: new Float64Array(400).fill(2) };
    const [a] = bootstrapRatios(m, [stat], 500, rngFor('same', 1));
    const [b] = bootstrapRatios(m, [stat], 500, rngFor('same', 1));
    const [c] = bootstrapRatios(m, [stat], 500, rngFor('same', 2));
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('gives the same distribution whether identical clusters are grouped or listed one by one', () => {
    const rng = rngFor('grouping');
    const clusters: ClusterSummary[] = Array.from({ length: 200 }, () => {
      const wins = Math.floor(rng() * 6);
      return { count: 5, sum: wins, wins, losses: 5 - wins };
    });
    const groups = groupClusters(clusters);
    const ones = Float64Array.from(clusters, () => 1);
    const flat = {
      numerator: Float64Array.from(clusters, (c) => c.sum),
      denominator: Float64Array.from(clusters, (c) => c.count),
    };
    const [grouped] = bootstrapRatios(groups.multiplicity, [{ numerator: groups.sum, denominator: groups.count }], 8000, rngFor(1));
    const [listed] = bootstrapRatios(ones, [flat], 8000, rngFor(2));
    const sdOf = (xs: Float64Array): number => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
    };
    expect(sdOf(grouped) / sdOf(listed)).toBeGreaterThan(0.95);
    expect(sdOf(grouped) / sdOf(listed)).toBeLessThan(1.05);
  });

  it('marks replicates with a zero denominator as NaN and leaves them out of the intervals', () => {
    // One cluster of ties only (no decisive votes) among 3: some resamples draw it three times.
    const multiplicity = [1, 1, 1];
    const stat = { numerator: [1, 0, 0], denominator: [1, 1, 0] };
    const [reps] = bootstrapRatios(multiplicity, [stat], 2000, rngFor(4));
    const undefinedShare = reps.filter(Number.isNaN).length / reps.length;
    expect(undefinedShare).toBeGreaterThan(0.01); // (1/3)^3 ≈ 0.037
    const result = ratioIntervals(multiplicity, stat, reps, 0.95);
    expect(result.replicates).toBe(reps.length - reps.filter(Number.isNaN).length);
    expect(result.percentile.every(Number.isFinite)).toBe(true);
  });
});
