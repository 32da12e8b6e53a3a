import { describe, expect, it } from 'vitest';
import { tableOf } from '../outcomes/fromOutcomes.ts';
import type { Outcome, OutcomeKind } from '../outcomes/outcome.ts';
import { ratedUnits } from './agreementTable.ts';
import { raterPairKappas } from './raterPairKappa.ts';

const SCORE: Record<OutcomeKind, number> = { win: 1, loss: 0, tie: 0.5, 'both-bad': 0.5 };

/** Each row is one item: the label of each named rater on A vs B (absent: did not rate it). */
function table(rows: Array<Record<string, OutcomeKind>>) {
  const outcomes: Outcome[] = rows.flatMap((labels, i) =>
    Object.entries(labels).map(([rater, kind]) => ({ a: 'A', b: 'B', score: SCORE[kind], kind, item: `i${String(i).padStart(2, '0')}`, rater })),
  );
  return ratedUnits(tableOf(outcomes));
}

describe('raterPairKappas', () => {
  it("gives Cohen's closed form for each pair of raters, from the units both labelled", () => {
    // ann vs bob on 10 items: 4 win/win, 3 loss/loss, 1 tie/tie, 1 win/loss, 1 loss/tie.
    // p_o = 8/10; marginals ann (win 5, loss 4, tie 1), bob (win 4, loss 4, tie 2);
    // p_e = (5·4 + 4·4 + 1·2) / 100 = 0.38; kappa = (0.8 − 0.38) / 0.62.
    const pairs: Array<[OutcomeKind, OutcomeKind]> = [
      ['win', 'win'], ['win', 'win'], ['win', 'win'], ['win', 'win'], ['loss', 'loss'], ['loss', 'loss'], ['loss', 'loss'],
      ['tie', 'tie'], ['win', 'loss'], ['loss', 'tie'],
    ];
    // cyd labels the first 6 items like ann, except one; and 2 items alone (not shared with anyone).
    const rows: Array<Record<string, OutcomeKind>> = pairs.map(([ann, bob], i) => ({ ann, bob, ...(i < 6 ? { cyd: i === 0 ? 'loss' : ann } : {}) }));
    rows.push({ cyd: 'win' }, { cyd: 'tie' });
    const kappas = raterPairKappas(table(rows), 5);
    expect(kappas.map((k) => [k.a, k.b, k.n])).toEqual([['ann', 'bob', 10], ['ann', 'cyd', 6], ['bob', 'cyd', 6]]);
    expect(kappas[0].observed).toBeCloseTo(0.8, 12);
    expect(kappas[0].expected).toBeCloseTo(0.38, 12);
    expect(kappas[0].kappa).toBeCloseTo((0.8 - 0.38) / 0.62, 12);
    // ann vs cyd: agree 5 of 6; ann (win 4, loss 2), cyd (win 3, loss 3): p_e = (12 + 6) / 36 = 0.5.
    expect(kappas[1].kappa).toBeCloseTo((5 / 6 - 0.5) / 0.5, 12);
  });

  it('leaves out pairs with fewer shared units than asked, and raters who never met', () => {
    const rows: Array<Record<string, OutcomeKind>> = [
      { ann: 'win', bob: 'win' }, { ann: 'loss', bob: 'win' }, { ann: 'tie', bob: 'tie' },
      { cyd: 'win', dan: 'loss' }, { cyd: 'win', dan: 'win' },
    ];
    expect(raterPairKappas(table(rows), 3).map((k) => `${k.a}-${k.b}`)).toEqual(['ann-bob']);
    expect(raterPairKappas(table(rows), 2).map((k) => `${k.a}-${k.b}`)).toEqual(['ann-bob', 'cyd-dan']);
    expect(raterPairKappas(table(rows), 4)).toEqual([]);
  });
});
