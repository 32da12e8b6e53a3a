import { quantileSorted as simpleStatisticsQuantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { rngFor } from './random/rng.ts';
import { median, quantile, quantileAt, quantileSorted } from './quantile.ts';

describe('quantileSorted (R-7)', () => {
  it('matches values computed by hand (and by R quantile(x, p) and numpy.quantile(x, p))', () => {
    // h = (n - 1)·p; x[⌊h⌋] + (h - ⌊h⌋)·(x[⌊h⌋ + 1] - x[⌊h⌋]).
    const x = [3, 6, 7, 8, 8, 9, 10, 13, 15, 16, 20];
    expect(quantileSorted(x, 0)).toBe(3);
    expect(quantileSorted(x, 0.1)).toBe(6); // h = 1
    expect(quantileSorted(x, 0.25)).toBe(7.5); // h = 2.5: 7 + 0.5·(8 - 7)
    expect(quantileSorted(x, 0.5)).toBe(9); // h = 5
    expect(quantileSorted(x, 0.75)).toBe(14); // h = 7.5: 13 + 0.5·(15 - 13)
    expect(quantileSorted(x, 0.9)).toBe(16); // h = 9
    expect(quantileSorted(x, 0.975)).toBeCloseTo(19, 14); // h = 9.75: 16 + 0.75·4
    expect(quantileSorted(x, 1)).toBe(20);
    const y = [1, 2, 3, 4];
    expect(quantileSorted(y, 0.025)).toBeCloseTo(1.075, 15); // h = 0.075
    expect(quantileSorted(y, 0.25)).toBeCloseTo(1.75, 15); // h = 0.75
    expect(quantileSorted(y, 0.5)).toBe(2.5); // h = 1.5: the mean of the middle two
    expect(quantileSorted(y, 0.9)).toBeCloseTo(3.7, 15); // h = 2.7
    expect(quantileSorted(y, 0.975)).toBeCloseTo(3.925, 15); // h = 2.925
    expect(quantileSorted([0.1, 0.2, 0.4, 0.7, 0.9], 0.3)).toBeCloseTo(0.24, 15); // h = 1.2
    expect(quantileSorted([5], 0.3)).toBe(5);
  });

  it('is NaN for no values or a NaN p, and clamps p to [0, 1]', () => {
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(quantileSorted(new Float64Array(0), 0)).toBeNaN();
    expect(quantileSorted([1, 2], NaN)).toBeNaN();
    expect(quantileSorted([1, 2, 3], -0.5)).toBe(1);
    expect(quantileSorted([1, 2, 3], 1.5)).toBe(3);
  });

  it('does not interpolate between equal neighbours, so infinities stay infinite', () => {
    expect(quantileSorted([1, Infinity, Infinity], 0.75)).toBe(Infinity);
    expect(quantileSorted([-Infinity, -Infinity, 0], 0.25)).toBe(-Infinity);
    expect(quantileSorted([1, 2, Infinity], 0.75)).toBe(Infinity);
    expect(quantileSorted([2, 2, 2], 0.3)).toBe(2);
  });

  it('takes the correctly rounded midpoint halfway between two values (one rounding, not two)', () => {
    // The doubles 0.1 and 0.7 have the midpoint 0.3999999999999999806; the nearest double is
    // 0.39999999999999997 = (0.1 + 0.7) / 2, where 0.1 + 0.5·(0.7 - 0.1) rounds twice to 0.4.
    expect(quantileSorted([0.1, 0.7], 0.5)).toBe(0.39999999999999997);
    expect(simpleStatisticsQuantileSorted([0.1, 0.7], 0.5)).toBe(0.4);
    expect(quantileSorted([0.1, 0.2, 0.7, 0.9], 0.5)).toBe((0.2 + 0.7) / 2);
  });

  it("gives simple-statistics' quantileSorted (R-7) on random samples: bit for bit, except within an ulp at midpoints", () => {
    const rng = rngFor('quantile-reference');
    let exact = 0;
    let midpoints = 0;
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + Math.floor(rng() * 60);
      // Ties and a wide range of magnitudes, as bootstrap replicates and timings have.
      const sorted = Array.from({ length: n }, () => (rng() < 0.2 ? 1 : rng() * 10 ** Math.floor(rng() * 6 - 2))).sort((a, b) => a - b);
      const ps = [0, 1, 0.5, 0.025, 0.975, 0.05, 0.95, 0.2, 0.4, 0.6, 0.8, rng(), rng(), rng()];
      for (const p of ps) {
        const reference = simpleStatisticsQuantileSorted(sorted, p);
        const h = (n - 1) * p;
        const ours = quantileSorted(sorted, p);
        if (h - Math.floor(h) === 0.5) {
          expect(ours).toBe((sorted[Math.floor(h)] + sorted[Math.ceil(h)]) / 2);
          expect(Math.abs(ours - reference)).toBeLessThanOrEqual(Number.EPSILON * Math.abs(reference));
          midpoints++;
        } else {
          expect(ours).toBe(reference);
          exact++;
        }
        expect(quantileSorted(Float64Array.from(sorted), p)).toBe(ours);
      }
    }
    expect(exact + midpoints).toBe(7000);
    expect(midpoints).toBeGreaterThan(100);
  });
});

describe('quantileAt', () => {
  it('reads the values through an accessor: here a sorted array with one value left out', () => {
    const sorted = [1, 2, 2, 5, 9];
    const skip = 3; // [1, 2, 2, 9]
    const at = (i: number) => sorted[i >= skip ? i + 1 : i];
    expect(quantileAt(4, at, 0.5)).toBe(2);
    expect(quantileAt(4, at, 0.75)).toBe(3.75); // h = 2.25: 2 + 0.25·7
    expect(quantileAt(0, at, 0.5)).toBeNaN();
  });
});

describe('median and quantile of unsorted values', () => {
  it('sort a copy and take R-7 at p', () => {
    const values = [9, 1, 5, 2, 2];
    expect(median(values)).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(quantile(values, 0.75)).toBe(5);
    expect(values).toEqual([9, 1, 5, 2, 2]);
  });
});
