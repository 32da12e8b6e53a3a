import { describe, expect, it } from 'vitest';
import { onlineElo, timeOrder } from './elo.ts';
import { tableOf } from '../outcomes/fromOutcomes.ts';
import { vote } from '../outcomes/testing.ts';

describe('onlineElo', () => {
  it('applies K = 4 updates by hand', () => {
    // 1: A beats B from 1000/1000: expected 0.5, A +2 → 1002, B 998.
    // 2: B ties C: expected for B = 1 / (1 + 10^((1000 - 998) / 400)); B += 4 (0.5 - e).
    const result = onlineElo(tableOf([vote('A', 'B', 'win', { time: 1 }), vote('B', 'C', 'tie', { time: 2 })]));
    const e = 1 / (1 + 10 ** (2 / 400));
    const byId = Object.fromEntries(result.ratings.map((r) => [r.system, r]));
    expect(byId.A.rating).toBe(1002);
    expect(byId.B.rating).toBeCloseTo(998 + 4 * (0.5 - e), 12);
    expect(byId.C.rating).toBeCloseTo(1000 - 4 * (0.5 - e), 12);
    expect(byId.B.n).toBe(2);
    expect(result.ratings[0].system).toBe('A');
  });

  it('plays battles in time order, whatever order the table holds them in', () => {
    // A–B (time 2) is at table position 0, B–C (time 1) at 1: B–C is played first. Played the
    // other way round, B would meet C at 998 and the ratings would differ.
    const table = tableOf([vote('A', 'B', 'win', { time: 2 }), vote('B', 'C', 'win', { time: 1 })]);
    expect(Array.from(timeOrder(table))).toEqual([1, 0]);
    const byId = Object.fromEntries(onlineElo(table).ratings.map((r) => [r.system, r.rating]));
    const e = 1 / (1 + 10 ** (2 / 400)); // A (1000) against B (1002) after B beat C
    expect(byId.A).toBeCloseTo(1000 + 4 * (1 - e), 12);
    expect(byId.B).toBeCloseTo(1002 - 4 * (1 - e), 12);
    expect(byId.C).toBe(998);
  });

  it('takes the read order when times increase along it; otherwise equal times, then the untimed, in table order', () => {
    const increasing = tableOf([vote('A', 'B', 'win', { time: 1 }), vote('A', 'C', 'win', { time: 2 }), vote('A', 'B', 'win', { time: 3 })]);
    // Table positions: A–B at 0 and 1, A–C at 2.
    expect(Array.from(timeOrder(increasing))).toEqual([0, 2, 1]);
    const outcomes = [
      vote('A', 'B', 'loss', { time: 30 }),
      vote('A', 'B', 'win', { time: 10 }),
      vote('A', 'C', 'win', { time: 20 }),
      vote('B', 'C', 'win', { time: 20 }),
      vote('C', 'A', 'win'),
    ];
    // Table positions: A–B 0, 1; A–C 2, 3 (the C–A vote turned around); B–C 4.
    expect(Array.from(timeOrder(tableOf(outcomes)))).toEqual([1, 2, 4, 0, 3]);
  });

  it('honours its settings', () => {
    const result = onlineElo(tableOf([vote('A', 'B', 'win')]), { k: 32, initial: 1500 });
    expect(result.ratings.map((r) => r.rating)).toEqual([1516, 1484]);
  });

  it('leaves a system against itself out', () => {
    const result = onlineElo(tableOf([vote('A', 'A', 'win'), vote('A', 'B', 'win')]));
    expect(result.ratings).toEqual([
      { system: 'A', rating: 1002, n: 1 },
      { system: 'B', rating: 998, n: 1 },
    ]);
  });

  it('orders by time then table position, like a comparison sort, for negative, zero, repeated and missing times', () => {
    let state = 7;
    const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const times = Array.from({ length: 5000 }, (_, i) => {
      const u = next();
      if (u < 0.1) return undefined;
      if (u < 0.15) return i % 2 ? -0 : 0;
      if (u < 0.3) return -1e12 + Math.floor(next() * 50) * 1e9;
      return 1.7e12 + Math.floor(next() * 300) * 1000 + (u < 0.35 ? 0.25 : 0);
    });
    // One pair: table positions are the input order.
    const table = tableOf(times.map((time) => vote('A', 'B', 'win', { time })));
    const key = (t: number) => times[t] ?? Infinity;
    const expected = times.map((_, t) => t).sort((x, y) => key(x) - key(y) || x - y);
    expect(Array.from(timeOrder(table))).toEqual(expected);
  });
});
