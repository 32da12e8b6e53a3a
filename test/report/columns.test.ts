// The report's columnar outcomes give the same numbers as the Outcome-based statistics.
import { describe, expect, it } from 'vitest';
import type { Judgment } from '../../src/judgments/record.ts';
import { pairOutcomes } from '../../src/report/outcomeColumns.ts';
import { rngFor } from '../../src/stats/random/rng.ts';

const SYSTEMS = ['s0', 's1', 's2', 's3'];
const CHOICES: Judgment['choice'][] = ['left', 'right', 'tie', 'both-bad'];

interface Population {
  seed?: string;
  items?: readonly string[];
  systems?: readonly string[];
  raters?: number;
}

const ITEMS = Array.from({ length: 30 }, (_, i) => `item-${i}`);

function judgments(n: number, { seed = 'columns-test', items = ITEMS, systems = SYSTEMS, raters = 7 }: Population = {}): Judgment[] {
  const rng = rngFor(seed);
  const out: Judgment[] = [];
  for (let t = 0; t < n; t++) {
    const a = Math.floor(rng() * systems.length);
    const b = (a + 1 + Math.floor(rng() * (systems.length - 1))) % systems.length;
    const soft = rng() < 0.1 ? { score: Math.round(rng() * 8) / 8 } : {};
    out.push({
      v: 1, study: 's', task: `t${t}`, rater: `r${Math.floor(rng() * raters)}`, item: items[Math.floor(rng() * items.length)],
      left: systems[a], right: systems[b], choice: CHOICES[Math.floor(rng() * 4)], seconds: 10, ...soft,
    });
  }
  return out;
}

describe('outcome columns', () => {
  const pairs: Array<[string, string]> = [['s0', 's1'], ['s2', 's0'], ['s1', 's2'], ['s3', 's0'], ['s1', 's3'], ['s2', 's3']];
  const votes = judgments(3000);
  const { columns } = pairOutcomes(votes, pairs);

  it('numbers items and raters in name order', () => {
    expect(columns.itemNames).toEqual([...columns.itemNames].sort());
    expect(columns.readOrder).toHaveLength(votes.length);
    votes.forEach((vote, t) => {
      const e = columns.readOrder[t];
      expect(columns.itemNames[columns.itemId[e]]).toBe(vote.item);
      expect(columns.raterNames[columns.raterId[e]]).toBe(vote.rater);
    });
  });
});
