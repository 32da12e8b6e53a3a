// The bootstrap on sufficient statistics: a resample of clusters is a multinomial count over the
// distinct cluster summaries, so its cost grows with the number of distinct summaries, not votes.
// Intervals: percentile, and BCa with the acceleration from the jackknife over clusters.
import { normalCdf, normalQuantile } from './intervals.ts';
import { quantileSorted } from './quantile.ts';
import { MultinomialTable } from './random/multinomial.ts';
import { PoissonizedMultinomial } from './random/poissonized.ts';
import { Sfc32, type Rng } from './random/rng.ts';
import type { BootstrapSettings, Interval } from './types.ts';

/** Settings used when a caller leaves them out: 10,000 resamples by prompt, 95% percentile intervals. */
export const bootstrapSettingsDefaults: Readonly<BootstrapSettings> = Object.freeze({
  seed: 0,
  resamples: 10_000,
  cluster: 'prompt',
  level: 0.95,
  method: 'percentile',
});

/**
 * With the binomial chain, groups expecting fewer clusters than this are drawn one cluster at a
 * time, each adding its row to the sums (~5 ns a cluster against ~60 ns a binomial draw).
 */
const ITEMWISE_BELOW = 12;

/** A statistic Σ numerator / Σ denominator over the clusters, one entry per distinct group. */
export interface RatioStatistic {
  numerator: ArrayLike<number>;
  denominator: ArrayLike<number>;
}

/**
 * Replicates of ratio statistics over `resamples` cluster resamples. `multiplicity[g]` is how many
 * clusters share group g's summary; each resample draws as many clusters as there are, with
 * replacement. Replicates whose denominator is 0 are NaN.
 */
export function bootstrapRatios(
  multiplicity: ArrayLike<number>,
  statistics: readonly RatioStatistic[],
  resamples: number,
  rng: Rng,
): Float64Array[] {
  const k = multiplicity.length;
  let clusters = 0;
  for (let g = 0; g < k; g++) clusters += multiplicity[g];
  const sampler = PoissonizedMultinomial.suits(clusters, k)
    ? new PoissonizedMultinomial(clusters, multiplicity)
    : new MultinomialTable(clusters, multiplicity, ITEMWISE_BELOW);
  // Many groups (prompts, raters): Poisson table lookups; few groups with many clusters (votes
  // i.i.d.): the binomial chain. Uniforms from sfc32, cheaper than alea, seeded from `rng` so the
  // replicates stay a function of the caller's seed.
  const source = Sfc32.seededBy(rng);
  // Row-major table (one row of numerator, denominator pairs per group) for one pass per resample.
  const width = 2 * statistics.length;
  const table = new Float64Array(k * width);
  statistics.forEach((stat, s) => {
    for (let g = 0; g < k; g++) {
      table[g * width + 2 * s] = stat.numerator[g];
      table[g * width + 2 * s + 1] = stat.denominator[g];
    }
  });
  const sums = new Float64Array(width);
  const out = statistics.map(() => new Float64Array(resamples));
  for (let r = 0; r < resamples; r++) {
    sampler.sampleSums(source, table, width, sums);
    for (let s = 0; s < statistics.length; s++) {
      const den = sums[2 * s + 1];
      out[s][r] = den > 0 ? sums[2 * s] / den : NaN;
    }
  }
  return out;
}

/** Σ numerator / Σ denominator over all clusters (the point estimate). */
export function ratioEstimate(multiplicity: ArrayLike<number>, stat: RatioStatistic): number {
  let num = 0;
  let den = 0;
  for (let g = 0; g < multiplicity.length; g++) {
    num += multiplicity[g] * stat.numerator[g];
    den += multiplicity[g] * stat.denominator[g];
  }
  return den > 0 ? num / den : NaN;
}

/**
 * BCa acceleration from the jackknife that leaves out one cluster at a time. Clusters in the same
 * group give the same leave-one-out value, so each group counts with its multiplicity.
 */
export function jackknifeAcceleration(multiplicity: ArrayLike<number>, stat: RatioStatistic): number {
  let num = 0;
  let den = 0;
  for (let g = 0; g < multiplicity.length; g++) {
    num += multiplicity[g] * stat.numerator[g];
    den += multiplicity[g] * stat.denominator[g];
  }
  const values: number[] = [];
  const weights: number[] = [];
  for (let g = 0; g < multiplicity.length; g++) {
    const d = den - stat.denominator[g];
    if (multiplicity[g] > 0 && d > 0) {
      values.push((num - stat.numerator[g]) / d);
      weights.push(multiplicity[g]);
    }
  }
  return accelerationOf(values, weights);
}

/** a = Σ w (θ̄ - θᵢ)³ / (6 (Σ w (θ̄ - θᵢ)²)^(3/2)); 0 when the jackknife values do not vary. */
export function accelerationOf(values: readonly number[], weights: readonly number[]): number {
  let total = 0;
  let mean = 0;
  for (let i = 0; i < values.length; i++) {
    total += weights[i];
    mean += weights[i] * values[i];
  }
  if (total === 0) return 0;
  mean /= total;
  // Equal values up to rounding: rounding noise must not pass for skewness.
  let spread = 0;
  for (const v of values) spread = Math.max(spread, Math.abs(v - mean));
  if (spread <= 1e-12 * Math.max(1, Math.abs(mean))) return 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < values.length; i++) {
    const d = mean - values[i];
    s2 += weights[i] * d * d;
    s3 += weights[i] * d * d * d;
  }
  if (!(s2 > 0)) return 0;
  return s3 / (6 * Math.pow(s2, 1.5));
}

/** Replicates without NaN, sorted ascending. */
export function sortedFinite(replicates: Float64Array): Float64Array {
  let n = 0;
  const out = new Float64Array(replicates.length);
  for (let i = 0; i < replicates.length; i++) if (!Number.isNaN(replicates[i])) out[n++] = replicates[i];
  return out.subarray(0, n).sort();
}

/** Percentile interval: the (1-level)/2 and (1+level)/2 quantiles of the replicates. */
export function percentileInterval(sorted: ArrayLike<number>, level: number): Interval {
  const tail = (1 - level) / 2;
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}

/**
 * BCa interval (Efron 1987): percentile levels moved by the bias correction z0 (the share of
 * replicates below the estimate, ties counted half) and the acceleration a.
 */
export function bcaInterval(sorted: ArrayLike<number>, estimate: number, acceleration: number, level: number): Interval {
  const n = sorted.length;
  if (n === 0 || Number.isNaN(estimate)) return [NaN, NaN];
  const tolerance = 1e-12 * Math.max(1, Math.abs(estimate));
  let below = 0;
  let equal = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i];
    if (Math.abs(x - estimate) <= tolerance) equal++;
    else if (x < estimate) below++;
  }
  // Clamped so that an estimate beyond every replicate still gives a finite bias correction.
  const share = Math.min(1 - 0.5 / n, Math.max(0.5 / n, (below + 0.5 * equal) / n));
  const z0 = normalQuantile(share);
  const tail = (1 - level) / 2;
  const adjusted = (zTail: number): number => {
    const t = z0 + zTail;
    const denominator = 1 - acceleration * t;
    if (!(denominator > 0)) return t > 0 ? 1 : 0;
    return normalCdf(z0 + t / denominator);
  };
  return [
    quantileSorted(sorted, adjusted(normalQuantile(tail))),
    quantileSorted(sorted, adjusted(normalQuantile(1 - tail))),
  ];
}

/** Percentile and BCa intervals of one ratio statistic from its replicates. */
export interface BootstrapIntervals {
  estimate: number;
  percentile: Interval;
  bca: Interval;
  acceleration: number;
  /** Replicates that were defined (denominator > 0): at most the resamples drawn. */
  replicates: number;
}

export function ratioIntervals(
  multiplicity: ArrayLike<number>,
  stat: RatioStatistic,
  replicates: Float64Array,
  level: number,
): BootstrapIntervals {
  const estimate = ratioEstimate(multiplicity, stat);
  const sorted = sortedFinite(replicates);
  const acceleration = jackknifeAcceleration(multiplicity, stat);
  return {
    estimate,
    percentile: percentileInterval(sorted, level),
    bca: bcaInterval(sorted, estimate, acceleration, level),
    acceleration,
    replicates: sorted.length,
  };
}
