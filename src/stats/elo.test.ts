import { describe, expect, it } from 'vitest';
import { onlineElo, timeOrder } from './elo.ts';
import { vote } from '../outcomes/testing.ts';

describe('onlineElo', () => {
  it('applies K = 4 updates by hand', () => {
    // 1: A beats B from 1000/1000: expected 0.5, A +2 → 1002, B 998.
    // 2: B ties C: expected for B = 1 / (1 + 10^((1000 - 998) / 400)); B += 4 (0.5 - e).
    const result = onlineElo([vote('A', 'B', 'win', { time: 1 }), vote('B', 'C', 'tie', { time: 2 })]);
    const e = 1 / (1 + 10 ** (2 / 400));
    const byId = Object.fromEntries(result.ratings.map((r) => [r.system, r]));
    expect(byId.A.rating).toBe(1002);
    expect(byId.B.rating).toBeCloseTo(998 + 4 * (0.5 - e), 12);
    expect(byId.C.rating).toBeCloseTo(1000 - 4 * (0.5 - e), 12);
    expect(byId.B.n).toBe(2);
    expect(result.ratings[0].system).toBe('A');
  });

  it('plays battles in time order whatever the input order, input order among equal times', () => {
    const outcomes = [
      vote('A', 'B', 'loss', { time: 30 }),
      vote('A', 'B', 'win', { time: 10 }),
      vote('A', 'C', 'win', { time: 20 }),
      vote('B', 'C', 'win', { time: 20 }),
      vote('C', 'A', 'win'),
    ];
    expect(timeOrder(outcomes)).toEqual([1, 2, 3, 0, 4]);
    const shuffled = [outcomes[4], outcomes[3], outcomes[1], outcomes[0], outcomes[2]];
    // Same times, but the two battles at time 20 swap: a different (still deterministic) result.
    expect(onlineElo(shuffled)).not.toEqual(onlineElo(outcomes));
    expect(onlineElo([...outcomes])).toEqual(onlineElo(outcomes));
  });

  it('honours its settings', () => {
    const result = onlineElo([vote('A', 'B', 'win')], { k: 32, initial: 1500 });
    expect(result.ratings.map((r) => r.rating)).toEqual([1516, 1484]);
  });

  it('orders by time then input order, like a comparison sort, for negative, zero, repeated and missing times', () => {
    let state = 7;
    const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const times = Array.from({ length: 5000 }, (_, i) => {
      const u = next();
      if (u < 0.1) return undefined;
      if (u < 0.15) return i % 2 ? -0 : 0;
      if (u < 0.3) return -1e12 + Math.floor(next() * 50) * 1e9;
      return 1.7e12 + Math.floor(next() * 300) * 1000 + (u < 0.35 ? 0.25 : 0);
    });
    const outcomes = times.map((time) => vote('A', 'B', 'win', { time }));
    const key = (t: number) => times[t] ?? Infinity;
    const expected = times.map((_, t) => t).sort((x, y) => key(x) - key(y) || x - y);
    expect(timeOrder(outcomes)).toEqual(expected);
  });
});
