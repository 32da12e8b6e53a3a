// Quantiles of a sample, one definition for every statistic, report and benchmark: R-7 (Hyndman
// and Fan 1996, type 7), the default of R's quantile() and numpy's percentile(). The p-quantile of
// n sorted values x[0] ≤ … ≤ x[n-1] sits at h = (n - 1)·p and interpolates linearly between the
// order statistics around it: x[⌊h⌋] + (h - ⌊h⌋)·(x[⌊h⌋ + 1] - x[⌊h⌋]). The median is p = 1/2.
// Implementations differ in the last bit only, by how they round the interpolation; this one
// computes x + t·(y - x) (as simple-statistics does, and as the bootstrap and rating intervals
// always did) except at t = 1/2, where it takes (x + y) / 2 (as the rater medians always did):
// one rounding instead of two, so the midpoint is the correctly rounded one.

/**
 * The p-quantile of n ascending values read through `at(0)` … `at(n - 1)`: for samples
 * that are not stored as one sorted array (e.g. a sorted array with one value left out). p is
 * clamped to [0, 1]; NaN for no values or a NaN p. No interpolation happens between equal
 * neighbours, so two infinities give that infinity (∞ − ∞ would give NaN).
 */
export function quantileAt(n: number, at: (i: number) => number, p: number): number {
  if (!(n > 0) || Number.isNaN(p)) return NaN;
  const position = (n - 1) * Math.min(1, Math.max(0, p));
  const low = Math.floor(position);
  const below = at(low);
  if (position === low) return below;
  const above = at(low + 1);
  if (below === above) return below;
  const fraction = position - low;
  // Halfway (the median of an even count) the correctly rounded midpoint; elsewhere the usual form.
  return fraction === 0.5 ? (below + above) / 2 : below + fraction * (above - below);
}

/** The p-quantile of ascending `sorted` values (see `quantileAt`). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  return quantileAt(sorted.length, (i) => sorted[i], p);
}

/** The p-quantile of values in any order (sorted on a copy; NaN values are not allowed). */
export function quantile(values: ArrayLike<number>, p: number): number {
  return quantileSorted(Float64Array.from(values).sort(), p);
}

/** The median of values in any order; NaN when there are none. */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}
