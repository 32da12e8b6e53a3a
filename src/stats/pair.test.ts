import { describe, expect, it } from 'vitest';
import { tableOf } from '../outcomes/fromOutcomes.ts';
import type { Outcome, OutcomeKind } from '../outcomes/outcome.ts';
import { bootstrapPair, pairBootstraps, pairStatistics, summarizePair, summarizeStatistics } from './pair.ts';
import { rngFor } from './random/rng.ts';

function vote(kind: OutcomeKind, item: string, rater = 'r1', score?: number): Outcome {
  const s = score ?? (kind === 'win' ? 1 : kind === 'loss' ? 0 : 0.5);
  return { a: 'A', b: 'B', score: s, kind, item, rater };
}

/** The table of hand-written A vs B outcomes: slot 0 is (A, B). */
const tableAB = (outcomes: readonly Outcome[]) => tableOf(outcomes, [['A', 'B']]);

// 3 wins, 1 loss, 1 tie, 1 both-bad on three prompts.
const small: Outcome[] = [
  vote('win', 'p1'),
  vote('win', 'p1'),
  vote('loss', 'p2'),
  vote('tie', 'p2'),
  vote('win', 'p3'),
  vote('both-bad', 'p3'),
];

describe('summarizePair: closed forms on a hand-computed case', () => {
  const s = summarizePair(tableAB(small), 0, { seed: 1, resamples: 2000 });

  it('counts each kind', () => {
    expect([s.a, s.b, s.n, s.wins, s.losses, s.ties, s.bothBad]).toEqual(['A', 'B', 6, 3, 1, 1, 1]);
  });

  it('has win rate (3 + ½ + ½) / 6 and standard error sd/√n = √(1/6)/√6 = 1/6', () => {
    // scores 1,1,0,½,1,½: mean 2/3; squared deviations 3·(1/9) + 4/9 + 2·(1/36) = 5/6; var = (5/6)/5.
    expect(s.winRate).toBeCloseTo(2 / 3, 15);
    expect(s.standardError).toBeCloseTo(1 / 6, 15);
  });

  it('has relative win rate 3 / (3 + 1), the sign-test p 2·(1 + 4)/16 and Wilson on 2/3 of 6', () => {
    expect(s.relativeWinRate).toBe(0.75);
    expect(s.pValue).toBeCloseTo(10 / 16, 14);
    expect(s.wilsonCI[0]).toBeCloseTo(0.2999933151383921, 12);
    expect(s.wilsonCI[1]).toBeCloseTo(0.9032285888942196, 12);
  });

  it('keeps intervals around their estimates, inside [0, 1]', () => {
    for (const [ci, x] of [
      [s.winRateCI, s.winRate],
      [s.relativeWinRateCI, s.relativeWinRate],
    ] as const) {
      expect(ci[0]).toBeLessThanOrEqual(x);
      expect(ci[1]).toBeGreaterThanOrEqual(x);
      expect(ci[0]).toBeGreaterThanOrEqual(0);
      expect(ci[1]).toBeLessThanOrEqual(1);
    }
  });

  it("with tiePolicy 'exclude' uses decisive votes only: win rate 3/4, SE sd([1,1,1,0])/2 = 1/4", () => {
    const x = summarizePair(tableAB(small), 0, { tiePolicy: 'exclude', resamples: 100 });
    expect(x.winRate).toBe(0.75);
    expect(x.standardError).toBeCloseTo(0.25, 15);
    expect(x.n).toBe(6);
  });

  it('over a mask counts only the outcomes it includes: p1 and p2 give (2 + ½) / 4', () => {
    const table = tableAB(small);
    const mask = Uint8Array.from(small, (o) => (o.item === 'p3' ? 0 : 1));
    const m = summarizePair(table, 0, { resamples: 100 }, mask);
    expect([m.n, m.wins, m.losses, m.ties, m.bothBad]).toEqual([4, 2, 1, 1, 0]);
    expect(m.winRate).toBe(2.5 / 4);
    // Scores 1, 1, 0, ½ around 5/8: squared deviations 2·(9/64) + 25/64 + 1/64 = 44/64, var (44/64)/3.
    expect(m.standardError).toBeCloseTo(Math.sqrt(44 / 64 / 3) / 2, 15);
    // Two clusters (p1, p2) by prompt, four single votes (three summaries) without clusters.
    expect(pairStatistics(table, 0, { cluster: 'prompt' }, mask).groups.clusters).toBe(2);
    expect(pairStatistics(table, 0, { cluster: 'none' }, mask).groups.clusters).toBe(4);
    // An empty mask is an empty pair.
    expect(summarizePair(table, 0, { resamples: 100 }, new Uint8Array(small.length)).n).toBe(0);
  });
});

describe('pairStatistics: the grouped clusters the bootstrap resamples', () => {
  // Soft scores: 0.75 counts as a win, 0.25 as a loss; tie and both-bad share a summary under 'half'.
  const votes: Outcome[] = [
    vote('win', 'p1', 'r1'),
    vote('win', 'p1', 'r2', 0.75),
    vote('win', 'p2', 'r1'),
    vote('loss', 'p2', 'r1', 0.25),
    vote('tie', 'p3', 'r2'),
    vote('both-bad', 'p3', 'r2'),
    vote('win', 'p4', 'r2'),
  ];
  const groupsOf = (cluster: 'none' | 'prompt' | 'rater', tiePolicy: 'half' | 'exclude') => {
    const g = pairStatistics(tableAB(votes), 0, { cluster, tiePolicy }).groups;
    return Array.from(g.multiplicity, (m, i) => [m, g.count[i], g.sum[i], g.wins[i], g.losses[i]]);
  };

  it('single votes: one group per summary, most frequent first, then by (count, sum, wins, losses)', () => {
    // [multiplicity, count, sum, wins, losses]
    expect(groupsOf('none', 'half')).toEqual([
      [3, 1, 1, 1, 0],
      [2, 1, 0.5, 0, 0], // the tie and the both-bad vote
      [1, 1, 0.25, 0, 1],
      [1, 1, 0.75, 1, 0],
    ]);
    expect(groupsOf('none', 'exclude')).toEqual([
      [3, 1, 1, 1, 0],
      [2, 0, 0, 0, 0],
      [1, 1, 0.25, 0, 1],
      [1, 1, 0.75, 1, 0],
    ]);
  });

  it('prompts and raters: one summary per cluster, equal summaries grouped', () => {
    // p1 {2, 1.75, 2, 0}, p2 {2, 1.25, 1, 1}, p3 {2, 1, 0, 0}, p4 {1, 1, 1, 0}.
    expect(groupsOf('prompt', 'half')).toEqual([
      [1, 1, 1, 1, 0],
      [1, 2, 1, 0, 0],
      [1, 2, 1.25, 1, 1],
      [1, 2, 1.75, 2, 0],
    ]);
    // p3 counts nothing when ties are excluded.
    expect(groupsOf('prompt', 'exclude')).toEqual([
      [1, 0, 0, 0, 0],
      [1, 1, 1, 1, 0],
      [1, 2, 1.25, 1, 1],
      [1, 2, 1.75, 2, 0],
    ]);
    // r1: 1, 1, 0.25 (count 3, sum 2.25, wins 2, losses 1); r2: 0.75, ½, ½, 1.
    expect(groupsOf('rater', 'half')).toEqual([
      [1, 3, 2.25, 2, 1],
      [1, 4, 2.75, 2, 0],
    ]);
  });

  it('does not depend on the order of the votes', () => {
    const rng = rngFor('grouping-order');
    const many: Outcome[] = Array.from({ length: 300 }, (_, i) => {
      const u = rng();
      const kind = u < 0.45 ? 'win' : u < 0.85 ? 'loss' : u < 0.95 ? 'tie' : 'both-bad';
      // 0.75: a soft score that sums exactly in binary, so any order gives the same sums.
      return vote(kind, `p${i % 40}`, `r${i % 7}`, kind === 'win' && i % 3 === 0 ? 0.75 : undefined);
    });
    for (const cluster of ['none', 'prompt', 'rater'] as const) {
      const forward = pairStatistics(tableAB(many), 0, { cluster });
      const backward = pairStatistics(tableAB([...many].reverse()), 0, { cluster });
      expect(backward.groups).toEqual(forward.groups);
      expect(forward.groups.clusters).toBe(cluster === 'none' ? 300 : cluster === 'prompt' ? 40 : 7);
    }
  });
});

describe('summarizePair: inputs', () => {
  it('reads outcomes recorded from (B, A) turned around by the table, and no other pair', () => {
    const mixed: Outcome[] = [
      vote('win', 'p1'),
      { a: 'B', b: 'A', score: 0, kind: 'loss', item: 'p2', rater: 'r' }, // A wins
      { a: 'B', b: 'A', score: 0.8, kind: 'win', item: 'p3', rater: 'r' }, // soft: A scores 0.2
      { a: 'A', b: 'C', score: 1, kind: 'win', item: 'p1', rater: 'r' },
    ];
    const s = summarizePair(tableAB(mixed), 0, { resamples: 100 });
    expect([s.n, s.wins, s.losses]).toEqual([3, 2, 1]);
    expect(s.winRate).toBeCloseTo((1 + 1 + 0.2) / 3, 15);
  });

  it('reports an empty pair as undefined rates with p = 1', () => {
    const s = summarizePair(tableAB([]), 0, { resamples: 100 });
    expect(s.n).toBe(0);
    expect(s.winRate).toBeNaN();
    expect(s.relativeWinRate).toBeNaN();
    expect(s.winRateCI.every(Number.isNaN)).toBe(true);
    expect(s.pValue).toBe(1);
  });

  it('gives no bootstrap interval from a single cluster, whose resamples are all itself', () => {
    const onePrompt = [vote('win', 'p1'), vote('win', 'p1'), vote('loss', 'p1')];
    const byPrompt = summarizePair(tableAB(onePrompt), 0, { resamples: 200 });
    expect(byPrompt.winRate).toBeCloseTo(2 / 3, 15);
    expect(byPrompt.winRateCI.every(Number.isNaN)).toBe(true);
    expect(byPrompt.relativeWinRateCI.every(Number.isNaN)).toBe(true);
    // The Wilson interval needs no resampling and stays.
    expect(byPrompt.wilsonCI[0]).toBeLessThan(2 / 3);
    // The same three votes resampled one by one are three clusters: an interval again.
    const byVote = summarizePair(tableAB(onePrompt), 0, { resamples: 200, cluster: 'none' });
    expect(byVote.winRateCI[0]).toBeLessThan(byVote.winRateCI[1]);
    const oneVote = summarizePair(tableAB([vote('win', 'p1')]), 0, { resamples: 200, cluster: 'none' });
    expect(oneVote.winRateCI.every(Number.isNaN)).toBe(true);
  });

  it('rejects impossible settings', () => {
    const table = tableAB(small);
    expect(() => summarizePair(table, 0, { resamples: -1 })).toThrow(RangeError);
    expect(() => summarizePair(table, 0, { level: 1.5 })).toThrow(RangeError);
    expect(() => summarizePair(table, 0, { cluster: 'item' as 'prompt' })).toThrow(/cluster/);
  });
});

describe('summarizePair: reproducibility', () => {
  const rng = rngFor('pair-repro');
  const outcomes: Outcome[] = Array.from({ length: 400 }, (_, i) => {
    const u = rng();
    return vote(u < 0.5 ? 'win' : u < 0.9 ? 'loss' : 'tie', `p${i % 37}`, `r${i % 5}`);
  });
  const table = tableAB(outcomes);

  it('gives byte-identical results for the same seed and different ones for another seed', () => {
    for (const cluster of ['none', 'prompt', 'rater'] as const) {
      for (const method of ['percentile', 'bca'] as const) {
        const settings = { seed: 'study-7', resamples: 1000, cluster, method };
        const first = JSON.stringify(summarizePair(table, 0, settings));
        expect(JSON.stringify(summarizePair(table, 0, settings))).toBe(first);
        expect(JSON.stringify(summarizePair(table, 0, { ...settings, seed: 'study-8' }))).not.toBe(first);
      }
    }
  });

  it('widens the interval when votes on a prompt agree with each other (clustering matters)', () => {
    // Each prompt decides all its 10 votes the same way.
    const clustered: Outcome[] = [];
    const r = rngFor('clustered');
    for (let p = 0; p < 50; p++) {
      const kind = r() < 0.6 ? 'win' : 'loss';
      for (let v = 0; v < 10; v++) clustered.push(vote(kind, `p${p}`));
    }
    const width = (ci: [number, number]): number => ci[1] - ci[0];
    const iid = summarizePair(tableAB(clustered), 0, { cluster: 'none', resamples: 2000 });
    const byPrompt = summarizePair(tableAB(clustered), 0, { cluster: 'prompt', resamples: 2000 });
    // Design effect 1 + (10 - 1)·1 = 10: the width grows by about √10.
    expect(width(byPrompt.winRateCI) / width(iid.winRateCI)).toBeGreaterThan(2.5);
    expect(width(byPrompt.winRateCI) / width(iid.winRateCI)).toBeLessThan(4);
  });

  it('gives both methods from one set of resamples', () => {
    const stats = pairStatistics(table, 0, { cluster: 'prompt' });
    const boot = bootstrapPair(stats, { resamples: 1000, seed: 3 });
    expect(boot.winRate.replicates).toBe(1000);
    expect(boot.winRate.bca[0]).not.toBe(boot.winRate.percentile[0]);
    const pct = summarizePair(table, 0, { cluster: 'prompt', resamples: 1000, seed: 3, method: 'percentile' });
    const bca = summarizePair(table, 0, { cluster: 'prompt', resamples: 1000, seed: 3, method: 'bca' });
    expect(pct.winRateCI).toEqual(boot.winRate.percentile);
    expect(bca.winRateCI).toEqual(boot.winRate.bca);
  });

  it('summarizes the same from a bootstrap computed beforehand (as a report gets it from its worker)', () => {
    for (const method of ['percentile', 'bca'] as const) {
      const settings = { cluster: 'prompt', resamples: 500, seed: 4, method } as const;
      const stats = pairStatistics(table, 0, settings);
      const [boot] = pairBootstraps([{ stats, settings }]);
      expect(boot).toStrictEqual(bootstrapPair(stats, settings));
      expect(summarizeStatistics(stats, settings, boot)).toStrictEqual(summarizeStatistics(stats, settings));
    }
  });
});
