import { describe, expect, it } from 'vitest';
import type { Outcome, OutcomeKind } from '../outcomes/outcome.ts';
import { bootstrapPair, pairBootstraps, pairStatistics, summarizePair, summarizeStatistics } from './pair.ts';
import { rngFor } from './random/rng.ts';

function vote(kind: OutcomeKind, item: string, rater = 'r1', score?: number): Outcome {
  const s = score ?? (kind === 'win' ? 1 : kind === 'loss' ? 0 : 0.5);
  return { a: 'A', b: 'B', score: s, kind, item, rater };
}

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
  const s = summarizePair(small, 'A', 'B', { seed: 1, resamples: 2000 });

  it('counts each kind', () => {
    expect([s.n, s.wins, s.losses, s.ties, s.bothBad]).toEqual([6, 3, 1, 1, 1]);
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
    const x = summarizePair(small, 'A', 'B', { tiePolicy: 'exclude', resamples: 100 });
    expect(x.winRate).toBe(0.75);
    expect(x.standardError).toBeCloseTo(0.25, 15);
    expect(x.n).toBe(6);
  });
});

describe('summarizePair: inputs', () => {
  it('turns around outcomes recorded from (B, A) and ignores other pairs', () => {
    const mixed: Outcome[] = [
      vote('win', 'p1'),
      { a: 'B', b: 'A', score: 0, kind: 'loss', item: 'p2', rater: 'r' }, // A wins
      { a: 'B', b: 'A', score: 0.8, kind: 'win', item: 'p3', rater: 'r' }, // soft: A scores 0.2
      { a: 'A', b: 'C', score: 1, kind: 'win', item: 'p1', rater: 'r' },
    ];
    const s = summarizePair(mixed, 'A', 'B', { resamples: 100 });
    expect([s.n, s.wins, s.losses]).toEqual([3, 2, 1]);
    expect(s.winRate).toBeCloseTo((1 + 1 + 0.2) / 3, 15);
  });

  it('reports an empty pair as undefined rates with p = 1', () => {
    const s = summarizePair([], 'A', 'B', { resamples: 100 });
    expect(s.n).toBe(0);
    expect(s.winRate).toBeNaN();
    expect(s.relativeWinRate).toBeNaN();
    expect(s.winRateCI.every(Number.isNaN)).toBe(true);
    expect(s.pValue).toBe(1);
  });

  it('rejects impossible settings', () => {
    expect(() => summarizePair(small, 'A', 'B', { resamples: -1 })).toThrow(RangeError);
    expect(() => summarizePair(small, 'A', 'B', { level: 1.5 })).toThrow(RangeError);
    expect(() => summarizePair(small, 'A', 'B', { cluster: 'item' as 'prompt' })).toThrow(/cluster/);
  });
});

describe('summarizePair: reproducibility', () => {
  const rng = rngFor('pair-repro');
  const outcomes: Outcome[] = Array.from({ length: 400 }, (_, i) => {
    const u = rng();
    return vote(u < 0.5 ? 'win' : u < 0.9 ? 'loss' : 'tie', `p${i % 37}`, `r${i % 5}`);
  });

  it('gives byte-identical results for the same seed and different ones for another seed', () => {
    for (const cluster of ['none', 'prompt', 'rater'] as const) {
      for (const method of ['percentile', 'bca'] as const) {
        const settings = { seed: 'study-7', resamples: 1000, cluster, method };
        const first = JSON.stringify(summarizePair(outcomes, 'A', 'B', settings));
        expect(JSON.stringify(summarizePair(outcomes, 'A', 'B', settings))).toBe(first);
        expect(JSON.stringify(summarizePair(outcomes, 'A', 'B', { ...settings, seed: 'study-8' }))).not.toBe(first);
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
    const iid = summarizePair(clustered, 'A', 'B', { cluster: 'none', resamples: 2000 });
    const byPrompt = summarizePair(clustered, 'A', 'B', { cluster: 'prompt', resamples: 2000 });
    // Design effect 1 + (10 - 1)·1 = 10: the width grows by about √10.
    expect(width(byPrompt.winRateCI) / width(iid.winRateCI)).toBeGreaterThan(2.5);
    expect(width(byPrompt.winRateCI) / width(iid.winRateCI)).toBeLessThan(4);
  });

  it('gives both methods from one set of resamples', () => {
    const stats = pairStatistics(outcomes, 'A', 'B', { cluster: 'prompt' });
    const boot = bootstrapPair(stats, { resamples: 1000, seed: 3 });
    expect(boot.winRate.replicates).toBe(1000);
    expect(boot.winRate.bca[0]).not.toBe(boot.winRate.percentile[0]);
    const pct = summarizePair(outcomes, 'A', 'B', { cluster: 'prompt', resamples: 1000, seed: 3, method: 'percentile' });
    const bca = summarizePair(outcomes, 'A', 'B', { cluster: 'prompt', resamples: 1000, seed: 3, method: 'bca' });
    expect(pct.winRateCI).toEqual(boot.winRate.percentile);
    expect(bca.winRateCI).toEqual(boot.winRate.bca);
  });

  it('summarizes the same from a bootstrap computed beforehand (as a report gets it from its worker)', () => {
    for (const method of ['percentile', 'bca'] as const) {
      const settings = { cluster: 'prompt', resamples: 500, seed: 4, method } as const;
      const stats = pairStatistics(outcomes, 'A', 'B', settings);
      const [boot] = pairBootstraps([{ stats, settings }]);
      expect(boot).toStrictEqual(bootstrapPair(stats, settings));
      expect(summarizeStatistics(stats, settings, boot)).toStrictEqual(summarizeStatistics(stats, settings));
    }
  });
});
