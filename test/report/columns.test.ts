// The report's columnar outcomes give the same numbers as the Outcome-based statistics.
import { describe, expect, it } from 'vitest';
import type { Judgment } from '../../src/judgments/record.ts';
import { pairOutcomes } from '../../src/report/outcomeColumns.ts';
import { pairKey } from '../../src/report/orient.ts';
import { pairStatisticsOfSlot } from '../../src/report/pairColumns.ts';
import { promptTalliesOfSlot } from '../../src/report/promptTallies.ts';
import { influenceOfTallies, promptInfluence } from '../../src/stats/sensitivity.ts';
import { pairStatistics, type PairSettings } from '../../src/stats/pair.ts';
import { rngFor } from '../../src/stats/random/rng.ts';
import type { Outcome } from '../../src/outcomes/outcome.ts';

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

describe('pairStatisticsOfSlot', () => {
  const pairs: Array<[string, string]> = [['s0', 's1'], ['s2', 's0'], ['s1', 's2'], ['s3', 's0'], ['s1', 's3'], ['s2', 's3']];
  const votes = judgments(3000);
  const { byKey, columns } = pairOutcomes(votes, pairs);
  for (const cluster of ['prompt', 'rater', 'none'] as const) {
    for (const tiePolicy of ['half', 'exclude'] as const) {
      it(`equals pairStatistics (cluster ${cluster}, ties ${tiePolicy})`, () => {
        const settings: Partial<PairSettings> = { cluster, tiePolicy };
        pairs.forEach(([a, b], slot) => {
          const outcomes = byKey.get(pairKey(a, b)) ?? [];
          expect(outcomes.length).toBeGreaterThan(0);
          expect(pairStatisticsOfSlot(columns, slot, a, b, settings)).toEqual(pairStatistics(outcomes, a, b, settings));
        });
      });
    }
  }

  it('prompt tallies give the same influence report as promptInfluence', () => {
    pairs.forEach(([a, b], slot) => {
      const outcomes = byKey.get(pairKey(a, b)) ?? [];
      const { tallies, total } = promptTalliesOfSlot(columns, slot);
      for (const options of [{ maxDrop: 5, top: 4 }, { measure: 'relativeWinRate' as const }]) {
        expect(influenceOfTallies(tallies, total, a, b, options)).toEqual(promptInfluence(outcomes, a, b, options));
      }
    });
  });

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
