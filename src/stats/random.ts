// Seeded randomness for the statistics: one reproducible stream per (seed, context), and exact
// binomial / multinomial draws so the bootstraps can resample sufficient statistics instead of
// individual votes.
import seedrandom from 'seedrandom';

/** A uniform generator on [0, 1). */
export type Rng = () => number;

/**
 * A seeded generator for (seed, ...context): the same arguments always give the same stream, and
 * different contexts give independent-looking streams. Alea: fast, 32-bit resolution.
 */
export function rngFor(seed: string | number, ...context: Array<string | number>): Rng {
  const key = JSON.stringify([String(seed), ...context.map(String)]);
  return seedrandom.alea(key);
}

/** One draw from Binomial(n, p), exact in distribution (inversion for small n·p, BTPE otherwise). */
export function binomial(rng: Rng, n: number, p: number): number {
  if (!(n >= 0) || !Number.isInteger(n)) throw new RangeError(`binomial: n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial: p must be in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  // Work with the smaller tail probability; mirror the result back.
  const flip = p > 0.5;
  const r = flip ? 1 - p : p;
  const y = n * r < 30 ? binomialInversion(rng, n, r) : binomialBtpe(rng, n, r);
  return flip ? n - y : y;
}

/** Inversion (sequential search from 0), as numpy's; expected cost ~ n·p + 1 steps, p ≤ 0.5. */
function binomialInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const qn = Math.exp(n * Math.log1p(-p));
  const np = n * p;
  // Rounding can let u exceed the summed mass; restart rather than run past the support.
  const bound = Math.min(n, Math.floor(np + 10 * Math.sqrt(np * q + 1)));
  for (;;) {
    let x = 0;
    let px = qn;
    let u = rng();
    while (u > px) {
      x++;
      if (x > bound) break;
      u -= px;
      px = ((n - x + 1) * p * px) / (x * q);
    }
    if (x <= bound) return x;
  }
}

/**
 * BTPE of Kachitvichyanukul & Schmeiser (1988), following numpy's implementation. Requires
 * p ≤ 0.5 and n·p ≥ 30.
 */
function binomialBtpe(rng: Rng, n: number, p: number): number {
  const r = p;
  const q = 1 - r;
  const fm = n * r + r;
  const m = Math.floor(fm);
  const nrq = n * r * q;
  const p1 = Math.floor(2.195 * Math.sqrt(nrq) - 4.6 * q) + 0.5;
  const xm = m + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  let a = (fm - xl) / (fm - xl * r);
  const laml = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lamr = a * (1 + a / 2);
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / laml;
  const p4 = p3 + c / lamr;

  for (;;) {
    const u = rng() * p4;
    let v = rng();
    let y: number;
    if (u <= p1) {
      // Triangular centre: accepted at once.
      return Math.floor(xm - p1 * v + u);
    } else if (u <= p2) {
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      y = Math.floor(xl + Math.log(v) / laml);
      if (y < 0 || v === 0) continue;
      v = v * (u - p2) * laml;
    } else {
      y = Math.floor(xr - Math.log(v) / lamr);
      if (y > n || v === 0) continue;
      v = v * (u - p3) * lamr;
    }

    const k = Math.abs(y - m);
    if (k <= 20 || k >= nrq / 2 - 1) {
      // Explicit evaluation of f(y) / f(m) by the recurrence.
      const s = r / q;
      const aa = s * (n + 1);
      let f = 1;
      if (m < y) {
        for (let i = m + 1; i <= y; i++) f *= aa / i - s;
      } else if (m > y) {
        for (let i = y + 1; i <= m; i++) f /= aa / i - s;
      }
      if (v <= f) return y;
      continue;
    }

    // Squeeze on log f(y) / f(m), then the Stirling-based bound.
    const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const t = (-k * k) / (2 * nrq);
    const logV = Math.log(v);
    if (logV < t - rho) return y;
    if (logV > t + rho) continue;

    const x1 = y + 1;
    const f1 = m + 1;
    const z = n + 1 - m;
    const w = n - y + 1;
    const bound =
      xm * Math.log(f1 / x1) +
      (n - m + 0.5) * Math.log(z / w) +
      (y - m) * Math.log((w * r) / (x1 * q)) +
      stirlingTail(f1) +
      stirlingTail(z) +
      stirlingTail(x1) +
      stirlingTail(w);
    if (logV <= bound) return y;
  }
}

function stirlingTail(x: number): number {
  const x2 = x * x;
  return (13680 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}

/**
 * n draws over categories with the given probabilities (normalised by their sum), by sequential
 * conditional binomials. Returns the count per category.
 */
export function multinomial(rng: Rng, n: number, probs: ArrayLike<number>): number[] {
  const out = new Array<number>(probs.length).fill(0);
  multinomialInto(rng, n, probs, out);
  return out;
}

/** Like `multinomial`, writing the counts into `out` (no allocation, for hot loops). */
export function multinomialInto(
  rng: Rng,
  n: number,
  probs: ArrayLike<number>,
  out: { [i: number]: number; length: number },
): void {
  let mass = 0;
  for (let i = 0; i < probs.length; i++) {
    const pi = probs[i];
    if (!(pi >= 0)) throw new RangeError(`multinomial: probabilities must be non-negative, got ${pi} at ${i}`);
    mass += pi;
  }
  if (n > 0 && !(mass > 0)) throw new RangeError('multinomial: probabilities sum to 0');
  let left = n;
  for (let i = 0; i < probs.length; i++) {
    if (left === 0 || i === probs.length - 1) {
      out[i] = left;
      left = 0;
      continue;
    }
    const pi = probs[i];
    const cond = mass > 0 ? Math.min(1, pi / mass) : 0;
    const k = binomial(rng, left, cond);
    out[i] = k;
    left -= k;
    mass -= pi;
  }
}
