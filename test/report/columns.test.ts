// The report's columnar outcomes give the same numbers as the Outcome-based statistics.
import { describe, expect, it } from 'vitest';
import type { Judgment } from '../../src/judgments/record.ts';
import { pairOutcomes } from '../../src/report/outcomeColumns.ts';
import { pairKey } from '../../src/report/orient.ts';
import { pairStatisticsOfSlot } from '../../src/report/pairColumns.ts';
import { eloOfColumns } from '../../src/report/eloColumns.ts';
import { onlineElo } from '../../src/stats/elo.ts';
import { raterTalliesOfColumns } from '../../src/report/raterTallies.ts';
import { raterTallies } from '../../src/stats/raters.ts';
import { promptTalliesOfSlot } from '../../src/report/promptTallies.ts';
import { influenceOfTallies, promptInfluence } from '../../src/stats/sensitivity.ts';
import { pairStatistics, type PairSettings } from '../../src/stats/pair.ts';
import { rngFor } from '../../src/stats/random/rng.ts';
import { battleCellsOfColumns, clusterTableOfColumns, winMatrixOfColumns } from '../../src/report/battleColumns.ts';
import { winMatrix } from '../../src/stats/winMatrix.ts';
import { tabulateBattles, tabulateClusters } from '../../src/stats/battleCells.ts';
import { positionBiasOfColumns } from '../../src/report/positionBiasColumns.ts';
import { positionBiasSection } from '../../src/report/raters.ts';
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

  it('rater tallies equal raterTallies on the flattened outcomes', () => {
    const flat = pairs.flatMap(([a, b]) => byKey.get(pairKey(a, b)) ?? []);
    expect(raterTalliesOfColumns(columns)).toEqual(raterTallies(flat));
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

describe('win matrix, battle cells and position bias from columns', () => {
  // Both orientations, and a slot without outcomes (s4 is never judged) between the others.
  const pairs: Array<[string, string]> = [['s0', 's1'], ['s2', 's0'], ['s4', 's1'], ['s1', 's2'], ['s3', 's0'], ['s1', 's3'], ['s2', 's3']];
  const EMPTY = 2;
  const flatten = (byKey: ReadonlyMap<string, Outcome[]>) => [...byKey.values()].flat();
  const { byKey, columns } = pairOutcomes(judgments(3000), pairs);
  const flat = flatten(byKey);
  const isSoft = (score: number) => score !== 0 && score !== 0.5 && score !== 1;

  it('has the cases in its data: an empty slot, soft scores, every kind', () => {
    expect(columns.start[EMPTY]).toBe(columns.start[EMPTY + 1]);
    expect(flat.length).toBe(3000);
    expect(flat.filter((o) => isSoft(o.score)).length).toBeGreaterThan(100);
    expect(new Set(flat.map((o) => o.kind))).toEqual(new Set(['win', 'loss', 'tie', 'both-bad']));
  });

  it('winMatrixOfColumns equals winMatrix, float score sums included', () => {
    const matrix = winMatrixOfColumns(columns, pairs);
    expect(matrix).toStrictEqual(winMatrix(flat));
    // The empty slot names no system.
    expect(matrix.systems).toEqual(['s0', 's1', 's2', 's3']);
    expect(winMatrixOfColumns(columns, pairs, ['s9', 's4'])).toStrictEqual(winMatrix(flat, ['s9', 's4']));
  });

  it('battleCellsOfColumns equals tabulateBattles, soft-score cells included', () => {
    const cells = battleCellsOfColumns(columns, pairs);
    expect(cells).toStrictEqual(tabulateBattles(flat));
    expect(Array.from(cells.cellScore).filter(isSoft).length).toBeGreaterThan(10);
    // Systems without battles, one of them the empty slot's.
    const more = battleCellsOfColumns(columns, pairs, ['s9', 's4']);
    expect(more).toStrictEqual(tabulateBattles(flat, ['s9', 's4']));
    expect(more.systems).toEqual(['s0', 's1', 's2', 's3', 's4', 's9']);
  });

  it('sums scores in the same order as the objects when the order changes the sum', () => {
    // Sevenths are not binary fractions: their sums round, so only the same order gives the same bits.
    const votes = judgments(3000, { seed: 'sevenths' }).map((j, t) => (t % 3 === 0 ? { ...j, score: (t % 7) / 7 } : j));
    const own = pairOutcomes(votes, pairs);
    const all = flatten(own.byKey);
    const matrix = winMatrixOfColumns(own.columns, pairs);
    expect(matrix).toStrictEqual(winMatrix(all));
    const reversed = [...all].reverse().filter((o) => o.a === 's0' && o.b === 's1').reduce((sum, o) => sum + o.score, 0);
    expect(reversed).not.toBe(matrix.score[0][1]);
    expect(battleCellsOfColumns(own.columns, pairs)).toStrictEqual(tabulateBattles(all));
  });

  for (const by of ['prompt', 'rater'] as const) {
    it(`clusterTableOfColumns equals tabulateClusters (by ${by})`, () => {
      const cells = tabulateBattles(flat);
      const every = cells.cellCount;
      const some = Float64Array.from(cells.cellCount, (c, cell) => (cell % 3 === 1 ? 0 : c));
      for (const keep of [every, some]) {
        const table = clusterTableOfColumns(columns, battleCellsOfColumns(columns, pairs), by, keep);
        expect(table).toStrictEqual(tabulateClusters(flat, cells, by, keep));
      }
      const kept = clusterTableOfColumns(columns, cells, by, some);
      expect(kept.cell.length).toBeLessThan(clusterTableOfColumns(columns, cells, by, every).cell.length);
    });
  }

  it('a system against itself has no cell and no battle, as from the objects', () => {
    const votes = judgments(600, { seed: 'self' });
    for (let t = 0; t < votes.length; t += 7) votes[t] = { ...votes[t], left: 's1', right: 's1' };
    const slots: Array<[string, string]> = [['s1', 's1'], ...pairs];
    const own = pairOutcomes(votes, slots);
    const all = flatten(own.byKey);
    expect(own.columns.start[1]).toBeGreaterThan(0);
    expect(winMatrixOfColumns(own.columns, slots)).toStrictEqual(winMatrix(all));
    const cells = battleCellsOfColumns(own.columns, slots);
    expect(cells).toStrictEqual(tabulateBattles(all));
    expect(cells.outcomeCell[0]).toBe(-1);
    for (const by of ['prompt', 'rater'] as const) {
      expect(clusterTableOfColumns(own.columns, cells, by, cells.cellCount)).toStrictEqual(tabulateClusters(all, cells, by, cells.cellCount));
    }
    expect(positionBiasOfColumns(own.columns, slots, 0.95)).toStrictEqual(positionBiasSection(own.byKey, slots, pairKey, 0.95));
  });

  it('positionBiasOfColumns equals positionBiasSection (counterbalanced)', () => {
    for (const level of [0.95, 0.8]) {
      const bias = positionBiasOfColumns(columns, pairs, level);
      expect(bias).toStrictEqual(positionBiasSection(byKey, pairs, pairKey, level));
      expect(bias?.counterbalanced).toBe(true);
      expect(bias?.byPair[EMPTY]).toEqual({ a: 's4', b: 's1', n: 0, leftShare: null, leftShareCI: null });
    }
  });

  it('positionBiasOfColumns equals positionBiasSection when a pair is shown one way round', () => {
    // s0 always on the left against s1 (it is a in its slot); s2 always on the right against s0 (it is a).
    const votes = judgments(3000).map((j) => {
      if (j.left === 's1' && j.right === 's0') return { ...j, left: 's0', right: 's1' };
      if (j.left === 's2' && j.right === 's0') return { ...j, left: 's0', right: 's2' };
      return j;
    });
    const own = pairOutcomes(votes, pairs);
    const bias = positionBiasOfColumns(own.columns, pairs, 0.95);
    expect(bias).toStrictEqual(positionBiasSection(own.byKey, pairs, pairKey, 0.95));
    expect(bias?.counterbalanced).toBe(false);
  });

  it('positionBiasOfColumns is null, as positionBiasSection, without a decisive vote', () => {
    const votes = judgments(300).map((j) => ({ ...j, score: undefined, choice: j.choice === 'both-bad' ? j.choice : ('tie' as const) }));
    const own = pairOutcomes(votes, pairs);
    expect(positionBiasSection(own.byKey, pairs, pairKey, 0.95)).toBeNull();
    expect(positionBiasOfColumns(own.columns, pairs, 0.95)).toBeNull();
  });
});
