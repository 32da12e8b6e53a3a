import { describe, expect, it } from 'vitest';
import { medianWithout, raterSummaries, raterTallies } from './raters.ts';
import type { LeaveOneOutAgreement } from './agreement.ts';
import { tableOf } from '../outcomes/fromOutcomes.ts';
import { vote } from '../outcomes/testing.ts';
import type { Outcome } from '../outcomes/outcome.ts';
import type { OutcomeTable } from '../outcomes/table.ts';

// Three careful raters who agree on items i0..i9 and take 20–40 s; one fast rater who always
// clicks left (10 decisive votes, 2 s each) and disagrees; attention: the fast rater failed once.
function study(): OutcomeTable {
  const out: Outcome[] = [];
  for (let i = 0; i < 10; i++) {
    const item = `i${i}`;
    const kind = i % 3 === 0 ? 'loss' : 'win';
    for (const [r, secs] of [['careful1', 20], ['careful2', 30], ['careful3', 40]] as const) {
      out.push(vote('A', 'B', kind, { item, rater: r, seconds: secs + i, aOnLeft: (i + secs) % 20 === 0 }));
    }
    // The fast rater: a shown on the left when i is even, and always picks the left side.
    const aOnLeft = i % 2 === 0;
    out.push(vote('A', 'B', aOnLeft ? 'win' : 'loss', { item, rater: 'fast', seconds: 2, aOnLeft }));
  }
  return tableOf(out);
}

// The study's leave-one-out agreement (agreement.ts computes it): careful raters always match the
// mode of the other three; the fast rater matches the careful label when its left click lands on
// the same side: items where (i even) equals (kind is win, i.e. i % 3 != 0): i = 2, 4, 8, 3, 9 → 5 of 10.
const leaveOneOut: LeaveOneOutAgreement = {
  agreement: 35 / 40,
  n: 40,
  units: 10,
  perRater: [
    { rater: 'careful1', n: 10, agreement: 1 },
    { rater: 'careful2', n: 10, agreement: 1 },
    { rater: 'careful3', n: 10, agreement: 1 },
    { rater: 'fast', n: 10, agreement: 0.5 },
  ],
};

describe('raterSummaries', () => {
  const summaries = raterSummaries(study(), {
    leaveOneOut,
    attention: [
      { rater: 'fast', passed: false },
      { rater: 'careful1', passed: true },
      { rater: 'ghost', passed: true },
    ],
  });
  const byId = Object.fromEntries(summaries.map((s) => [s.id, s]));

  it('summarises each rater by hand-checkable figures', () => {
    expect(summaries.map((s) => s.id)).toEqual(['careful1', 'careful2', 'careful3', 'fast', 'ghost']);
    expect(byId.careful1).toMatchObject({ n: 10, medianSeconds: 24.5, attentionChecks: 1, attentionFailures: 0 });
    expect(byId.fast).toMatchObject({ n: 10, medianSeconds: 2, leftShare: 1, decisive: 10, attentionFailures: 1 });
    expect(byId.careful2.agreement).toBe(1);
    expect(byId.fast).toMatchObject({ agreement: 0.5, agreementN: 10 });
    expect(byId.ghost).toMatchObject({ n: 0, attentionChecks: 1 });
    expect(byId.ghost.medianSeconds).toBeNaN();
    expect(byId.ghost.agreement).toBeNaN();
  });

  it('counts votes, finite seconds and decisive votes of known side per rater', () => {
    const tallies = raterTallies(
      tableOf([
        vote('A', 'B', 'win', { rater: 'q', aOnLeft: false, seconds: 3 }),
        vote('B', 'A', 'win', { rater: 'q', aOnLeft: false, seconds: NaN }),
        vote('A', 'B', 'tie', { rater: 'q', aOnLeft: true, seconds: 5 }),
        vote('A', 'B', 'loss', { rater: 'p' }),
      ]),
    );
    expect(tallies.counts).toEqual(new Map([['p', 1], ['q', 3]]));
    expect(tallies.seconds).toEqual(new Map([['q', [3, 5]]]));
    // q: a win for A shown on the right (right), a win for B shown on the right (right); p's side is unknown.
    expect(tallies.sides).toEqual(new Map([['q', { left: 0, n: 2 }]]));
  });

  it('flags failed attention, speed far below the others and an extreme left share', () => {
    expect(byId.fast.flags).toEqual(['attention', 'fast', 'position']);
    expect(byId.careful1.flags).toEqual([]);
    expect(byId.ghost.flags).toEqual([]);
  });

  it('flags low agreement only when asked', () => {
    const strict = raterSummaries(study(), { leaveOneOut, minAgreement: 0.6 });
    expect(strict.find((s) => s.id === 'fast')?.flags).toContain('disagree');
    expect(strict.find((s) => s.id === 'careful1')?.flags).toEqual([]);
  });
});

describe('medianWithout', () => {
  it('is the median of the others, whichever copy of a repeated value is removed', () => {
    const sorted = [1, 2, 2, 5, 9];
    expect(medianWithout(sorted, 9)).toBe(2); // [1, 2, 2, 5]
    expect(medianWithout(sorted, 1)).toBe(3.5); // [2, 2, 5, 9]
    expect(medianWithout(sorted, 2)).toBe(3.5); // [1, 2, 5, 9]
    expect(medianWithout(sorted, NaN)).toBe(2);
    expect(medianWithout(sorted, 4)).toBe(2);
    expect(medianWithout([7], 7)).toBeNaN();
  });
});
