// Items drawn one at a time over weighted categories, and the counts or row sums the multinomial
// samplers make of them.
import type { UniformSource } from './rng.ts';

/** Largest table of unit slots for whole-number weights (4 MB). */
export const MAX_UNIT_SLOTS = 1 << 20;

/** Maps a uniform to a category with probability proportional to its weight. */
export type ItemDraw = (u: number) => number;

/** `counts` plus `left` items drawn one at a time, into `out`. */
export function countsWithItems(
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
export function sumsWithItems(
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
export function itemDraw(weights: ArrayLike<number>): ItemDraw {
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
