import { describe, expect, it } from 'vitest';
import { tableOf } from '../outcomes/fromOutcomes.ts';
import type { Outcome, OutcomeKind } from '../outcomes/outcome.ts';
import { ratedUnits, unitLabels, type RatedUnits } from './agreementTable.ts';

const SCORE: Record<OutcomeKind, number> = { win: 1, loss: 0, tie: 0.5, 'both-bad': 0.5 };

function vote(a: string, b: string, kind: OutcomeKind, item: string, rater: string): Outcome {
  return { a, b, score: SCORE[kind], kind, item, rater };
}

/** Each unit's raters by name, unit by unit. */
function unitRaters({ start, rater, raterNames }: RatedUnits): string[][] {
  return Array.from({ length: start.length - 1 }, (_, u) => Array.from(rater.subarray(start[u], start[u + 1]), (r) => raterNames[r]));
}

describe('ratedUnits', () => {
  it('groups by item and unordered pair, reading every label from the first system of the pair', () => {
    const units = ratedUnits(
      tableOf([
        vote('B', 'A', 'loss', 'i1', 'y'),
        vote('A', 'B', 'win', 'i1', 'x'),
        vote('A', 'B', 'tie', 'i2', 'x'),
        vote('A', 'C', 'win', 'i1', 'y'),
        vote('C', 'A', 'win', 'i1', 'z'),
      ]),
    );
    // i1 (A, B): y's loss of B is A's win; i1 (A, C): z's win of C is A's loss; i2 and its single label are left out.
    expect(unitLabels(units)).toEqual([['win', 'win'], ['win', 'loss']]);
    expect(unitRaters(units)).toEqual([['y', 'x'], ['y', 'z']]);
    expect(Array.from(units.start)).toEqual([0, 2, 4]);
    expect(units.categories).toBe(4);
  });

  it('orders units as their keys item|first|second, which is not name order when names are prefixes', () => {
    // "q10|…" < "q1|…" ('0' < '|'), and "ab|b" < "a|b" ('b' < '|'); each unit is rated by its own pair of raters.
    const outcomes = [
      ['q1', 'a', 'b'],
      ['q1', 'ab', 'b'],
      ['q10', 'a', 'b'],
      ['q', 'b', 'a'],
      ['q1', 'a', 'ab'],
    ].flatMap(([item, a, b]) => [vote(a, b, 'win', item, `${item}:${a}-${b}:1`), vote(a, b, 'tie', item, `${item}:${a}-${b}:2`)]);
    const units = ratedUnits(tableOf(outcomes));
    expect(unitRaters(units).map(([first]) => first.slice(0, -2))).toEqual(['q10:a-b', 'q1:ab-b', 'q1:a-ab', 'q1:a-b', 'q:b-a']);
    // (b, a) is read from a: b's win is a's loss.
    expect(unitLabels(units)[4]).toEqual(['loss', 'tie']);
  });

  it('tells units apart by ids: names holding the separator do not run together', () => {
    // Both would be the key "a|b|c|d": item "a|b" on (c, d), and item "a" on ("b|c", d).
    const units = ratedUnits(
      tableOf([
        vote('c', 'd', 'win', 'a|b', 'x'),
        vote('b|c', 'd', 'loss', 'a', 'y'),
        vote('c', 'd', 'win', 'a|b', 'z'),
        vote('b|c', 'd', 'tie', 'a', 'x'),
      ]),
    );
    expect(unitLabels(units)).toEqual([['loss', 'tie'], ['win', 'win']]);
  });

  it('merges slots of the same unordered pair into one unit per item, slot by slot', () => {
    const table = tableOf(
      [vote('B', 'A', 'win', 'i', 'x'), vote('A', 'B', 'tie', 'i', 'y'), vote('B', 'A', 'loss', 'i', 'z')],
      [['A', 'B'], ['B', 'A']],
    );
    expect(Array.from(table.start)).toEqual([0, 1, 3]);
    const units = ratedUnits(table);
    expect(unitRaters(units)).toEqual([['y', 'x', 'z']]);
    expect(unitLabels(units)).toEqual([['tie', 'loss', 'win']]);
    expect(unitLabels(ratedUnits(table, { slots: [1] }))).toEqual([['loss', 'win']]);
    expect(ratedUnits(table, { slots: [0] }).start).toEqual(Int32Array.of(0));
  });

  it('takes only the outcomes of the given slots and mask', () => {
    const table = tableOf([
      vote('A', 'B', 'win', 'i1', 'x'),
      vote('A', 'B', 'win', 'i1', 'y'),
      vote('A', 'B', 'tie', 'i2', 'x'),
      vote('A', 'B', 'loss', 'i2', 'y'),
      vote('A', 'B', 'loss', 'i2', 'z'),
      vote('A', 'C', 'win', 'i1', 'x'),
      vote('A', 'C', 'tie', 'i1', 'y'),
    ]);
    expect(unitLabels(ratedUnits(table))).toEqual([['win', 'win'], ['win', 'tie'], ['tie', 'loss', 'loss']]);
    expect(unitLabels(ratedUnits(table, { slots: [1] }))).toEqual([['win', 'tie']]);
    // Without y's outcomes, i1 (A, B) and i1 (A, C) hold one label each and are left out.
    const notY = Uint8Array.from(table.raterId, (r) => (table.raterNames[r] === 'y' ? 0 : 1));
    const units = ratedUnits(table, { mask: notY });
    expect(unitLabels(units)).toEqual([['tie', 'loss']]);
    expect(unitRaters(units)).toEqual([['x', 'z']]);
    expect(ratedUnits(table, { slots: [1], mask: notY }).code).toHaveLength(0);
  });
});
