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

/** The sum of the probabilities, after checking they can weigh n draws. */
function checkedMass(n: number, probs: ArrayLike<number>): number {
  let mass = 0;
  for (let i = 0; i < probs.length; i++) {
    if (!(probs[i] >= 0)) throw new RangeError(`multinomial: probabilities must be non-negative, got ${probs[i]} at ${i}`);
    mass += probs[i];
  }
  if (n > 0 && !(mass > 0)) throw new RangeError('multinomial: probabilities sum to 0');
  return mass;
}

/** Like `multinomial`, writing the counts into `out` (no allocation, for hot loops). */
export function multinomialInto(
  rng: Rng,
  n: number,
  probs: ArrayLike<number>,
  out: { [i: number]: number; length: number },
): void {
  let mass = checkedMass(n, probs);
  let lastPositive = probs.length - 1;
  while (lastPositive >= 0 && !(probs[lastPositive] > 0)) lastPositive--;
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
 * A multinomial sampler for many draws with the same n and probabilities (see `MultinomialTable`).
 * Categories expecting many items get sequential binomials (constant cost each); the rest share
 * the leftover count, spread over them one item at a time with Walker's alias table. Exact in
 * distribution: given the leftover, its split over the small categories is multinomial.
 */
export function multinomialSampler(n: number, probs: ArrayLike<number>, itemwiseBelow?: number): MultinomialSampler {
  const table = new MultinomialTable(n, probs, itemwiseBelow);
  return (rng, out) => table.sample({ next: rng }, out);
}

/** Below this expected count a category is filled item by item (an item costs a fraction of a binomial). */
const ITEMWISE_BELOW = 4;

/** Largest table of unit slots for whole-number tail weights (4 MB). */
const MAX_UNIT_SLOTS = 1 << 20;

/**
 * The tables of `multinomialSampler` (the conditional binomial chain), drawing from a
 * `UniformSource` (use with `Sfc32` in hot loops). Suits few categories with many items each.
 */
export class MultinomialTable {
  private readonly n: number;
  private readonly k: number;
  private readonly headLength: number;
  private readonly head: Int32Array;
  /** Per head category: the smaller of its conditional probability and 1 minus it, and whether it was flipped. */
  private readonly smaller: Float64Array;
  private readonly flipped: Uint8Array;
  private readonly logQ: Float64Array;
  private readonly logOdds: Float64Array;
  /** How many categories share the leftover items, and how one item picks among them. */
  private readonly tailSize: number;
  private readonly items: ItemDraw;
  /** The head's draws by category (0 for the tail). */
  private readonly counts: Float64Array;

  constructor(n: number, probs: ArrayLike<number>, itemwiseBelow = ITEMWISE_BELOW) {
    const k = probs.length;
    const mass = checkedMass(n, probs);
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
    this.logQ = new Float64Array(headLength);
    this.logOdds = new Float64Array(headLength);
    let rest = mass;
    for (let h = 0; h < headLength; h++) {
      const p = probs[this.head[h]];
      const cond = rest > 0 ? Math.min(1, p / rest) : 1;
      rest -= p;
      this.flipped[h] = cond > 0.5 ? 1 : 0;
      const r = this.flipped[h] ? 1 - cond : cond;
      this.smaller[h] = r;
      this.logQ[h] = Math.log1p(-r);
      this.logOdds[h] = Math.log(r / (1 - r));
    }
    const tailWeights = Float64Array.from(probs);
    for (const i of this.head) tailWeights[i] = 0;
    this.tailSize = tailWeights.filter((w) => w > 0).length;
    this.items = itemDraw(tailWeights);
    cacheLogFactorials(n);
    this.counts = new Float64Array(k);
  }

  /** Counts per category of one draw of n items, written into `out`. */
  sample(g: UniformSource, out: { [i: number]: number; length: number }): void {
    countsWithItems(g, this.counts, this.drawHead(g), this.items, out);
  }

  /** Σ count[i] · rows[i · width + c] for each column c of one draw, into `sums` (no counts kept). */
  sampleSums(g: UniformSource, rows: Float64Array, width: number, sums: Float64Array): void {
    sumsWithItems(g, this.counts, this.drawHead(g), this.items, rows, width, sums);
  }

  /** Binomial draws of the head categories into `counts`; returns the items left for the tail. */
  private drawHead(g: UniformSource): number {
    const { smaller, flipped, head, counts, headLength } = this;
    const size = this.tailSize;
    let left = this.n;
    let h = 0;
    for (; h < headLength && left > 0; h++) {
      let draw: number;
      if (size === 0 && h === headLength - 1) draw = left;
      else {
        const r = smaller[h];
        const y = r === 0 ? 0 : left * r < 10 ? this.inversion(g, h, left) : this.btrs(g, h, left);
        draw = flipped[h] ? left - y : y;
      }
      counts[head[h]] = draw;
      left -= draw;
    }
    for (; h < headLength; h++) counts[head[h]] = 0;
    if (left > 0 && size === 0) throw new RangeError('multinomial: probability mass lost to rounding');
    return left;
  }

  /**
   * Inversion from 0 (as `binomialInversion`), drawing from `g`. Searching outwards from the mode
   * instead was measured slower below n·p = 10 (an exp per draw), and BTRS is faster above.
   */
  private inversion(g: UniformSource, h: number, n: number): number {
    const p = this.smaller[h];
    const q = 1 - p;
    const odds = p / q;
    const qn = Math.exp(n * this.logQ[h]);
    const np = n * p;
    // Rounding can let u exceed the summed mass; restart rather than run past the support.
    const bound = Math.min(n, Math.floor(np + 10 * Math.sqrt(np * q + 1)));
    for (;;) {
      let x = 0;
      let px = qn;
      let u = g.next();
      while (u > px) {
        x++;
        if (x > bound) break;
        u -= px;
        px *= (odds * (n - x + 1)) / x;
      }
      if (x <= bound) return x;
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
      if (btrsExactAccept(n, p, q, spq, a, b, inverseB, this.logOdds[h], k, u, v, us)) return k;
    }
  }
}

/**
 * Multinomial(n; p) for many draws with the same n and p, by Poissonization. Independent
 * X_i ~ Poisson(λ p_i) are, given their sum S, Multinomial(S; p); when S ≤ n, adding n - S items
 * drawn one at a time from p makes exactly Multinomial(n; p). S > n is redrawn, which keeps it
 * exact: the result is Multinomial(n; p) given every accepted S. λ = n - 1.5√n balances the items
 * to add against the redraws (~7%). Each X_i has a fixed distribution, so it is one table lookup,
 * where the conditional binomial chain needs a ~60 ns draw per category with a varying n.
 */
export class PoissonizedMultinomial {
  private readonly n: number;
  private readonly k: number;
  /** Per category: where its CDF starts in `cdf`, and the value of its first entry. */
  private readonly offset: Int32Array;
  private readonly low: Int32Array;
  /** Concatenated Poisson CDFs over each category's support. */
  private readonly cdf: Float64Array;
  /**
   * Per category, `slots` guide entries from `guideAt`: slot b covers u in [b, b + 1) / slots and
   * holds the drawn value itself when one value covers the whole slot, else -1 - (where in `cdf`
   * the search starts).
   */
  private readonly guide: Int32Array;
  private readonly guideAt: Int32Array;
  private readonly slots: Int32Array;
  private readonly items: ItemDraw;
  private readonly counts: Float64Array;

  /**
   * Whether Poissonization beats the binomial chain (~1.5√n items to add against k categories) and
   * its tables stay small (a few MB).
   */
  static suits(n: number, categories: number): boolean {
    return 1.5 * Math.sqrt(n) <= categories && n <= MAX_UNIT_SLOTS && categories <= 1 << 16;
  }

  constructor(n: number, probs: ArrayLike<number>) {
    const k = probs.length;
    const mass = checkedMass(n, probs);
    this.n = n;
    this.k = k;
    const lambda = Math.max(0, n - 1.5 * Math.sqrt(n));
    this.offset = new Int32Array(k);
    this.low = new Int32Array(k);
    this.guideAt = new Int32Array(k);
    this.slots = new Int32Array(k);
    // Categories of equal probability (clusters of equal multiplicity) share a table: less to keep in cache.
    type Table = { base: number; guideAt: number; slots: number; low: number; cdf: Float64Array };
    const tables: Table[] = [];
    const byWeight = new Map<number, Table>();
    let total = 0;
    let guides = 0;
    for (let i = 0; i < k; i++) {
      let table = byWeight.get(probs[i]);
      if (table === undefined) {
        const { low, cdf } = poissonCdf(mass > 0 ? (lambda * probs[i]) / mass : 0);
        table = { base: total, guideAt: guides, slots: GUIDE_SLOTS_PER_VALUE * cdf.length, low, cdf };
        byWeight.set(probs[i], table);
        tables.push(table);
        total += cdf.length;
        guides += table.slots;
      }
      this.offset[i] = table.base;
      this.low[i] = table.low;
      this.guideAt[i] = table.guideAt;
      this.slots[i] = table.slots;
    }
    this.cdf = new Float64Array(total);
    this.guide = new Int32Array(guides);
    for (const { base, guideAt, slots, low, cdf } of tables) {
      this.cdf.set(cdf, base);
      for (let b = 0, j = 0; b < slots; b++) {
        // The first value whose CDF exceeds b / slots, taken a hair lower so that rounding in
        // u · slots never starts the search too late; the value itself if its CDF also passes the slot's end.
        while (cdf[j] <= (b * (1 - 1e-12)) / slots) j++;
        this.guide[guideAt + b] = cdf[j] > ((b + 1) * (1 + 1e-12)) / slots ? low + j : -1 - (base + j);
      }
    }
    this.items = itemDraw(probs);
    this.counts = new Float64Array(k);
  }

  /** Counts per category of one draw of n items, written into `out`. */
  sample(g: UniformSource, out: { [i: number]: number; length: number }): void {
    countsWithItems(g, this.counts, this.drawPoissons(g, this.counts), this.items, out);
  }

  /** Σ count[i] · rows[i · width + c] for each column c of one draw, into `sums` (no counts kept). */
  sampleSums(g: UniformSource, rows: Float64Array, width: number, sums: Float64Array): void {
    sumsWithItems(g, this.counts, this.drawPoissons(g, this.counts), this.items, rows, width, sums);
  }

  /** The Poisson counts into `counts`, redrawn until they sum to at most n; returns n minus their sum. */
  private drawPoissons(g: UniformSource, counts: Float64Array): number {
    const { offset, low, cdf, guide, guideAt, slots, k } = this;
    for (;;) {
      let sum = 0;
      for (let i = 0; i < k; i++) {
        const u = g.next();
        let x = guide[guideAt[i] + Math.floor(u * slots[i])];
        if (x < 0) {
          let j = -1 - x;
          while (cdf[j] <= u) j++;
          x = low[i] + j - offset[i];
        }
        counts[i] = x;
        sum += x;
      }
      if (sum <= this.n) return this.n - sum;
    }
  }
}

/** Guide slots per value of a Poisson table: most slots then hold their value outright. */
const GUIDE_SLOTS_PER_VALUE = 4;

/** Mass dropped from each end of a Poisson table: far below a 32-bit uniform's resolution (2^-32). */
const POISSON_TAIL = 1e-14;

/** The Poisson(mu) CDF from its `low` value up, both tails below POISSON_TAIL cut off and the rest renormalised. */
function poissonCdf(mu: number): { low: number; cdf: Float64Array } {
  if (!(mu > 0)) return { low: 0, cdf: Float64Array.of(Infinity) };
  const spread = 12 * Math.sqrt(mu) + 40;
  const from = Math.max(0, Math.floor(mu - spread));
  const to = Math.ceil(mu + spread);
  const pmf = new Float64Array(to - from + 1);
  const logMu = Math.log(mu);
  for (let x = from; x <= to; x++) pmf[x - from] = Math.exp(x * logMu - mu - logFactorial(x));
  let first = 0;
  for (let below = 0; below + pmf[first] < POISSON_TAIL; first++) below += pmf[first];
  let last = pmf.length - 1;
  for (let above = 0; above + pmf[last] < POISSON_TAIL; last--) above += pmf[last];
  let kept = 0;
  for (let j = first; j <= last; j++) kept += pmf[j];
  const cdf = new Float64Array(last - first + 1);
  let running = 0;
  for (let j = first; j <= last; j++) {
    running += pmf[j];
    cdf[j - first] = running / kept;
  }
  // Rounding must not leave a u in [0, 1) past the end.
  cdf[cdf.length - 1] = Infinity;
  return { low: from + first, cdf };
}

/** Maps a uniform to a category with probability proportional to its weight. */
type ItemDraw = (u: number) => number;

/** `counts` plus `left` items drawn one at a time, into `out`. */
function countsWithItems(
  g: UniformSource,
  counts: Float64Array,
  left: number,
  items: ItemDraw,
  out: { [i: number]: number; length: number },
): void {
  for (let i = 0; i < counts.length; i++) out[i] = counts[i];
  for (let j = 0; j < left; j++) out[items(g.next())]++;
}

/**
 * Σ over categories of count · its row (rows[i · width … i · width + width - 1]), plus one row per
 * item of `left` drawn one at a time: a bootstrap of sums needs no counts per resample.
 */
function sumsWithItems(
  g: UniformSource,
  counts: Float64Array,
  left: number,
  items: ItemDraw,
  rows: Float64Array,
  width: number,
  sums: Float64Array,
): void {
  const k = counts.length;
  if (width === 4) {
    // The pair bootstrap's case, kept in registers.
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0, r = 0; i < k; i++, r += 4) {
      const d = counts[i];
      s0 += d * rows[r];
      s1 += d * rows[r + 1];
      s2 += d * rows[r + 2];
      s3 += d * rows[r + 3];
    }
    for (let j = 0; j < left; j++) {
      const r = 4 * items(g.next());
      s0 += rows[r];
      s1 += rows[r + 1];
      s2 += rows[r + 2];
      s3 += rows[r + 3];
    }
    sums[0] = s0;
    sums[1] = s1;
    sums[2] = s2;
    sums[3] = s3;
    return;
  }
  sums.fill(0);
  for (let i = 0; i < k; i++) {
    const d = counts[i];
    for (let c = 0, r = i * width; c < width; c++) sums[c] += d * rows[r + c];
  }
  for (let j = 0; j < left; j++) {
    const r = items(g.next()) * width;
    for (let c = 0; c < width; c++) sums[c] += rows[r + c];
  }
}

/**
 * One item's category: with whole-number weights (cluster multiplicities), a table with one slot
 * per unit of weight (one lookup, no branch to mispredict); else Walker's alias.
 */
function itemDraw(weights: ArrayLike<number>): ItemDraw {
  let units = 0;
  for (let i = 0; i < weights.length; i++) units = Number.isInteger(weights[i]) ? units + weights[i] : Infinity;
  if (units > 0 && units <= MAX_UNIT_SLOTS) {
    const slots = new Int32Array(units);
    for (let i = 0, at = 0; i < weights.length; i++) slots.fill(i, at, (at += weights[i]));
    const size = slots.length;
    return (u) => slots[Math.floor(u * size)];
  }
  const positive = Int32Array.from(Array.from({ length: weights.length }, (_, i) => i).filter((i) => weights[i] > 0));
  const { keep, other } = aliasTable(Float64Array.from(positive, (i) => weights[i]));
  const size = positive.length;
  return (u) => {
    const x = u * size;
    const slot = Math.floor(x);
    return positive[x - slot < keep[slot] ? slot : other[slot]];
  };
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
