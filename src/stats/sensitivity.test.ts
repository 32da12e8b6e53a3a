import { describe, expect, it } from 'vitest';
import { tableOf } from '../outcomes/fromOutcomes.ts';
import type { Outcome } from '../outcomes/outcome.ts';
import { vote, votes } from '../outcomes/testing.ts';
import { summarizePair } from './pair.ts';
import { promptInfluence, UNTAGGED, winRateByLength, winRatesByTag } from './sensitivity.ts';

const QUICK = { resamples: 200, seed: 1 };

/** The table of hand-written outcomes with one slot, the pair (a, b). */
const tableOfPair = (outcomes: readonly Outcome[], a = 'A', b = 'B') => tableOf(outcomes, [[a, b]]);

describe('winRatesByTag', () => {
  it('splits a vs b by tag, counting multi-tag items in each and turning (b, a) votes around', () => {
    const outcomes = [
      vote('A', 'B', 'win', { item: 'i1' }),
      vote('A', 'B', 'loss', { item: 'i2' }),
      vote('B', 'A', 'loss', { item: 'i2' }), // a win for A
      vote('A', 'B', 'tie', { item: 'i3' }),
      vote('A', 'C', 'win', { item: 'i1' }), // another pair: ignored
    ];
    const tags = { i1: ['math'], i2: ['math', 'code'] };
    const byTag = winRatesByTag(tableOfPair(outcomes), 0, tags, QUICK);
    expect(byTag.map((t) => [t.tag, t.n, t.wins, t.losses, t.ties, t.winRate])).toEqual([
      [UNTAGGED, 1, 0, 0, 1, 0.5],
      ['code', 2, 1, 1, 0, 0.5],
      ['math', 3, 2, 1, 0, 2 / 3],
    ]);
    expect(byTag[2].winRateCI[0]).toBeLessThanOrEqual(2 / 3);
    expect(winRatesByTag(tableOfPair(outcomes), 0, new Map(Object.entries(tags)), QUICK)).toEqual(byTag);
  });

  it('is the pair statistic over the tag\'s outcomes alone (interval included), a repeated tag counted once', () => {
    const outcomes = [
      ...votes(4, 'A', 'B', 'win', { item: 'i1' }),
      ...votes(3, 'A', 'B', 'loss', { item: 'i2' }),
      vote('A', 'B', 'both-bad', { item: 'i2' }),
      ...votes(5, 'A', 'B', 'loss', { item: 'i3' }),
    ];
    const tags = { i1: ['x', 'x'], i2: ['x', 'y'], i3: ['y'] };
    const [x, y] = winRatesByTag(tableOfPair(outcomes), 0, tags, QUICK);
    expect([x.tag, x.n, x.winRate, y.tag, y.n, y.winRate]).toEqual(['x', 8, 4.5 / 8, 'y', 9, 0.5 / 9]);
    const alone = summarizePair(tableOfPair(outcomes.filter((o) => o.item !== 'i3')), 0, QUICK);
    expect(x).toEqual({ tag: 'x', ...alone });
  });
});

describe('winRateByLength', () => {
  const lengths: Record<string, Record<string, number>> = {
    short: { A: 100, B: 300 }, // difference -200
    same: { A: 200, B: 200 }, // 0
    long: { A: 900, B: 300 }, // 600
  };
  const lengthOf = (item: string, system: string) => lengths[item]?.[system];
  const outcomes = [
    vote('A', 'B', 'loss', { item: 'short' }),
    vote('A', 'B', 'tie', { item: 'same' }),
    ...votes(3, 'A', 'B', 'win', { item: 'long' }),
    vote('A', 'B', 'win', { item: 'unknown' }),
  ];

  it('buckets length(a) − length(b) by the given edges, leaving out unknown lengths', () => {
    const result = winRateByLength(tableOfPair(outcomes), 0, lengthOf, { edges: [0, 100], settings: QUICK });
    expect(result.missing).toBe(1);
    expect(result.buckets.map((x) => [x.low, x.high, x.n, x.winRate])).toEqual([
      [-Infinity, 0, 1, 0],
      [0, 100, 1, 0.5],
      [100, Infinity, 3, 1],
    ]);
  });

  it('defaults to quintiles of the per-item differences', () => {
    // Per-item differences -200, 0, 600: quintiles at 0.2..0.8 → -120, -40, 120, 360.
    const result = winRateByLength(tableOfPair(outcomes), 0, lengthOf, { settings: QUICK });
    [-120, -40, 120, 360].forEach((edge, i) => expect(result.edges[i]).toBeCloseTo(edge, 9));
    expect(result.edges).toHaveLength(4);
    expect(result.buckets.map((x) => x.n)).toEqual([1, 1, 3]);
  });

  it('counts as missing an outcome whose item lacks either length, and buckets nothing without lengths', () => {
    const oneSided = (item: string, system: string) => (system === 'A' ? lengths[item]?.A : item === 'long' ? 300 : undefined);
    const result = winRateByLength(tableOfPair(outcomes), 0, oneSided, { settings: QUICK });
    expect(result.missing).toBe(3);
    expect(result.edges).toEqual([600]);
    expect(result.buckets.map((x) => [x.low, x.high, x.n, x.winRate])).toEqual([[600, Infinity, 3, 1]]);
    expect(winRateByLength(tableOfPair(outcomes), 0, () => undefined, { settings: QUICK })).toEqual({ edges: [], buckets: [], missing: 6 });
  });
});

describe('promptInfluence', () => {
  // p1: A wins 3; p2: A loses 1, ties 1; p3: A wins 1, loses 1. Overall 4.5 / 7.
  const outcomes = [
    ...votes(3, 'A', 'B', 'win', { item: 'p1' }),
    vote('A', 'B', 'loss', { item: 'p2' }),
    vote('A', 'B', 'tie', { item: 'p2' }),
    vote('A', 'B', 'win', { item: 'p3' }),
    vote('B', 'A', 'win', { item: 'p3' }),
  ];

  it('leaves each prompt out, sorted by how much that moves the win rate', () => {
    const report = promptInfluence(tableOfPair(outcomes), 0);
    expect(report.winRate).toBeCloseTo(4.5 / 7, 12);
    expect(report.relativeWinRate).toBeCloseTo(4 / 6, 12);
    expect(report.prompts.map((p) => p.item)).toEqual(['p1', 'p2', 'p3']);
    const [p1, p2, p3] = report.prompts;
    expect(p1).toMatchObject({ n: 3, winRate: 1, relativeWinRate: 1, winRateWithout: 1.5 / 4, relativeWinRateWithout: 1 / 3 });
    expect(p1.winRateChange).toBeCloseTo(1.5 / 4 - 4.5 / 7, 12);
    expect(p2.winRateWithout).toBeCloseTo(4 / 5, 12);
    expect(p3.winRateWithout).toBeCloseTo(3.5 / 5, 12);
  });

  it('lists only the top prompts when asked, exactly the head of the full list (ties in item order)', () => {
    // 60 prompts whose moves repeat, so the cut falls among equal moves; one prompt with only ties.
    const many = Array.from({ length: 60 }, (_, i) => [
      ...votes(1 + (i % 4), 'A', 'B', i % 3 === 0 ? 'loss' : 'win', { item: `q${String(i).padStart(2, '0')}` }),
      vote('A', 'B', 'tie', { item: `q${String(i).padStart(2, '0')}` }),
    ]).flat();
    for (const measure of ['winRate', 'relativeWinRate'] as const) {
      const full = promptInfluence(tableOfPair(many), 0, { measure }).prompts;
      for (const top of [1, 5, 7, 20, 100]) {
        expect(promptInfluence(tableOfPair(many), 0, { measure, top }).prompts).toEqual(full.slice(0, top));
      }
    }
  });

  it('drops the most influential prompts greedily in each direction', () => {
    const report = promptInfluence(tableOfPair(outcomes), 0);
    // Down: drop p1 (→ 0.375), then of p2 / p3 drop p3 (p2 alone: 0.25). Up: p2 (→ 0.8), then p3 (→ 1).
    expect(report.dropCurve.down.map((s) => [s.k, s.dropped, s.winRate])).toEqual([
      [0, null, 4.5 / 7],
      [1, 'p1', 1.5 / 4],
      [2, 'p3', 0.25],
    ]);
    expect(report.dropCurve.up.map((s) => [s.dropped, s.winRate])).toEqual([
      [null, 4.5 / 7],
      ['p2', 0.8],
      ['p3', 1],
    ]);
  });

  it('shows a result that hinges on a few prompts (the OpenAssistant refusal case)', () => {
    // 220 ordinary prompts where a wins 40% of decisive votes, and 10 prompts where b refused and
    // a won all 3 votes: 47.2% overall, 40% without those 10.
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 220; i++) outcomes.push(vote('oasst', 'gpt', i % 5 < 2 ? 'win' : 'loss', { item: `q${String(i).padStart(3, '0')}` }));
    for (let i = 0; i < 10; i++) outcomes.push(...votes(3, 'oasst', 'gpt', 'win', { item: `refused${i}` }));
    const report = promptInfluence(tableOfPair(outcomes, 'oasst', 'gpt'), 0, { measure: 'relativeWinRate', maxDrop: 12 });
    expect(report.relativeWinRate).toBeCloseTo(0.472, 12);
    expect(report.prompts.slice(0, 10).every((p) => p.item.startsWith('refused'))).toBe(true);
    const down = report.dropCurve.down;
    expect(down).toHaveLength(13);
    expect(down.slice(1, 11).every((s) => s.dropped?.startsWith('refused'))).toBe(true);
    expect(down[10].relativeWinRate).toBeCloseTo(0.4, 12);
  });
});
