import { describe, expect, it } from 'vitest';
import { summarizePair } from '../stats/pair.ts';
import { tableOf } from '../outcomes/fromOutcomes.ts';
import type { Outcome } from '../outcomes/outcome.ts';
import { preferredSide } from './verdict.ts';

function votes(wins: number, losses: number): Outcome[] {
  return Array.from({ length: wins + losses }, (_, i) => {
    const win = i < wins;
    return { a: 'x', b: 'y', score: win ? 1 : 0, kind: win ? 'win' : 'loss', item: `prompt-${i}`, rater: 'r' } as Outcome;
  });
}

describe('preferredSide', () => {
  it('does not call one vote a preference: it has no bootstrap interval, and the sign test is far from 0.05', () => {
    const pair = summarizePair(tableOf(votes(0, 1)), 0, { resamples: 500 });
    expect(pair.winRateCI.every(Number.isNaN)).toBe(true);
    expect(preferredSide(pair, 0.95)).toBeNull();
    // Even an interval that excluded 0.5 would not be enough without the exact test.
    expect(preferredSide({ winRateCI: [0, 0], pValue: pair.pValue }, 0.95)).toBeNull();
  });

  it('names the side both the interval and the sign test favour', () => {
    expect(preferredSide(summarizePair(tableOf(votes(40, 10)), 0, { resamples: 500 }), 0.95)).toBe('a');
    expect(preferredSide(summarizePair(tableOf(votes(10, 40)), 0, { resamples: 500 }), 0.95)).toBe('b');
    expect(preferredSide(summarizePair(tableOf(votes(26, 24)), 0, { resamples: 500 }), 0.95)).toBeNull();
  });

  it('needs the exact test to agree at the same level', () => {
    expect(preferredSide({ winRateCI: [0.55, 0.7], pValue: 0.2 }, 0.95)).toBeNull();
    expect(preferredSide({ winRateCI: [0.55, 0.7], pValue: 0.04 }, 0.95)).toBe('a');
    expect(preferredSide({ winRateCI: [0.55, 0.7], pValue: 0.04 }, 0.99)).toBeNull();
  });
});
