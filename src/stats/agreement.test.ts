import { describe, expect, it } from 'vitest';
import { tableOf } from '../outcomes/fromOutcomes.ts';
import type { Outcome, OutcomeKind } from '../outcomes/outcome.ts';
import {
  agreement,
  cohenKappa,
  fleissKappa,
  krippendorffAlpha,
  labelPairs,
  leaveOneOutAgreement,
  pairwiseAgreement,
} from './agreement.ts';
import { ratedUnits, unitLabels, type RatedUnits } from './agreementTable.ts';
import { rngFor } from './random/rng.ts';

const SCORE: Record<OutcomeKind, number> = { win: 1, loss: 0, tie: 0.5, 'both-bad': 0.5 };

function vote(a: string, b: string, kind: OutcomeKind, item: string, rater: string): Outcome {
  return { a, b, score: SCORE[kind], kind, item, rater };
}

/** One unit per list of labels (item `u<i>`, pair (A, B)), label j by rater `r<j>`. */
function unitsOf(...labels: OutcomeKind[][]): RatedUnits {
  return ratedUnits(tableOf(labels.flatMap((list, i) => list.map((kind, j) => vote('A', 'B', kind, `u${i}`, `r${j}`)))));
}

/** Units of other nominal codes (0 .. categories - 1), for published examples with more than four labels. */
function codedUnits(units: ReadonlyArray<ReadonlyArray<number | null>>, categories: number): RatedUnits {
  const start = [0];
  const code: number[] = [];
  const rater: number[] = [];
  for (const values of units) {
    const present = values.flatMap((v, r) => (v === null ? [] : [[v, r]]));
    if (present.length < 2) continue;
    for (const [v, r] of present) code.push(v), rater.push(r);
    start.push(code.length);
  }
  const raterNames = Array.from({ length: Math.max(0, ...units.map((u) => u.length)) }, (_, r) => `r${r}`);
  return { start: Int32Array.from(start), code: Uint8Array.from(code), rater: Int32Array.from(rater), raterNames, categories };
}

/** Units from a units × categories table of counts. */
function countedUnits(rows: ReadonlyArray<readonly number[]>): RatedUnits {
  return codedUnits(rows.map((row) => row.flatMap((count, c) => Array.from({ length: count }, () => c))), rows[0].length);
}

describe('pairwise and leave-one-out agreement', () => {
  const units = unitsOf(['win', 'win', 'win', 'loss'], ['tie', 'tie']);

  it('pairwise: agreeing label pairs over all pairs within units', () => {
    // u0: 6 pairs, 3 agree (the three wins); u1: 1 pair, agrees.
    // Relaxed: the 3 win–loss pairs get no credit either, so it equals the exact figure here.
    expect(pairwiseAgreement(units)).toEqual({ agreement: 4 / 7, relaxed: 4 / 7, pairs: 7, units: 2 });
    // win–tie 1/2, win–win 1, tie–win 1/2.
    expect(pairwiseAgreement(unitsOf(['win', 'tie', 'win'])).relaxed).toBeCloseTo((0.5 + 1 + 0.5) / 3, 12);
  });

  it('relaxed: half credit for a tie (or both-bad) against a winner, none for opposite winners', () => {
    // 1 + 0.5 + 0 + 0.5 + 0 (both-bad vs tie: both undecided but different labels) = 2 of 5.
    const pairs = unitsOf(['win', 'win'], ['tie', 'loss'], ['win', 'loss'], ['both-bad', 'win'], ['both-bad', 'tie']);
    expect(pairwiseAgreement(pairs)).toEqual({ agreement: 1 / 5, relaxed: 2 / 5, pairs: 5, units: 5 });
  });

  it('leave-one-out: each label against the mode of the others', () => {
    // u0: the three wins each meet a mode of win (3 hits), the loss meets win (miss); u1: 2 hits.
    const loo = leaveOneOutAgreement(units, 1);
    expect(loo.agreement).toBeCloseTo(5 / 6, 12);
    expect(loo).toMatchObject({ n: 6, units: 2 });
    expect(loo.perRater).toEqual([
      { rater: 'r0', n: 2, agreement: 1 },
      { rater: 'r1', n: 2, agreement: 1 },
      { rater: 'r2', n: 1, agreement: 1 },
      { rater: 'r3', n: 1, agreement: 0 },
    ]);
  });

  it('leave-one-out breaks a tie in the mode with one seeded draw among the tied labels, in code order', () => {
    // [win, win, loss]: holding out either win leaves win and loss tied: tied = [win, loss], and the
    // draw r picks win (a hit) when r < 1/2. Holding out the loss leaves two wins: a miss, no draw.
    for (const seed of [1, 2, 'a', 'b']) {
      const rng = rngFor(seed, 'leave-one-out-agreement');
      const hits = [rng(), rng()].filter((r) => Math.floor(r * 2) === 0).length;
      expect(leaveOneOutAgreement(unitsOf(['win', 'win', 'loss']), seed).agreement).toBe(hits / 3);
    }
  });

  it('leave-one-out ties are broken uniformly and reproducibly', () => {
    // Expected agreement 1/3: each win hits with chance 1/2, the loss never.
    const many = unitsOf(...Array.from({ length: 3000 }, (): OutcomeKind[] => ['win', 'win', 'loss']));
    const first = leaveOneOutAgreement(many, 'a');
    expect(first.agreement).toBeGreaterThan(1 / 3 - 0.02);
    expect(first.agreement).toBeLessThan(1 / 3 + 0.02);
    expect(leaveOneOutAgreement(many, 'a')).toEqual(first);
    expect(leaveOneOutAgreement(many, 'b').agreement).not.toBe(first.agreement);
  });
});

describe("Cohen's kappa", () => {
  it('matches the textbook example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no gives 0.4', () => {
    // Wikipedia, "Cohen's kappa", worked example: p_o = 0.7, p_e = 0.5, kappa = 0.4 (yes = win, no = loss).
    const counts: Array<[OutcomeKind, OutcomeKind, number]> = [['win', 'win', 20], ['win', 'loss', 5], ['loss', 'win', 10], ['loss', 'loss', 15]];
    const votes = counts.flatMap(([x, y, n], c) =>
      Array.from({ length: n }, (_, i) => [vote('A', 'B', x, `i${c}-${i}`, 'x'), vote('A', 'B', y, `i${c}-${i}`, 'y')]).flat(),
    );
    const k = cohenKappa(ratedUnits(tableOf(votes)));
    expect(k.n).toBe(50);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
  });

  it('compares the first two labels of each unit, or two named raters', () => {
    const units = ratedUnits(
      tableOf([
        vote('A', 'B', 'win', 'u1', 'x'),
        vote('A', 'B', 'tie', 'u1', 'z'),
        vote('B', 'A', 'win', 'u1', 'y'),
        vote('A', 'B', 'tie', 'u2', 'y'),
        vote('A', 'B', 'tie', 'u2', 'z'),
      ]),
    );
    expect(unitLabels(labelPairs(units))).toEqual([['win', 'tie'], ['tie', 'tie']]);
    const [x, y] = ['x', 'y'].map((name) => units.raterNames.indexOf(name));
    const named = labelPairs(units, [x, y]);
    expect(unitLabels(named)).toEqual([['win', 'loss']]);
    // One unit, opposite labels: p_o = 0, p_e = 0 (x only says win, y only loss): kappa 0.
    expect(cohenKappa(named)).toEqual({ kappa: 0, observed: 0, expected: 0, n: 1 });
    // First two: (win, tie), (tie, tie): p_o = 1/2; x: win 1/2, tie 1/2; y: tie 1: p_e = 1/2; kappa 0.
    expect(cohenKappa(units)).toEqual({ kappa: 0, observed: 0.5, expected: 0.5, n: 2 });
  });
});

describe("Fleiss' kappa", () => {
  it('matches Fleiss (1971) as worked on Wikipedia: 10 subjects, 14 raters, 5 categories, kappa 0.210', () => {
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
    const k = fleissKappa(countedUnits(table));
    expect(k.n).toBe(10);
    expect(k.observed).toBeCloseTo(0.378, 3);
    expect(k.expected).toBeCloseTo(0.213, 3);
    expect(k.kappa).toBeCloseTo(0.21, 3);
  });

  it('is 1 for perfect agreement and matches the pair formula by hand', () => {
    expect(fleissKappa(unitsOf(['win', 'win', 'win'], ['loss', 'loss', 'loss'])).kappa).toBe(1);
    // Rows [2,1] and [1,2]: P_i = 2/6 each; p = (1/2, 1/2): Pe = 1/2; kappa = (1/3 - 1/2) / (1/2) = -1/3.
    expect(fleissKappa(unitsOf(['win', 'win', 'loss'], ['win', 'loss', 'loss'])).kappa).toBeCloseTo(-1 / 3, 12);
    // Varying labels per unit: [win, win] P = 1, [win, tie, tie] P = 2/6; p = (3/5 win, 2/5 tie):
    // Pe = 13/25; P̄ = 2/3; kappa = (2/3 - 13/25) / (12/25) = 11/36.
    expect(fleissKappa(unitsOf(['win', 'win'], ['win', 'tie', 'tie'])).kappa).toBeCloseTo(11 / 36, 12);
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
    ].map((row) => row.split(' ').map((v) => (v === '.' ? null : Number(v) - 1)));
    const alpha = krippendorffAlpha(codedUnits(observers[0].map((_, u) => observers.map((row) => row[u])), 5));
    expect(alpha.n).toBe(40);
    expect(alpha.alpha).toBeCloseTo(0.743, 3);
  });

  it('by hand: two coders, two units that disagree and one that agrees', () => {
    // Values a,b | a,a | b,b: coincidences o_ab = o_ba = 1, o_aa = o_bb = 2; n = 6, n_a = n_b = 3.
    // D_o = 2/6, D_e = (2 * 3 * 3) / (6 * 5) = 0.6; alpha = 1 - (1/3) / 0.6 = 4/9.
    const alpha = krippendorffAlpha(unitsOf(['win', 'loss'], ['win', 'win'], ['loss', 'loss']));
    expect(alpha.n).toBe(6);
    expect(alpha.alpha).toBeCloseTo(4 / 9, 12);
  });

  it("with m labels on every unit, equals 1 - (1 - Fleiss' kappa)(n - 1)/n for n labels in all", () => {
    // D_o = 1 - P̄ and D_e = n(1 - P_e)/(n - 1), so alpha = 1 - (1 - P̄)(n - 1)/(n(1 - P_e)).
    const units = unitsOf(['win', 'win', 'tie'], ['loss', 'tie', 'tie'], ['win', 'win', 'win'], ['both-bad', 'loss', 'tie']);
    const n = 12;
    expect(krippendorffAlpha(units).alpha).toBeCloseTo(1 - ((1 - fleissKappa(units).kappa) * (n - 1)) / n, 12);
  });
});

describe('agreement', () => {
  it('combines every statistic over units rated more than once', () => {
    const outcomes = [
      vote('A', 'B', 'win', 'i1', 'x'),
      vote('B', 'A', 'loss', 'i1', 'y'),
      vote('A', 'B', 'tie', 'i2', 'x'),
      vote('A', 'B', 'loss', 'i2', 'y'),
      vote('A', 'B', 'win', 'i3', 'x'),
    ];
    const report = agreement(ratedUnits(tableOf(outcomes)), 1);
    expect(report).toMatchObject({ units: 2, labels: 4, raters: 2 });
    expect(report.pairwise.agreement).toBe(0.5);
    // i1: both hit; i2: tie vs loss, each misses the other's label.
    expect(report.leaveOneOut.agreement).toBe(0.5);
    // Pairs (win, win), (tie, loss): p_o = 1/2; marginals x: win 1/2, tie 1/2; y: win 1/2, loss 1/2: p_e = 1/4.
    expect(report.cohen.kappa).toBeCloseTo((0.5 - 0.25) / 0.75, 12);
    expect(JSON.stringify(agreement(ratedUnits(tableOf(outcomes)), 1))).toBe(JSON.stringify(report));
  });

  it('has nothing to measure without a unit rated twice', () => {
    const report = agreement(ratedUnits(tableOf([vote('A', 'B', 'win', 'i1', 'x'), vote('A', 'B', 'win', 'i2', 'x')])), 1);
    expect(report).toMatchObject({ units: 0, labels: 0, raters: 0 });
    expect(report.leaveOneOut).toEqual({ agreement: NaN, n: 0, units: 0, perRater: [] });
    for (const value of [report.pairwise.agreement, report.cohen.kappa, report.fleiss.kappa, report.krippendorff.alpha]) expect(value).toBeNaN();
  });
});
