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
  const order = Array.from({ length: outcomes.length }, (_, t) => t);
  const key = (t: number) => outcomes[t].time ?? Infinity;
  let sorted = true;
  for (let t = 1; t < outcomes.length && sorted; t++) if (key(t) < key(t - 1)) sorted = false;
  if (!sorted) order.sort((x, y) => key(x) - key(y) || x - y);
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
