// Exact Binomial(n, p) draws (inversion for small n·p, BTRS otherwise) and the log-factorials
// their exact acceptance test uses.
import type { Rng } from './rng.ts';

/** One draw from Binomial(n, p), exact in distribution (inversion for small n·p, BTRS otherwise). */
export function binomial(rng: Rng, n: number, p: number): number {
  if (!(n >= 0) || !Number.isInteger(n)) throw new RangeError(`binomial: n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial: p must be in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  // Work with the smaller tail probability; mirror the result back.
  const flip = p > 0.5;
  const r = flip ? 1 - p : p;
  const y = n * r < 10 ? binomialInversion(rng, n, r) : binomialBtrs(rng, n, r);
  return flip ? n - y : y;
}

/**
 * Inversion (sequential search from 0), as numpy's; expected cost ~ n·p + 1 steps, p ≤ 0.5.
 * `logQ` = log(1 - p) may be passed in when the same p is used many times.
 */
function binomialInversion(rng: Rng, n: number, p: number, logQ = Math.log1p(-p)): number {
  const q = 1 - p;
  const odds = p / q;
  const qn = Math.exp(n * logQ);
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
      px *= (odds * (n - x + 1)) / x;
    }
    if (x <= bound) return x;
  }
}

/**
 * BTRS, Hörmann's transformed rejection with squeeze (1993), as in PyTorch's binomial sampler.
 * Requires p ≤ 0.5 and n·p ≥ 10. Most draws cost two uniforms; the rest an exact log-pmf test.
 */
function binomialBtrs(rng: Rng, n: number, p: number, knownLogOdds = NaN): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const inverseB = 1 / b;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const twoA = 2 * a;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 * inverseB;
  for (;;) {
    const u = rng() - 0.5;
    const v = rng();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((twoA / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    // The exact test, rarely needed: set up lazily in its own function to keep this loop small.
    if (btrsExactAccept(n, p, q, spq, a, b, inverseB, knownLogOdds, k, u, v, us)) return k;
  }
}

/** BTRS's exact test: whether k is accepted, from the log-pmf ratio f(k) / f(m) at the mode m. */
export function btrsExactAccept(
  n: number,
  p: number,
  q: number,
  spq: number,
  a: number,
  b: number,
  inverseB: number,
  knownLogOdds: number,
  k: number,
  u: number,
  v: number,
  us: number,
): boolean {
  cacheLogFactorials(n);
  const alpha = (2.83 + 5.1 * inverseB) * spq;
  const m = Math.floor((n + 1) * p);
  const logOdds = Number.isNaN(knownLogOdds) ? Math.log(p / q) : knownLogOdds;
  const logV = Math.log((v * alpha) / (a / (us * us) + b));
  // log f(k) - log f(m) for the Binomial(n, p) probabilities f.
  return logV <= logFactorial(m) + logFactorial(n - m) - logFactorial(k) - logFactorial(n - k) + (k - m) * logOdds;
}

const EXACT_LOG_FACTORIALS = 1024;
const MAX_CACHED_LOG_FACTORIALS = 1 << 20;
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
// Exact sums of logs below 1024, Stirling above. Entries above are a cache of `stirlingLogFactorial`,
// so a value never depends on how far the cache has grown (results stay reproducible).
let logFactorials = (() => {
  const t = new Float64Array(EXACT_LOG_FACTORIALS);
  for (let i = 2; i < EXACT_LOG_FACTORIALS; i++) t[i] = t[i - 1] + Math.log(i);
  return t;
})();

function stirlingLogFactorial(k: number): number {
  const x = k + 1;
  const x2 = x * x;
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + (1 / 12 - (1 / 360 - 1 / (1260 * x2)) / x2) / x;
}

/** Cache log-factorials up to n (at most 2^20), so the binomial's exact test costs no logarithm. */
export function cacheLogFactorials(n: number): void {
  if (n < logFactorials.length || logFactorials.length >= MAX_CACHED_LOG_FACTORIALS) return;
  const size = Math.min(MAX_CACHED_LOG_FACTORIALS, Math.max(n + 1, 2 * logFactorials.length));
  const t = new Float64Array(size);
  t.set(logFactorials);
  for (let k = logFactorials.length; k < size; k++) t[k] = stirlingLogFactorial(k);
  logFactorials = t;
}

/** log(k!) for a non-negative integer k: exact below 1024, Stirling's series above (error < 1e-16 relative). */
export function logFactorial(k: number): number {
  return k < logFactorials.length ? logFactorials[k] : stirlingLogFactorial(k);
}
