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
  const rating = new Map<string, number>();
  const count = new Map<string, number>();
  for (const t of timeOrder(outcomes)) {
    const o = outcomes[t];
    if (o.a === o.b) continue;
    const ra = rating.get(o.a) ?? s.initial;
    const rb = rating.get(o.b) ?? s.initial;
    const expected = 1 / (1 + s.base ** ((rb - ra) / s.scale));
    const delta = s.k * (o.score - expected);
    rating.set(o.a, ra + delta);
    rating.set(o.b, rb - delta);
    count.set(o.a, (count.get(o.a) ?? 0) + 1);
    count.set(o.b, (count.get(o.b) ?? 0) + 1);
  }
  const ratings = [...rating].map(([system, r]) => ({ system, rating: r, n: count.get(system) ?? 0 }));
  ratings.sort((x, y) => y.rating - x.rating || (x.system < y.system ? -1 : 1));
  return { settings: s, ratings };
}
