import { describe, expect, it } from 'vitest';
import {
  agreement,
  cohenKappa,
  cohenPairs,
  fleissKappa,
  krippendorffAlphaNominal,
  leaveOneOutAgreement,
  pairwiseAgreement,
  ratedUnits,
  relaxedAgreement,
  type Label,
  type RatedUnit,
} from './agreement.ts';
import { vote } from '../../test/stats/makeOutcome.ts';

function unit(key: string, labels: Label[]): RatedUnit {
  return { key, labels: labels.map((label, i) => ({ rater: `r${i}`, label })) };
}

describe('ratedUnits', () => {
  it('groups by item and unordered pair, reading every label from the first system of the pair', () => {
    const units = ratedUnits([
      vote('A', 'B', 'win', { item: 'i1', rater: 'x' }),
      vote('B', 'A', 'loss', { item: 'i1', rater: 'y' }),
      vote('A', 'B', 'tie', { item: 'i2', rater: 'x' }),
      vote('A', 'C', 'win', { item: 'i1', rater: 'y' }),
    ]);
    expect(units).toEqual([
      { key: 'i1|A|B', labels: [{ rater: 'x', label: 'win' }, { rater: 'y', label: 'win' }] },
    ]);
  });
});

describe('pairwise and leave-one-out agreement', () => {
  const units = [unit('u1', ['win', 'win', 'win', 'loss']), unit('u2', ['tie', 'tie'])];

  it('pairwise: agreeing label pairs over all pairs within units', () => {
    // u1: 6 pairs, 3 agree (the three wins); u2: 1 pair, agrees.
    // Relaxed: the 3 win–loss pairs get no credit either, so it equals the exact figure here.
    expect(pairwiseAgreement(units)).toEqual({ agreement: 4 / 7, relaxed: 4 / 7, pairs: 7, units: 2 });
    expect(pairwiseAgreement([unit('u3', ['win', 'tie', 'win'])]).relaxed).toBeCloseTo((0.5 + 1 + 0.5) / 3, 12);
  });

  it('leave-one-out: each label against the mode of the others', () => {
    // u1: the three wins each meet a mode of win (3 hits), the loss meets win (miss); u2: 2 hits.
    const loo = leaveOneOutAgreement(units, 1);
    expect(loo.agreement).toBeCloseTo(5 / 6, 12);
    expect(loo.n).toBe(6);
    expect(loo.perRater.find((r) => r.rater === 'r3')).toEqual({ rater: 'r3', n: 1, agreement: 0 });
    expect(loo.perRater.find((r) => r.rater === 'r0')).toEqual({ rater: 'r0', n: 2, agreement: 1 });
  });

  it('leave-one-out breaks ties in the mode at random, reproducibly', () => {
    // [win, win, loss]: holding out a win leaves a win/loss tie (hit with chance 1/2), holding out the
    // loss leaves two wins (miss): expected agreement 1/3.
    const many = Array.from({ length: 3000 }, (_, i) => unit(`u${i}`, ['win', 'win', 'loss']));
    const first = leaveOneOutAgreement(many, 'a');
    expect(first.agreement).toBeGreaterThan(1 / 3 - 0.02);
    expect(first.agreement).toBeLessThan(1 / 3 + 0.02);
    expect(leaveOneOutAgreement(many, 'a')).toEqual(first);
    expect(leaveOneOutAgreement(many, 'b').agreement).not.toBe(first.agreement);
  });
});

describe("Cohen's kappa", () => {
  it('matches the textbook example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no gives 0.4', () => {
    // Wikipedia, "Cohen's kappa", worked example: p_o = 0.7, p_e = 0.5, kappa = 0.4.
    const pairs: Array<[string, string]> = [
      ...Array.from({ length: 20 }, (): [string, string] => ['yes', 'yes']),
      ...Array.from({ length: 5 }, (): [string, string] => ['yes', 'no']),
      ...Array.from({ length: 10 }, (): [string, string] => ['no', 'yes']),
      ...Array.from({ length: 15 }, (): [string, string] => ['no', 'no']),
    ];
    const k = cohenKappa(pairs);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
  });

  it('pairs two named raters, or the first two labels of each unit', () => {
    const units: RatedUnit[] = [
      { key: 'u1', labels: [{ rater: 'x', label: 'win' }, { rater: 'z', label: 'tie' }, { rater: 'y', label: 'loss' }] },
      { key: 'u2', labels: [{ rater: 'y', label: 'tie' }, { rater: 'z', label: 'tie' }] },
    ];
    expect(cohenPairs(units)).toEqual([['win', 'tie'], ['tie', 'tie']]);
    expect(cohenPairs(units, ['x', 'y'])).toEqual([['win', 'loss']]);
  });
});

describe('relaxedAgreement', () => {
  it('gives half credit for a tie against a winner, none for opposite winners', () => {
    // 1 + 0.5 + 0 + 0.5 + 0 (both-bad vs tie: both undecided but different labels) = 2 of 5.
    expect(
      relaxedAgreement([
        ['win', 'win'],
        ['tie', 'loss'],
        ['win', 'loss'],
        ['both-bad', 'win'],
        ['both-bad', 'tie'],
      ]),
    ).toBeCloseTo(2 / 5, 12);
  });
});

describe("Fleiss' kappa", () => {
  it("matches Fleiss (1971) as worked on Wikipedia: 10 subjects, 14 raters, 5 categories, kappa 0.210", () => {
    // Wikipedia, "Fleiss' kappa", worked example table: P̄ = 0.378, P̄e = 0.213, kappa = 0.210.
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const k = fleissKappa(table);
    expect(k.observed).toBeCloseTo(0.378, 3);
    expect(k.expected).toBeCloseTo(0.213, 3);
    expect(k.kappa).toBeCloseTo(0.21, 3);
  });

  it('is 1 for perfect agreement and matches the pair formula by hand', () => {
    expect(fleissKappa([[3, 0], [0, 3]]).kappa).toBe(1);
    // Rows [2,1] and [1,2]: P_i = 2/6 each; p = (1/2, 1/2): Pe = 1/2; kappa = (1/3 - 1/2) / (1/2) = -1/3.
    expect(fleissKappa([[2, 1], [1, 2]]).kappa).toBeCloseTo(-1 / 3, 12);
  });
});

describe("Krippendorff's alpha (nominal)", () => {
  it("matches Krippendorff's worked example with missing values: alpha = 0.743", () => {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
    // 12 units, nominal values 1..5, '.' missing; unit 12 has a single value and is not pairable.
    const observers = [
      '1 2 3 3 2 1 4 1 2 . . .',
      '1 2 3 3 2 2 4 1 2 5 . 3',
      '. 3 3 3 2 3 4 2 2 5 1 .',
      '1 2 3 3 2 4 4 1 2 5 1 .',
    ].map((row) => row.split(' ').map((v) => (v === '.' ? null : Number(v))));
    const units = observers[0].map((_, u) => observers.map((row) => row[u]));
    const alpha = krippendorffAlphaNominal(units);
    expect(alpha.n).toBe(40);
    expect(alpha.alpha).toBeCloseTo(0.743, 3);
  });

  it('by hand: two coders, two units that disagree and one that agrees', () => {
    // Values a,b | a,a | b,b: coincidences o_ab = o_ba = 1, o_aa = o_bb = 2; n = 6, n_a = n_b = 3.
    // D_o = 2/6, D_e = (2 * 3 * 3) / (6 * 5) = 0.6; alpha = 1 - (1/3) / 0.6 = 4/9.
    expect(krippendorffAlphaNominal([['a', 'b'], ['a', 'a'], ['b', 'b']]).alpha).toBeCloseTo(4 / 9, 12);
  });
});

describe('agreement over outcomes', () => {
  it('combines every statistic over units rated more than once', () => {
    const outcomes = [
      vote('A', 'B', 'win', { item: 'i1', rater: 'x' }),
      vote('B', 'A', 'loss', { item: 'i1', rater: 'y' }),
      vote('A', 'B', 'tie', { item: 'i2', rater: 'x' }),
      vote('A', 'B', 'loss', { item: 'i2', rater: 'y' }),
      vote('A', 'B', 'win', { item: 'i3', rater: 'x' }),
    ];
    const report = agreement(outcomes, { seed: 1 });
    expect(report).toMatchObject({ units: 2, labels: 4, raters: 2 });
    expect(report.pairwise.agreement).toBe(0.5);
    expect(report.leaveOneOut.agreement).toBe(0.5);
    // Pairs (win, win), (tie, loss): p_o = 1/2; marginals x: win 1/2, tie 1/2; y: win 1/2, loss 1/2: p_e = 1/4.
    expect(report.cohen.kappa).toBeCloseTo((0.5 - 0.25) / 0.75, 12);
    expect(JSON.stringify(agreement(outcomes, { seed: 1 }))).toBe(JSON.stringify(report));
  });
});
