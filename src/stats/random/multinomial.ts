// Multinomial draws by sequential conditional binomials: one-off (`multinomial`) and, for many
// draws with the same n and weights, from precomputed tables (`MultinomialTable`). Categories are
// weighted by any non-negative numbers (probabilities, cluster multiplicities), normalised by their sum.
import { btrsExactAccept, binomial, cacheLogFactorials } from './binomial.ts';
import { countsWithItems, itemDraw, sumsWithItems, type ItemDraw } from './items.ts';
import type { Rng, UniformSource } from './rng.ts';

/**
 * n draws over categories with probabilities proportional to `weights`, by sequential
 * conditional binomials. Returns the count per category.
 */
export function multinomial(rng: Rng, n: number, weights: ArrayLike<number>): number[] {
  const out = new Array<number>(weights.length).fill(0);
  multinomialInto(rng, n, weights, out);
  return out;
}

/** The sum of the weights, after checking they can weigh n draws. */
export function checkedMass(n: number, weights: ArrayLike<number>): number {
  let mass = 0;
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] >= 0)) throw new RangeError(`multinomial: weights must be non-negative, got ${weights[i]} at ${i}`);
    mass += weights[i];
  }
  if (n > 0 && !(mass > 0)) throw new RangeError('multinomial: weights sum to 0');
  return mass;
}

/** Like `multinomial`, writing the counts into `out` (no allocation, for hot loops). */
export function multinomialInto(
  rng: Rng,
  n: number,
  weights: ArrayLike<number>,
  out: { [i: number]: number; length: number },
): void {
  let mass = checkedMass(n, weights);
  let lastPositive = weights.length - 1;
  while (lastPositive >= 0 && !(weights[lastPositive] > 0)) lastPositive--;
  let left = n;
  for (let i = 0; i < weights.length; i++) {
    // The last category with any weight takes what is left: rounding never lands on a zero.
    if (left === 0 || i >= lastPositive) {
      out[i] = i === lastPositive ? left : 0;
      if (i === lastPositive) left = 0;
      continue;
    }
    const weight = weights[i];
    const cond = mass > 0 ? Math.min(1, weight / mass) : 0;
    const k = binomial(rng, left, cond);
    out[i] = k;
    left -= k;
    mass -= weight;
  }
}

/** Draws `n` items over fixed categories into `out`, reusing precomputed tables across calls. */
export type MultinomialSampler = (rng: Rng, out: { [i: number]: number; length: number }) => void;

/**
 * A multinomial sampler for many draws with the same n and weights (see `MultinomialTable`).
 * Categories expecting many items get sequential binomials (constant cost each); the rest share
 * the leftover count, spread over them one item at a time with Walker's alias table. Exact in
 * distribution: given the leftover, its split over the small categories is multinomial.
 */
export function multinomialSampler(n: number, weights: ArrayLike<number>, itemwiseBelow?: number): MultinomialSampler {
  const table = new MultinomialTable(n, weights, itemwiseBelow);
  return (rng, out) => table.sample({ next: rng }, out);
}

/** Below this expected count a category is filled item by item (an item costs a fraction of a binomial). */
const ITEMWISE_BELOW = 4;

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

  constructor(n: number, weights: ArrayLike<number>, itemwiseBelow = ITEMWISE_BELOW) {
    const k = weights.length;
    const mass = checkedMass(n, weights);
    this.n = n;
    this.k = k;
    const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => weights[y] - weights[x]);
    let headLength = 0;
    while (headLength < k && (n * weights[order[headLength]]) / mass >= itemwiseBelow) headLength++;
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
      const weight = weights[this.head[h]];
      const cond = rest > 0 ? Math.min(1, weight / rest) : 1;
      rest -= weight;
      this.flipped[h] = cond > 0.5 ? 1 : 0;
      const r = this.flipped[h] ? 1 - cond : cond;
      this.smaller[h] = r;
      this.logQ[h] = Math.log1p(-r);
      this.logOdds[h] = Math.log(r / (1 - r));
    }
    const tailWeights = Float64Array.from(weights);
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
