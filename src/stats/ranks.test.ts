import { describe, expect, it } from 'vitest';
import { ranksFromIntervals } from './ranks.ts';

describe('ranksFromIntervals', () => {
  it('places a system below only those whose whole interval is above its own', () => {
    // X clearly first; Y and Z overlap each other; W clearly below Y but overlapping Z.
    const ranks = ranksFromIntervals([
      [1200, 1300], // X
      [1050, 1150], // Y
      [1000, 1100], // Z
      [900, 1020], // W
    ]);
    expect(ranks).toEqual([
      { rank: 1, rankRange: [1, 1] },
      { rank: 2, rankRange: [2, 3] },
      { rank: 2, rankRange: [2, 4] },
      { rank: 3, rankRange: [3, 4] },
    ]);
  });

  it('separates nothing for an unknown interval', () => {
    expect(ranksFromIntervals([[NaN, NaN], [0, 1]])).toEqual([
      { rank: 1, rankRange: [1, 2] },
      { rank: 1, rankRange: [1, 2] },
    ]);
  });
});
