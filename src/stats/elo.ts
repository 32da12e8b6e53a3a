// Online Elo, a secondary view beside Bradley–Terry: it depends on the order of the votes, so it
// shows how ratings moved over time rather than a defensible estimate.
import type { Outcome } from '../outcomes/outcome.ts';

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
export function timeOrder(outcomes: readonly Outcome[]): ArrayLike<number> {
  const n = outcomes.length;
  const keys = new Float64Array(n);
  for (let t = 0; t < n; t++) keys[t] = outcomes[t].time ?? Infinity;
  return orderByKeys(keys);
}

/**
 * timeOrder from the keys themselves (time, Infinity when unknown). `hint` is an order to try
 * first (the order votes were read in, say): when the keys along it strictly increase, it is the
 * only order by key, and no sort is needed.
 */
export function orderByKeys(times: Float64Array, hint?: ArrayLike<number>): ArrayLike<number> {
  const n = times.length;
  const keys = new Float64Array(n);
  let sorted = true;
  let finite = true;
  for (let t = 0; t < n; t++) {
    // + 0 turns -0 into 0: the two are equal times.
    const key = times[t] + 0;
    keys[t] = key;
    if (Number.isNaN(key)) finite = false;
    if (t > 0 && key < keys[t - 1]) sorted = false;
  }
  if (sorted) return Array.from({ length: n }, (_, t) => t);
  if (!finite) {
    const order = Array.from({ length: n }, (_, t) => t);
    // NaN times have no order: keep the comparison sort's behaviour for them.
    order.sort((x, y) => keys[x] - keys[y] || x - y);
    return order;
  }
  if (hint && hint.length === n && strictlyIncreasingAlong(keys, hint)) return hint;
  return stableOrderByKey(keys);
}

function strictlyIncreasingAlong(keys: Float64Array, order: ArrayLike<number>): boolean {
  for (let t = 1; t < order.length; t++) if (!(keys[order[t]] > keys[order[t - 1]])) return false;
  return true;
}

/**
 * Indices ordered by key, equal keys in index order (what sorting by (key, index) gives), by a
 * natural merge sort on typed arrays: outcomes grouped by pair arrive as a few sorted runs, so a
 * handful of sequential merge passes replace a comparison callback per pair of battles.
 */
function stableOrderByKey(keys: Float64Array): number[] {
  const n = keys.length;
  let key = Float64Array.from(keys);
  let index = new Int32Array(n);
  for (let t = 0; t < n; t++) index[t] = t;
  let keyOut = new Float64Array(n);
  let indexOut = new Int32Array(n);
  let bounds: number[] = [0];
  for (let t = 1; t < n; t++) if (key[t] < key[t - 1]) bounds.push(t);
  bounds.push(n);
  while (bounds.length > 2) {
    const merged: number[] = [0];
    let r = 0;
    for (; r + 2 < bounds.length; r += 2) {
      const middle = bounds[r + 1];
      const end = bounds[r + 2];
      let i = bounds[r];
      let j = middle;
      let o = i;
      // On equal keys the left run goes first: its indices are the smaller ones.
      while (i < middle && j < end) {
        if (key[j] < key[i]) (keyOut[o] = key[j]), (indexOut[o++] = index[j++]);
        else (keyOut[o] = key[i]), (indexOut[o++] = index[i++]);
      }
      while (i < middle) (keyOut[o] = key[i]), (indexOut[o++] = index[i++]);
      while (j < end) (keyOut[o] = key[j]), (indexOut[o++] = index[j++]);
      merged.push(end);
    }
    if (r + 1 < bounds.length) {
      for (let t = bounds[r]; t < bounds[r + 1]; t++) (keyOut[t] = key[t]), (indexOut[t] = index[t]);
      merged.push(bounds[r + 1]);
    }
    [key, keyOut] = [keyOut, key];
    [index, indexOut] = [indexOut, index];
    bounds = merged;
  }
  const order = new Array<number>(n);
  for (let t = 0; t < n; t++) order[t] = index[t];
  return order;
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
  // Systems and scores copied out in input order, so the walk in time order touches small arrays
  // rather than a million objects at random.
  const n = outcomes.length;
  const aOf = new Int32Array(n);
  const bOf = new Int32Array(n);
  const scoreOf = new Float64Array(n);
  let lastA: string | undefined;
  let lastB: string | undefined;
  let a = -1;
  let b = -1;
  for (let t = 0; t < n; t++) {
    const o = outcomes[t];
    if (o.a !== lastA) a = indexOf((lastA = o.a));
    if (o.b !== lastB) b = indexOf((lastB = o.b));
    aOf[t] = a;
    bOf[t] = b;
    scoreOf[t] = o.score;
  }
  return eloWalk(ids, aOf, bOf, scoreOf, timeOrder(outcomes), s);
}

/**
 * onlineElo over battles given as arrays: systems[a[t]] vs systems[b[t]] with a's score, played in
 * `order` (timeOrder or orderByKeys).
 */
export function eloWalk(
  systems: readonly string[],
  aOf: Int32Array,
  bOf: Int32Array,
  scoreOf: Float64Array,
  order: ArrayLike<number>,
  settings: Partial<EloSettings> = {},
): EloResult {
  const s: EloSettings = { ...DEFAULT_ELO, ...settings };
  const rating = new Float64Array(systems.length).fill(s.initial);
  const count = new Float64Array(systems.length);
  for (let o = 0; o < order.length; o++) {
    const t = order[o];
    const i = aOf[t];
    const j = bOf[t];
    if (i === j) continue;
    const expected = 1 / (1 + s.base ** ((rating[j] - rating[i]) / s.scale));
    const delta = s.k * (scoreOf[t] - expected);
    rating[i] += delta;
    rating[j] -= delta;
    count[i]++;
    count[j]++;
  }
  const ratings = systems.flatMap((system, i) => (count[i] > 0 ? [{ system, rating: rating[i], n: count[i] }] : []));
  ratings.sort((x, y) => y.rating - x.rating || (x.system < y.system ? -1 : 1));
  return { settings: s, ratings };
}
