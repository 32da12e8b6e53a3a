// Multinomial(n; p) by Poissonization, for many draws with the same n and p over many categories.
import { logFactorial } from './binomial.ts';
import { countsWithItems, itemDraw, MAX_UNIT_SLOTS, sumsWithItems, type ItemDraw } from './items.ts';
import { checkedMass } from './multinomial.ts';
import type { UniformSource } from './rng.ts';

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

  constructor(n: number, weights: ArrayLike<number>) {
    const k = weights.length;
    const mass = checkedMass(n, weights);
    this.n = n;
    this.k = k;
    const lambda = Math.max(0, n - 1.5 * Math.sqrt(n));
    this.offset = new Int32Array(k);
    this.low = new Int32Array(k);
    this.guideAt = new Int32Array(k);
    this.slots = new Int32Array(k);
    // Categories of equal weight (clusters of equal multiplicity) share a table: less to keep in cache.
    type Table = { base: number; guideAt: number; slots: number; low: number; cdf: Float64Array };
    const tables: Table[] = [];
    const byWeight = new Map<number, Table>();
    let total = 0;
    let guides = 0;
    for (let i = 0; i < k; i++) {
      let table = byWeight.get(weights[i]);
      if (table === undefined) {
        const { low, cdf } = poissonCdf(mass > 0 ? (lambda * weights[i]) / mass : 0);
        table = { base: total, guideAt: guides, slots: GUIDE_SLOTS_PER_VALUE * cdf.length, low, cdf };
        byWeight.set(weights[i], table);
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
    this.items = itemDraw(weights);
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
