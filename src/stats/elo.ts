// Online Elo, a secondary view beside Bradley–Terry: it depends on the order of the votes, so it
// shows how ratings moved over time rather than a defensible estimate.
import type { OutcomeTable } from '../outcomes/table.ts';

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
 * The table positions in the order battles are played: by `time`; battles without a time come
 * after all timed ones. When the times strictly increase in the order the votes were read
 * (readOrder), that is the order; otherwise equal times (and the untimed) keep table order.
 */
export function timeOrder(table: Pick<OutcomeTable, 'time' | 'readOrder'>): ArrayLike<number> {
  const n = table.time.length;
  const keys = new Float64Array(n);
  let sorted = true;
  for (let e = 0; e < n; e++) {
    // Unknown times last; + 0 turns -0 into 0: the two are equal times.
    const time = table.time[e];
    keys[e] = Number.isNaN(time) ? Infinity : time + 0;
    if (e > 0 && keys[e] < keys[e - 1]) sorted = false;
  }
  if (sorted) return Array.from({ length: n }, (_, e) => e);
  // Times strictly increasing in read order: that is the only order by time, no sort needed.
  if (strictlyIncreasingAlong(keys, table.readOrder)) return table.readOrder;
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

/** Ratings after playing every battle of the table in time order (timeOrder). */
export function onlineElo(table: OutcomeTable, settings: Partial<EloSettings> = {}): EloResult {
  const s: EloSettings = { ...DEFAULT_ELO, ...settings };
  // Systems numbered by slot: the walk in time order reads a's and b's index per position.
  const systems: string[] = [];
  const index = new Map<string, number>();
  const indexOf = (system: string): number => {
    let i = index.get(system);
    if (i === undefined) index.set(system, (i = systems.length)), systems.push(system);
    return i;
  };
  const n = table.score.length;
  const aOf = new Int32Array(n);
  const bOf = new Int32Array(n);
  table.pairs.forEach(([a, b], slot) => {
    aOf.fill(indexOf(a), table.start[slot], table.start[slot + 1]);
    bOf.fill(indexOf(b), table.start[slot], table.start[slot + 1]);
  });
  const scoreOf = table.score;
  const order = timeOrder(table);
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
