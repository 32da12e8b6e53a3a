import { describe, expect, it } from 'vitest';
import { choseLeft, positionBias } from './positionBias.ts';
import { vote, votes } from '../outcomes/testing.ts';

describe('positionBias', () => {
  it('reads the screen side from aOnLeft and the winner', () => {
    expect(choseLeft(vote('A', 'B', 'win', { aOnLeft: true }))).toBe(true);
    expect(choseLeft(vote('A', 'B', 'win', { aOnLeft: false }))).toBe(false);
    expect(choseLeft(vote('A', 'B', 'loss', { aOnLeft: false }))).toBe(true);
    expect(choseLeft(vote('A', 'B', 'tie', { aOnLeft: true }))).toBeNull();
    expect(choseLeft(vote('A', 'B', 'win'))).toBeNull();
  });

  it('counts left choices among decisive votes, with Wilson interval and exact p-value', () => {
    // Rater x: 8 left of 10; rater y: 1 left of 2; plus a tie and a vote of unknown side (ignored).
    const outcomes = [
      ...votes(6, 'A', 'B', 'win', { aOnLeft: true, rater: 'x' }),
      ...votes(2, 'A', 'B', 'loss', { aOnLeft: false, rater: 'x' }),
      ...votes(2, 'A', 'B', 'win', { aOnLeft: false, rater: 'x' }),
      vote('A', 'B', 'win', { aOnLeft: true, rater: 'y' }),
      vote('A', 'B', 'loss', { aOnLeft: true, rater: 'y' }),
      vote('A', 'B', 'tie', { aOnLeft: true, rater: 'y' }),
      vote('A', 'B', 'win', { rater: 'y' }),
    ];
    const bias = positionBias(outcomes);
    expect(bias).toMatchObject({ n: 12, left: 9, leftShare: 0.75, level: 0.95 });
    // Two-sided exact test of 9 of 12: 2 * P(X <= 3) = 2 * (1 + 12 + 66 + 220) / 4096.
    expect(bias.pValue).toBeCloseTo((2 * 299) / 4096, 12);
    // Wilson 95% for 9/12, by hand: centre (0.75 + z²/24) / (1 + z²/12), half-width z/(1 + z²/12) sqrt(0.75·0.25/12 + z²/576).
    const z = 1.959963984540054;
    const d = 1 + (z * z) / 12;
    const centre = (0.75 + (z * z) / 24) / d;
    const half = (z / d) * Math.sqrt((0.75 * 0.25) / 12 + (z * z) / 576);
    expect(bias.ci[0]).toBeCloseTo(centre - half, 9);
    expect(bias.ci[1]).toBeCloseTo(centre + half, 9);
    expect(bias.perRater.map((r) => [r.rater, r.n, r.left])).toEqual([
      ['x', 10, 8],
      ['y', 2, 1],
    ]);
    expect(bias.perRater[1].pValue).toBe(1);
  });

  it('is NaN with no decisive votes', () => {
    const bias = positionBias([vote('A', 'B', 'tie', { aOnLeft: true })]);
    expect(bias.n).toBe(0);
    expect(bias.leftShare).toBeNaN();
    expect(bias.pValue).toBe(1);
  });
});
