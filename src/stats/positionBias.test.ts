import { describe, expect, it } from 'vitest';
import { positionBias } from './positionBias.ts';
import { tableOf } from '../outcomes/fromOutcomes.ts';
import { vote, votes } from '../outcomes/testing.ts';
import type { Outcome } from '../outcomes/outcome.ts';

describe('positionBias', () => {
  it('reads the screen side from the side a was shown on and the winner', () => {
    const left = (o: Outcome) => positionBias(tableOf([o])).left;
    const n = (o: Outcome) => positionBias(tableOf([o])).n;
    expect(left(vote('A', 'B', 'win', { aOnLeft: true }))).toBe(1);
    expect(left(vote('A', 'B', 'win', { aOnLeft: false }))).toBe(0);
    expect(left(vote('A', 'B', 'loss', { aOnLeft: false }))).toBe(1);
    expect(n(vote('A', 'B', 'win', { aOnLeft: false }))).toBe(1);
    // Neither a tie nor a vote of unknown side counts.
    expect(n(vote('A', 'B', 'tie', { aOnLeft: true }))).toBe(0);
    expect(n(vote('A', 'B', 'win'))).toBe(0);
  });

  it('counts left choices among decisive votes, with Wilson interval and exact p-value', () => {
    // 8 left of 10, then 1 left of 2; plus a tie and two votes of unknown side (ignored).
    const outcomes = [
      ...votes(6, 'A', 'B', 'win', { aOnLeft: true, rater: 'x' }),
      ...votes(2, 'A', 'B', 'loss', { aOnLeft: false, rater: 'x' }),
      ...votes(2, 'A', 'B', 'win', { aOnLeft: false, rater: 'x' }),
      vote('A', 'B', 'win', { aOnLeft: true, rater: 'y' }),
      vote('A', 'B', 'loss', { aOnLeft: true, rater: 'y' }),
      vote('A', 'B', 'tie', { aOnLeft: true, rater: 'y' }),
      vote('A', 'B', 'win', { rater: 'y' }),
      vote('A', 'B', 'win', { rater: 'z' }),
    ];
    const bias = positionBias(tableOf(outcomes));
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
    // 13 outcomes of known side, 9 of them (69%, below 75%) with A on the left: counterbalanced.
    expect(bias.perPair).toEqual([expect.objectContaining({ a: 'A', b: 'B', known: 13, aLeft: 9, n: 12, left: 9 })]);
    expect(bias.counterbalanced).toBe(true);
  });

  it('tallies each pair on its own slot, in slot order, and judges counterbalancing per pair', () => {
    const outcomes = [
      // B–C: shown B-left once of four (25%: still counterbalanced); C chosen on the left twice.
      vote('B', 'C', 'win', { aOnLeft: true }),
      ...votes(2, 'C', 'B', 'win', { aOnLeft: true }),
      vote('C', 'B', 'loss', { aOnLeft: true }),
      // A–B: A left twice of four, B always chosen.
      ...votes(2, 'A', 'B', 'loss', { aOnLeft: true }),
      ...votes(2, 'A', 'B', 'loss', { aOnLeft: false }),
    ];
    const bias = positionBias(tableOf(outcomes, [['A', 'B'], ['A', 'C'], ['B', 'C']]), 0.8);
    expect(bias.perPair.map((p) => [p.a, p.b, p.known, p.aLeft, p.n, p.left])).toEqual([
      ['A', 'B', 4, 2, 4, 2],
      ['A', 'C', 0, 0, 0, 0],
      ['B', 'C', 4, 1, 4, 3],
    ]);
    expect(bias.perPair[1].leftShare).toBeNaN();
    expect(bias).toMatchObject({ n: 8, left: 5, level: 0.8, counterbalanced: true });
    const oneWay = positionBias(tableOf(votes(4, 'A', 'B', 'win', { aOnLeft: false })));
    expect(oneWay.counterbalanced).toBe(false);
  });

  it('is NaN with no decisive votes', () => {
    const bias = positionBias(tableOf([vote('A', 'B', 'tie', { aOnLeft: true })]));
    expect(bias.n).toBe(0);
    expect(bias.leftShare).toBeNaN();
    expect(bias.pValue).toBe(1);
  });
});
