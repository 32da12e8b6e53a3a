import { describe, expect, it } from 'vitest';
import { tableOf } from './fromOutcomes.ts';
import { SCORE_OF_KIND, vote, votes } from './testing.ts';

describe('test outcomes', () => {
  it('score each kind from a, ties and both-bad as half', () => {
    expect(vote('A', 'B', 'win')).toEqual({ a: 'A', b: 'B', score: 1, kind: 'win', item: 'i0', rater: 'r0' });
    expect(vote('A', 'B', 'both-bad', { rater: 'r9', seconds: 3 })).toMatchObject({ score: 0.5, rater: 'r9', seconds: 3 });
    expect(SCORE_OF_KIND.loss).toBe(0);
  });

  it('put copies on items of their own unless told one, and make a table', () => {
    expect(votes(3, 'A', 'B', 'tie').map((o) => o.item)).toEqual(['A-B-tie-0', 'A-B-tie-1', 'A-B-tie-2']);
    expect(new Set(votes(3, 'A', 'B', 'tie', { item: 'p' }).map((o) => o.item))).toEqual(new Set(['p']));
    expect(tableOf([vote('A', 'B', 'win'), ...votes(2, 'B', 'A', 'loss')]).pairs).toEqual([['A', 'B']]);
  });
});
