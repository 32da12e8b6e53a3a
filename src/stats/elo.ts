// Online Elo, a secondary view beside Bradley–Terry: it depends on the order of the votes, so it
// shows how ratings moved over time rather than a defensible estimate.
import type { Outcome } from './outcome.ts';

export interface EloSettings {
  /** Update size per battle; 4 as Chatbot Arena's online Elo. */
  k: number;
  base: number;
  scale: number;
  initial: number;
}

export interface EloRating {
  system: string;
  rating: number;
  /** Battles the system took part in. */
  n: number;
}

export interface EloResult {
  settings: EloSettings;
  /** Highest rating first; ties by system id. */
  ratings: EloRating[];
}

export const DEFAULT_ELO: EloSettings = { k: 4, base: 10, scale: 400, initial: 1000 };

/**
 * The order battles are played in: by `time`, keeping input order among equal times; battles
 * without a time come after all timed ones, in input order.
 */
export function timeOrder(outcomes: readonly Outcome[]): number[] {
  const n = outcomes.length;
  const keys = new Float64Array(n);
  let sorted = true;
  let finite = true;
  for (let t = 0; t < n; t++) {
    // + 0 turns -0 into 0: the two are equal times.
    const key = (outcomes[t].time ?? Infinity) + 0;
    keys[t] = key;
    if (Number.isNaN(key)) finite = false;
    if (t > 0 && key < keys[t - 1]) sorted = false;
  }
  const order = Array.from({ length: n }, (_, t) => t);
  if (sorted) return order;
  if (!finite) {
    // NaN times have no order: keep the comparison sort's behaviour for them.
    order.sort((x, y) => keys[x] - keys[y] || x - y);
    return order;
  }
  return stableOrderByKey(keys);
}

/**
 * Indices ordered by key, equal keys in index order (what sorting by (key, index) gives), by a
 * least-significant-digit radix sort of the keys' bits (16 bits a pass, stable): no comparison
 * callback per pair of battles. Keys must not be NaN; -0 must have been made 0.
 */
function stableOrderByKey(keys: Float64Array): number[] {
  const n = keys.length;
  const halves = new Uint32Array(Float64Array.from(keys).buffer);
  // Unsigned order of [high, low] = numeric order: flip the sign bit of positives, every bit of negatives.
  const low = new Uint32Array(n);
  const high = new Uint32Array(n);
  for (let t = 0; t < n; t++) {
    const lo = halves[2 * t];
    const hi = halves[2 * t + 1];
    const negative = hi >>> 31 === 1;
    low[t] = negative ? ~lo >>> 0 : lo;
    high[t] = negative ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
  }
  let order = new Int32Array(n);
  for (let t = 0; t < n; t++) order[t] = t;
  let next = new Int32Array(n);
  const counts = new Int32Array(1 << 16);
  for (const [word, shift] of [[low, 0], [low, 16], [high, 0], [high, 16]] as const) {
    counts.fill(0);
    for (let t = 0; t < n; t++) counts[(word[t] >>> shift) & 0xffff]++;
    // A digit every key shares moves nothing.
    if (counts[(word[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < counts.length; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const t = order[i];
      next[counts[(word[t] >>> shift) & 0xffff]++] = t;
    }
    [order, next] = [next, order];
  }
  return Array.from(order);
}

export function onlineElo(outcomes: readonly Outcome[], settings: Partial<EloSettings> = {}): EloResult {
  const s: EloSettings = { ...DEFAULT_ELO, ...settings };
  const index = new Map<string, number>();
  const ids: string[] = [];
  const indexOf = (system: string): number => {
    let i = index.get(system);
    if (i === undefined) {
      i = ids.length;
      index.set(system, i);
      ids.push(system);
    }
    return i;
  };
  for (const o of outcomes) {
    indexOf(o.a);
    indexOf(o.b);
  }
  const rating = new Float64Array(ids.length).fill(s.initial);
  const count = new Float64Array(ids.length);
  for (const t of timeOrder(outcomes)) {
    const o = outcomes[t];
    if (o.a === o.b) continue;
    const a = indexOf(o.a);
    const b = indexOf(o.b);
    const expected = 1 / (1 + s.base ** ((rating[b] - rating[a]) / s.scale));
    const delta = s.k * (o.score - expected);
    rating[a] += delta;
    rating[b] -= delta;
    count[a]++;
    count[b]++;
  }
  const ratings = ids.flatMap((system, i) => (count[i] > 0 ? [{ system, rating: rating[i], n: count[i] }] : []));
  ratings.sort((x, y) => y.rating - x.rating || (x.system < y.system ? -1 : 1));
  return { settings: s, ratings };
}
