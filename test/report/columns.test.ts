// The report's columnar outcomes give the same numbers as the Outcome-based statistics.
import { describe, expect, it } from 'vitest';
import type { Judgment } from '../../src/judgments/record.ts';
import { pairOutcomes } from '../../src/report/model.ts';
import { pairKey } from '../../src/report/orient.ts';
import { pairStatisticsOfSlot } from '../../src/report/pairColumns.ts';
import { eloOfColumns } from '../../src/report/eloColumns.ts';
import { onlineElo } from '../../src/stats/elo.ts';
import { raterTalliesOfColumns } from '../../src/report/raterTallies.ts';
import { raterTallies } from '../../src/stats/raters.ts';
import { promptTalliesOfSlot } from '../../src/report/promptTallies.ts';
import { influenceOfTallies, promptInfluence } from '../../src/stats/sensitivity.ts';
import { pairStatistics, type PairSettings } from '../../src/stats/pair.ts';
import { rngFor } from '../../src/stats/random.ts';

const SYSTEMS = ['s0', 's1', 's2', 's3'];
const CHOICES: Judgment['choice'][] = ['left', 'right', 'tie', 'both-bad'];

function judgments(n: number): Judgment[] {
  const rng = rngFor('columns-test');
  const out: Judgment[] = [];
  for (let t = 0; t < n; t++) {
    const a = Math.floor(rng() * SYSTEMS.length);
    const b = (a + 1 + Math.floor(rng() * (SYSTEMS.length - 1))) % SYSTEMS.length;
    const soft = rng() < 0.1 ? { score: Math.round(rng() * 8) / 8 } : {};
    out.push({
      v: 1, study: 's', task: `t${t}`, rater: `r${Math.floor(rng() * 7)}`, item: `item-${Math.floor(rng() * 30)}`,
      left: SYSTEMS[a], right: SYSTEMS[b], choice: CHOICES[Math.floor(rng() * 4)], seconds: 10, ...soft,
    });
  }
  return out;
}

describe('pairStatisticsOfSlot', () => {
  const pairs: Array<[string, string]> = [['s0', 's1'], ['s2', 's0'], ['s1', 's2'], ['s3', 's0'], ['s1', 's3'], ['s2', 's3']];
  const { byKey, columns } = pairOutcomes(judgments(3000), pairs);
  for (const cluster of ['prompt', 'rater', 'none'] as const) {
    for (const tiePolicy of ['half', 'exclude'] as const) {
      it(`equals pairStatistics (cluster ${cluster}, ties ${tiePolicy})`, () => {
        const settings: Partial<PairSettings> = { cluster, tiePolicy };
        pairs.forEach(([a, b], slot) => {
          const outcomes = byKey.get(pairKey(a, b)) ?? [];
          expect(outcomes.length).toBeGreaterThan(0);
          expect(pairStatisticsOfSlot(columns, slot, outcomes, a, b, settings)).toEqual(pairStatistics(outcomes, a, b, settings));
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

  it('rater tallies equal raterTallies on the flattened outcomes', () => {
    const flat = pairs.flatMap(([a, b]) => byKey.get(pairKey(a, b)) ?? []);
    expect(raterTalliesOfColumns(columns)).toEqual(raterTallies(flat));
  });

  it('numbers items and raters in name order', () => {
    expect(columns.itemNames).toEqual([...columns.itemNames].sort());
    for (let e = 0; e < columns.item.length; e++) {
      expect(columns.itemNames[columns.itemId[e]]).toBe(columns.item[e]);
      expect(columns.raterNames[columns.raterId[e]]).toBe(columns.rater[e]);
    }
  });
});

describe('eloOfColumns', () => {
  const pairs: Array<[string, string]> = [['s0', 's1'], ['s2', 's0'], ['s1', 's2'], ['s3', 's0'], ['s1', 's3'], ['s2', 's3']];
  const at = (ms: number) => new Date(Date.UTC(2024, 0, 1) + ms).toISOString();
  const cases: Array<[string, (t: number) => string | undefined]> = [
    ['times increasing in read order', (t) => at(1000 * t)],
    ['times out of order, some equal', (t) => at(1000 * ((t * 7919) % 500))],
    ['some times unknown', (t) => (t % 5 === 0 ? undefined : at(1000 * t))],
    ['no times', () => undefined],
  ];
  for (const [name, time] of cases) {
    it(`equals onlineElo on the flattened outcomes (${name})`, () => {
      const votes = judgments(2000).map((j, t) => ({ ...j, answeredAt: time(t) }));
      const { byKey, columns } = pairOutcomes(votes, pairs);
      const flat = pairs.flatMap(([a, b]) => byKey.get(pairKey(a, b)) ?? []);
      expect(eloOfColumns(columns, pairs)).toEqual(onlineElo(flat));
    });
  }
});
