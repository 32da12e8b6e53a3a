import { describe, expect, it } from 'vitest';
import { agreement, agreementOfUnits, leaveOneOutAgreement, ratedUnits } from './agreement.ts';
import { agreementTable, leaveOneOutTable, tableLabels } from './agreementTable.ts';
import type { Outcome, OutcomeKind } from '../outcomes/outcome.ts';
import { rngFor } from './random/rng.ts';

const KINDS: OutcomeKind[] = ['win', 'loss', 'tie', 'both-bad'];
const SCORE: Record<OutcomeKind, number> = { win: 1, loss: 0, tie: 0.5, 'both-bad': 0.5 };

/** Votes on few items and systems, both orientations, so units repeat and modes tie often. */
function votes(seed: string, n: number, items: string[], systems: string[], raters: number): Outcome[] {
  const rng = rngFor(seed);
  return Array.from({ length: n }, () => {
    const kind = KINDS[Math.floor(rng() * 4)];
    return {
      a: systems[Math.floor(rng() * systems.length)],
      b: systems[Math.floor(rng() * systems.length)],
      score: SCORE[kind],
      kind,
      item: items[Math.floor(rng() * items.length)],
      rater: `r${Math.floor(rng() * raters)}`,
    };
  });
}

describe('agreementTable', () => {
  const cases: Array<[string, Outcome[]]> = [
    ['many units', votes('a', 3000, Array.from({ length: 300 }, (_, i) => `q${i}`), ['x', 'y', 'z', 'w'], 12)],
    // Items that are prefixes of each other, and a system name that is a prefix of another.
    ['prefix names', votes('b', 400, ['q1', 'q10', 'q', 'Q', 'q1!', 'q1 '], ['a', 'ab', 'b', 'B'], 5)],
    ['two raters', votes('c', 200, ['i1', 'i2', 'i3'], ['s1', 's2'], 2)],
  ];

  it.each(cases)('gives exactly the report of agreementOfUnits(ratedUnits(...)) (%s)', (_name, outcomes) => {
    for (const seed of [1, 'x']) {
      const flat = agreementTable(outcomes, seed);
      const byUnits = agreementOfUnits(ratedUnits(outcomes), { seed });
      expect(flat).not.toBeNull();
      expect(flat).toEqual(byUnits);
      expect(JSON.stringify(flat)).toBe(JSON.stringify(byUnits));
      expect(tableLabels(outcomes)).toEqual(ratedUnits(outcomes).map((u) => u.labels.map((l) => l.label)));
      expect(leaveOneOutTable(outcomes, seed)).toEqual(leaveOneOutAgreement(ratedUnits(outcomes), seed));
    }
  });

  it('steps aside when a name holds the key separator or no unit is rated twice', () => {
    const piped = votes('d', 100, ['a|b', 'a'], ['x', 'y'], 3);
    expect(agreementTable(piped, 1)).toBeNull();
    expect(agreement(piped, { seed: 1 })).toEqual(agreementOfUnits(ratedUnits(piped), { seed: 1 }));
    const single = votes('e', 20, Array.from({ length: 20 }, (_, i) => `only${i}`), ['x', 'y'], 3).map((o, i) => ({ ...o, item: `only${i}` }));
    expect(agreementTable(single, 1)).toBeNull();
    expect(agreement(single, { seed: 1 }).units).toBe(0);
  });
});
