import { describe, expect, it } from 'vitest';
import { winMatrix } from './winMatrix.ts';
import { tableOf } from '../outcomes/fromOutcomes.ts';
import { vote, votes } from '../outcomes/testing.ts';

describe('winMatrix', () => {
  // A beat B 3 times, lost once, tied once, both bad once (one of those votes seen from B's side);
  // B beat C twice; A and C never met.
  const outcomes = [
    ...votes(2, 'A', 'B', 'win'),
    vote('B', 'A', 'loss'),
    vote('A', 'B', 'loss'),
    vote('A', 'B', 'tie'),
    vote('B', 'A', 'both-bad'),
    ...votes(2, 'B', 'C', 'win'),
  ];
  const m = winMatrix(tableOf(outcomes));

  it('counts every ordered pair from both sides', () => {
    expect(m.systems).toEqual(['A', 'B', 'C']);
    expect(m.battles).toEqual([
      [0, 6, 0],
      [6, 0, 2],
      [0, 2, 0],
    ]);
    expect(m.wins[0][1]).toBe(3);
    expect(m.wins[1][0]).toBe(1);
    expect(m.ties[0][1]).toBe(1);
    expect(m.bothBad[1][0]).toBe(1);
  });

  it('gives win rates with ties as half, NaN where systems never met', () => {
    // A's score against B: 3 wins + 0.5 + 0.5 = 4 of 6.
    expect(m.winRate[0][1]).toBeCloseTo(4 / 6, 12);
    expect(m.winRate[1][0]).toBeCloseTo(2 / 6, 12);
    expect(m.winRate[1][2]).toBe(1);
    expect(m.winRate[0][2]).toBeNaN();
    const ab = m.cells.find((c) => c.a === 'A' && c.b === 'B');
    expect(ab).toMatchObject({ n: 6, wins: 3, losses: 1, ties: 1, bothBad: 1, relativeWinRate: 0.75 });
    expect(m.cells.map((c) => `${c.a}>${c.b}`)).toEqual(['A>B', 'B>A', 'B>C', 'C>B']);
  });

  it('adds the slots of both orientations of a pair into the same cells', () => {
    const split = winMatrix(tableOf(outcomes, [['A', 'B'], ['B', 'C'], ['B', 'A']]));
    expect(split).toStrictEqual(m);
    const own = winMatrix(tableOf([vote('A', 'B', 'win'), vote('B', 'A', 'win'), vote('B', 'A', 'tie')], [['A', 'B'], ['B', 'A']]));
    expect(own.battles[0][1]).toBe(3);
    expect(own.wins[0][1]).toBe(1);
    expect(own.wins[1][0]).toBe(1);
    expect(own.score[0][1]).toBe(1.5);
  });

  it('lists systems that were named but never compared; a slot without outcomes names none', () => {
    expect(winMatrix(tableOf(outcomes), ['D']).systems).toEqual(['A', 'B', 'C', 'D']);
    const withEmpty = tableOf(outcomes, [['A', 'B'], ['E', 'A'], ['B', 'C']]);
    expect(withEmpty.start[1]).toBe(withEmpty.start[2]);
    expect(winMatrix(withEmpty)).toStrictEqual(m);
  });

  it('takes soft scores as given and leaves a system against itself out', () => {
    const soft = [0.75, 0.25, 0.9].map((score) => vote('A', 'B', score > 0.5 ? 'win' : 'loss', { score }));
    const s = winMatrix(tableOf([...soft, vote('A', 'A', 'win')]));
    expect(s.systems).toEqual(['A', 'B']);
    expect(s.battles).toEqual([
      [0, 3],
      [3, 0],
    ]);
    expect(s.winRate[0][1]).toBeCloseTo((0.75 + 0.25 + 0.9) / 3, 12);
    expect(s.score[0][1] + s.score[1][0]).toBeCloseTo(3, 12);
    expect(s.cells[0]).toMatchObject({ wins: 2, losses: 1, relativeWinRate: 2 / 3 });
  });
});
