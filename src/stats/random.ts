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

function btrsExactAccept(
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
function cacheLogFactorials(n: number): void {
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
  let lastPositive = -1;
  for (let i = 0; i < probs.length; i++) {
    const pi = probs[i];
    if (!(pi >= 0)) throw new RangeError(`multinomial: probabilities must be non-negative, got ${pi} at ${i}`);
    mass += pi;
    if (pi > 0) lastPositive = i;
  }
  if (n > 0 && !(mass > 0)) throw new RangeError('multinomial: probabilities sum to 0');
  let left = n;
  for (let i = 0; i < probs.length; i++) {
    // The last category with any probability takes what is left: rounding never lands on a zero.
    if (left === 0 || i >= lastPositive) {
      out[i] = i === lastPositive ? left : 0;
      if (i === lastPositive) left = 0;
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

/** Draws `n` items over fixed categories into `out`, reusing precomputed tables across calls. */
export type MultinomialSampler = (rng: Rng, out: { [i: number]: number; length: number }) => void;

/** A source of uniforms on [0, 1) called as a method (monomorphic, so it inlines in hot loops). */
export interface UniformSource {
  next(): number;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 32-bit): passes PractRand and
 * TestU01's BigCrush, period at least 2^32 (counter) and about 2^127 on average, and costs a few
 * integer operations with no allocation. For the bootstrap's ~10^7 uniforms; `rngFor` (alea) stays
 * the generator everywhere else.
 */
export class Sfc32 implements UniformSource {
  private readonly state = new Int32Array(4);

  constructor(a: number, b: number, c: number, d: number) {
    this.state.set([a | 0, b | 0, c | 0, d | 0]);
    // Mix the seed words before use, as the reference implementation does.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Seeded from the first four 32-bit outputs of `rng`: a function of `rng`'s own seed. */
  static seededBy(rng: Rng): Sfc32 {
    const word = (): number => Math.floor(rng() * 4294967296) | 0;
    return new Sfc32(word(), word(), word(), word());
  }

  next(): number {
    const s = this.state;
    const a = s[0];
    const b = s[1];
    const c = s[2];
    const d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return (t >>> 0) * 2.3283064365386963e-10;
  }
}

/**
 * A multinomial sampler for many draws with the same n and probabilities (the bootstrap's case).
 * Categories expecting many items get sequential binomials (constant cost each); the rest share
 * the leftover count, spread over them one item at a time with Walker's alias table. Exact in
 * distribution: given the leftover, its split over the small categories is multinomial.
 */
export function multinomialSampler(n: number, probs: ArrayLike<number>, itemwiseBelow?: number): MultinomialSampler {
  const table = new MultinomialTable(n, probs, itemwiseBelow);
  return (rng, out) => table.sample({ next: rng }, out);
}

/** Below this expected count a category is filled item by item (an alias draw is ~1/10 of a binomial). */
const ITEMWISE_BELOW = 4;
/** Binomials with n·min(p, q) below this search outwards from the mode; BTRS above. */
const MODE_SEARCH_BELOW = 40;

/** The tables of `multinomialSampler`, drawing from a `UniformSource` (use with `Sfc32` in hot loops). */
export class MultinomialTable {
  private readonly n: number;
  private readonly k: number;
  private readonly headLength: number;
  private readonly head: Int32Array;
  /** Per head category: the smaller of its conditional probability and 1 minus it, and whether it was flipped. */
  private readonly smaller: Float64Array;
  private readonly flipped: Uint8Array;
  private readonly logP: Float64Array;
  private readonly logQ: Float64Array;
  private readonly odds: Float64Array;
  private readonly tail: Int32Array;
  private readonly keep: Float64Array;
  private readonly other: Int32Array;
  /** 1 / j for j ≤ n + 1: the mode search multiplies instead of dividing. */
  private readonly reciprocal: Float64Array;
  private readonly counts: Float64Array;

  private readonly modeSearchBelow: number;

  constructor(n: number, probs: ArrayLike<number>, itemwiseBelow = ITEMWISE_BELOW, modeSearchBelow = MODE_SEARCH_BELOW) {
    this.modeSearchBelow = modeSearchBelow;
    const k = probs.length;
    let mass = 0;
    for (let i = 0; i < k; i++) {
      if (!(probs[i] >= 0)) throw new RangeError(`multinomial: probabilities must be non-negative, got ${probs[i]} at ${i}`);
      mass += probs[i];
    }
    if (n > 0 && !(mass > 0)) throw new RangeError('multinomial: probabilities sum to 0');
    this.n = n;
    this.k = k;
    const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => probs[y] - probs[x]);
    let headLength = 0;
    while (headLength < k && (n * probs[order[headLength]]) / mass >= itemwiseBelow) headLength++;
    this.headLength = headLength;
    this.head = Int32Array.from(order.slice(0, headLength));
    // The mass left before each head category does not depend on the draws, so each conditional
    // probability (and its logarithms) is computed once.
    this.smaller = new Float64Array(headLength);
    this.flipped = new Uint8Array(headLength);
    this.logP = new Float64Array(headLength);
    this.logQ = new Float64Array(headLength);
    this.odds = new Float64Array(headLength);
    let rest = mass;
    for (let h = 0; h < headLength; h++) {
      const p = probs[this.head[h]];
      const cond = rest > 0 ? Math.min(1, p / rest) : 1;
      rest -= p;
      this.flipped[h] = cond > 0.5 ? 1 : 0;
      const r = this.flipped[h] ? 1 - cond : cond;
      this.smaller[h] = r;
      this.logP[h] = Math.log(r);
      this.logQ[h] = Math.log1p(-r);
      this.odds[h] = r / (1 - r);
    }
    this.tail = Int32Array.from(order.slice(headLength).filter((i) => probs[i] > 0));
    const alias = aliasTable(Float64Array.from(this.tail, (i) => probs[i]));
    this.keep = alias.keep;
    this.other = alias.other;
    cacheLogFactorials(n);
    this.reciprocal = new Float64Array(n + 2);
    for (let j = 1; j < n + 2; j++) this.reciprocal[j] = 1 / j;
    this.counts = new Float64Array(k);
  }

  sample(g: UniformSource, out: { [i: number]: number; length: number }): void {
    const { counts, head, smaller, flipped, tail, keep, other, headLength } = this;
    const size = tail.length;
    counts.fill(0);
    let left = this.n;
    for (let h = 0; h < headLength && left > 0; h++) {
      let draw: number;
      if (size === 0 && h === headLength - 1) draw = left;
      else {
        const r = smaller[h];
        const y =
          r === 0 ? 0 : left * r < this.modeSearchBelow ? this.modeSearch(g, h, left) : this.btrs(g, h, left);
        draw = flipped[h] ? left - y : y;
      }
      counts[head[h]] = draw;
      left -= draw;
    }
    if (left > 0 && size === 0) throw new RangeError('multinomial: probability mass lost to rounding');
    for (let j = 0; j < left; j++) {
      const u = g.next() * size;
      const slot = Math.floor(u);
      counts[tail[u - slot < keep[slot] ? slot : other[slot]]]++;
    }
    for (let i = 0; i < this.k; i++) out[i] = counts[i];
  }

  /**
   * Binomial(n, p) by inversion in the order mode, mode+1, mode-1, mode+2, …: any fixed order of
   * the support is exact, and this one needs ~1.6 standard deviations of steps, not n·p.
   */
  private modeSearch(g: UniformSource, h: number, n: number): number {
    const p = this.smaller[h];
    const odds = this.odds[h];
    const inverseOdds = 1 / odds;
    const recip = this.reciprocal;
    const m = Math.floor((n + 1) * p);
    const pm = Math.exp(logFactorial(n) - logFactorial(m) - logFactorial(n - m) + m * this.logP[h] + (n - m) * this.logQ[h]);
    // Mass beyond ~12 standard deviations is below 2^-32 (u's resolution): restart there, as rounding can leave u uncovered.
    const reach = Math.ceil(12 * Math.sqrt(n * p) + 12);
    for (;;) {
      let u = g.next() - pm;
      if (u < 0) return m;
      let up = m;
      let down = m;
      let pUp = pm;
      let pDown = pm;
      for (let step = 0; step < reach; step++) {
        if (up < n) {
          pUp *= (n - up) * recip[up + 1] * odds;
          up++;
          u -= pUp;
          if (u < 0) return up;
        }
        if (down > 0) {
          pDown *= down * recip[n - down + 1] * inverseOdds;
          down--;
          u -= pDown;
          if (u < 0) return down;
        }
      }
    }
  }

  /** BTRS (as `binomialBtrs`) with the precomputed log-odds, drawing from `g`. */
  private btrs(g: UniformSource, h: number, n: number): number {
    const p = this.smaller[h];
    const q = 1 - p;
    const spq = Math.sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const inverseB = 1 / b;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const twoA = 2 * a;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 * inverseB;
    for (;;) {
      const u = g.next() - 0.5;
      const v = g.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor((twoA / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      if (btrsExactAccept(n, p, q, spq, a, b, inverseB, this.logP[h] - this.logQ[h], k, u, v, us)) return k;
    }
  }
}

/** Walker/Vose alias table over slots 0..k-1 for the given weights. */
function aliasTable(weights: Float64Array): { keep: Float64Array; other: Int32Array } {
  const k = weights.length;
  const keep = new Float64Array(k);
  const other = new Int32Array(k);
  let total = 0;
  for (const w of weights) total += w;
  const scaled = Float64Array.from(weights, (w) => (w * k) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((s, i) => (s < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop() as number;
    const l = large.pop() as number;
    keep[s] = scaled[s];
    other[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  // Leftovers are 1 up to rounding.
  for (const i of [...small, ...large]) {
    keep[i] = 1;
    other[i] = i;
  }
  return { keep, other };
}
