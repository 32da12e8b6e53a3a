import { describe, expect, it } from 'vitest';
import type { Judgment } from '../judgments/record.ts';
import { outcomeTable } from './fromJudgments.ts';
import { outcomesOfSlot, tableOf } from './fromOutcomes.ts';
import { toOutcome, type Outcome } from './outcome.ts';
import { KIND, SIDE } from './table.ts';

function judgment(n: number, left: string, right: string, choice: Judgment['choice'], extra: Partial<Judgment> = {}): Judgment {
  return { v: 1, study: 's', task: `t${n}`, rater: `r${n % 3}`, item: `i${n % 4}`, left, right, choice, answeredAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(), seconds: n, ...extra };
}

describe('the outcome table', () => {
  const judgments: Judgment[] = [
    judgment(0, 'a', 'b', 'left'),
    judgment(1, 'b', 'a', 'left'),
    judgment(2, 'c', 'a', 'tie'),
    judgment(3, 'a', 'b', 'both-bad'),
    judgment(4, 'b', 'a', 'right', { score: 0.25 }),
    judgment(5, 'x', 'y', 'left'),
    judgment(6, 'a', 'c', 'right'),
  ];
  const pairs: Array<[string, string]> = [
    ['a', 'b'],
    ['a', 'c'],
  ];

  it('from judgments holds, slot by slot, what toOutcome makes of each judgment, in the order read', () => {
    const table = outcomeTable(judgments, pairs);
    expect(Array.from(table.start)).toEqual([0, 4, 6]);
    pairs.forEach(([a, b], slot) => {
      const expected = judgments.map((j) => toOutcome(j, a, b)).filter((o): o is Outcome => o !== null);
      expect(outcomesOfSlot(table, slot)).toEqual(expected);
    });
    // Judgments of no listed pair are left out; readOrder lists table positions as read.
    expect(Array.from(table.readOrder)).toEqual([0, 1, 4, 2, 3, 5]);
    expect(table.itemNames).toEqual(['i0', 'i1', 'i2', 'i3']);
  });

  it('numbers items and raters in name order, and lists table positions in the order read', () => {
    const many = Array.from({ length: 300 }, (_, n) => judgment(n * 7919, n % 2 ? 'a' : 'b', n % 2 ? 'b' : 'a', 'left', { item: `item-${(n * 37) % 23}`, rater: `rater-${(n * 11) % 17}` }));
    const table = outcomeTable(many, [['a', 'b']]);
    expect(table.itemNames).toEqual([...new Set(many.map((j) => j.item))].sort());
    expect(table.raterNames).toEqual([...new Set(many.map((j) => j.rater))].sort());
    many.forEach((j, t) => {
      const at = table.readOrder[t];
      expect(table.itemNames[table.itemId[at]]).toBe(j.item);
      expect(table.raterNames[table.raterId[at]]).toBe(j.rater);
    });
  });

  it('decides each kind from the choice and a score (soft scores by which side of a half they fall)', () => {
    const table = outcomeTable(judgments, pairs);
    // a vs b: a left wins; b left wins (a loses); both bad; b on the left scored 0.25 (a scored 0.75).
    expect(Array.from(table.kind.subarray(0, 4))).toEqual([KIND.win, KIND.loss, KIND.bothBad, KIND.win]);
    expect(Array.from(table.score.subarray(0, 4))).toEqual([1, 0, 0.5, 0.75]);
    expect(Array.from(table.aOnLeft.subarray(0, 4))).toEqual([SIDE.left, SIDE.right, SIDE.left, SIDE.right]);
  });

  it('from outcomes turns (b, a) around into the slot of (a, b), and leaves out other pairs', () => {
    const outcomes: Outcome[] = [
      { a: 'a', b: 'b', score: 1, kind: 'win', item: 'i', rater: 'r', aOnLeft: true },
      { a: 'b', b: 'a', score: 0.8, kind: 'win', item: 'i', rater: 's' },
      { a: 'z', b: 'w', score: 0, kind: 'loss', item: 'j', rater: 'r' },
    ];
    const table = tableOf(outcomes, [['a', 'b']]);
    expect(outcomesOfSlot(table, 0)).toEqual([
      { a: 'a', b: 'b', score: 1, kind: 'win', item: 'i', rater: 'r', aOnLeft: true },
      { a: 'a', b: 'b', score: 1 - 0.8, kind: 'loss', item: 'i', rater: 's' },
    ]);
    // Without pairs: one slot per unordered pair, oriented as first seen.
    const free = tableOf(outcomes);
    expect(free.pairs).toEqual([
      ['a', 'b'],
      ['z', 'w'],
    ]);
    expect(Array.from(free.start)).toEqual([0, 2, 3]);
  });
});
