import { describe, expect, it } from 'vitest';
import { checkGuaranteeWithin, effectiveCheckRate, isCheckPosition } from './check-positions.ts';

const RATERS = 2_000;
// 40 positions are whole blocks at 0.1, 0.15, 0.2, 0.25 and 0.5; shorter prefixes end inside a block.
const POSITIONS = 40;

/** The 1-based positions that are checks for one rater, among 1..positions. */
function checksOf(seed: string | number, raterId: string, rate: number, positions = POSITIONS): number[] {
  const out: number[] = [];
  for (let p = 1; p <= positions; p++) if (isCheckPosition(seed, raterId, p, rate)) out.push(p);
  return out;
}

// Each call costs a seedrandom construction (~20 µs), so the schedules are computed once per (seed, rate, size).
const cache = new Map<string, number[][]>();
function schedules(seed: string | number, rate: number, raters = RATERS, positions = POSITIONS): number[][] {
  const key = `${seed}|${rate}|${raters}|${positions}`;
  let out = cache.get(key);
  if (!out) {
    out = Array.from({ length: raters }, (_, i) => checksOf(seed, `rater-${i}`, rate, positions));
    cache.set(key, out);
  }
  return out;
}

describe('isCheckPosition', () => {
  // The guarantee written out per rate: a rater who answers k tasks has had a check among them.
  const guarantee: Array<[rate: number, k: number]> = [
    [0.1, 10],
    [0.15, 6],
    [0.2, 5],
    [0.25, 4],
    [0.3, 3],
    [0.5, 2],
  ];

  it.each(guarantee)('rate %s: a check among positions 1..%s for every rater', (rate, k) => {
    expect(checkGuaranteeWithin(rate)).toBe(k);
    let misses = 0;
    for (const positions of schedules('study-seed', rate)) if (!positions.some((p) => p <= k)) misses++;
    expect(misses).toBe(0);
  });

  it.each([0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 0.35, 0.4, 0.45, 0.07])(
    'rate %s: never at position 1, never two in a row, one per block',
    (rate) => {
      // The rates of the guarantee table with all raters (cached); the others with fewer.
      const raters = guarantee.some(([r]) => r === rate) ? RATERS : 400;
      // Violations are collected and asserted once: an expect per position would dominate the run time.
      const longest = 2 * Math.ceil(1 / rate - 1e-9) - 1;
      const problems: string[] = [];
      schedules('study-seed', rate, raters).forEach((positions, r) => {
        if (positions[0] === 1) problems.push(`rater-${r}: check at position 1`);
        for (let i = 1; i < positions.length; i++) {
          const gap = positions[i] - positions[i - 1];
          if (gap < 2) problems.push(`rater-${r}: checks at ${positions[i - 1]} and ${positions[i]}`);
          // No gap longer than two blocks minus the skipped first position of the second.
          if (gap > longest) problems.push(`rater-${r}: gap ${gap} > ${longest}`);
        }
        // Blocks of floor or ceil(1/rate) positions, each with one check: in the first n positions
        // there are floor(n * rate) completed blocks, plus possibly the check of the open block.
        for (const n of [POSITIONS, 37, 20, 13]) {
          const count = positions.filter((p) => p <= n).length;
          const completed = Math.floor(n * rate + 1e-9);
          if (count < completed || count > completed + 1) problems.push(`rater-${r}: ${count} checks in ${n}`);
        }
      });
      expect(problems.slice(0, 5)).toEqual([]);
    },
  );

  it.each([0.1, 0.15, 0.2, 0.25, 0.5])('rate %s: the share of checks is the rate', (rate) => {
    const all = schedules('study-seed', rate);
    const shareOf = (n: number) => all.reduce((sum, ps) => sum + ps.filter((p) => p <= n).length, 0) / (RATERS * n);
    // Over whole blocks the share is the rate (1/7 would be 0.143 at 0.15, for instance).
    expect(Math.abs(shareOf(POSITIONS) - rate)).toBeLessThan(0.001);
    // Stopping inside a block can only lose that block's check: the share stays close.
    expect(Math.abs(shareOf(37) - rate)).toBeLessThan(0.015);
  });

  it('spreads checks over every allowed place in a block, about evenly', () => {
    // Rate 0.1: the first block is positions 1..10 and its check is at 2..10, nine places.
    const counts = new Map<number, number>();
    for (const positions of schedules('study-seed', 0.1)) counts.set(positions[0], (counts.get(positions[0]) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const expected = RATERS / 9;
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.25);
  });

  it('depends only on (seed, rater, position): same seed same schedule, another seed or rater another', () => {
    const a = schedules('seed-a', 0.2, 200);
    expect(Array.from({ length: 200 }, (_, i) => checksOf('seed-a', `rater-${i}`, 0.2))).toEqual(a);
    const b = schedules('seed-b', 0.2, 200);
    const differ = a.filter((positions, i) => positions.join() !== b[i].join()).length;
    expect(differ).toBeGreaterThan(190);
    // Raters of one study do not share one schedule.
    expect(new Set(a.map((positions) => positions.join())).size).toBeGreaterThan(150);
    // Asking out of order gives the same answers (no hidden state).
    for (let p = POSITIONS; p >= 1; p--) expect(isCheckPosition('seed-a', 'rater-3', p, 0.2)).toBe(a[3].includes(p));
  });

  it('rate 0 means no checks; above 0.5 it is clamped to every second position', () => {
    expect(schedules(1, 0, 50)).toEqual(Array.from({ length: 50 }, () => []));
    expect(checkGuaranteeWithin(0)).toBe(Infinity);
    const even = Array.from({ length: POSITIONS }, (_, i) => i + 1).filter((p) => p % 2 === 0);
    for (const rate of [0.5, 0.75, 1]) {
      expect(effectiveCheckRate(rate)).toBe(0.5);
      for (const positions of schedules(1, rate, 20)) expect(positions).toEqual(even);
    }
    expect(isCheckPosition(1, 'r', 0, 1)).toBe(false);
    expect(isCheckPosition(1, 'r', 2.5, 1)).toBe(false);
  });
});
