import { describe, expect, it } from 'vitest';
import { winMatrix } from './winMatrix.ts';
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
  const m = winMatrix(outcomes);

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

  it('lists systems that were named but never compared', () => {
    expect(winMatrix(outcomes, ['D']).systems).toEqual(['A', 'B', 'C', 'D']);
  });
});
