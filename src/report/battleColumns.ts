// The win matrix and the Bradley–Terry battle cells from the report's outcome columns. Both only
// need, per outcome, a's score and kind; the systems come from the pair slot, so a million battles
// are counted by array indexing instead of first being built as Outcome objects. The results equal
// winMatrix / tabulateBattles / tabulateClusters on the outcomes in pair-slot order (the order
// pairOutcomes and the report list them), float sums included.
import { CellNumbering, clusterTableOf, type BattleCells, type ClusterTable } from '../stats/battleCells.ts';
import type { ClusterBy } from '../stats/types.ts';
import { emptyWinCounts, systemsOf, winMatrixOfCounts, type WinMatrix } from '../stats/winMatrix.ts';
import { KIND, type OutcomeColumns } from './columns.ts';

type Pairs = ReadonlyArray<readonly [string, string]>;

/** systemsOf the outcomes: only slots holding outcomes name their systems. */
function systemsOfColumns(columns: OutcomeColumns, pairs: Pairs, systems: readonly string[]): string[] {
  const met = pairs.filter((_, k) => columns.start[k + 1] > columns.start[k]).map(([a, b]) => ({ a, b }));
  return systemsOf(met, systems);
}

/** winMatrix(outcomes, systems) for the columns' outcomes. */
export function winMatrixOfColumns(columns: OutcomeColumns, pairs: Pairs, systems: readonly string[] = []): WinMatrix {
  const ids = systemsOfColumns(columns, pairs, systems);
  const index = new Map(ids.map((s, i) => [s, i]));
  const counts = emptyWinCounts(ids.length);
  const { battles, wins, ties, bothBad, score } = counts;
  const { start, kind, score: scores } = columns;
  const byKind = [0, 0, 0, 0];
  pairs.forEach(([a, b], k) => {
    const from = start[k];
    const to = start[k + 1];
    if (from === to) return;
    const i = index.get(a) as number;
    const j = index.get(b) as number;
    if (i === j) return; // as winMatrix: a system against itself says nothing about the ranking
    // Counts are whole numbers, added per slot; the score sums are floats, so they are added one
    // outcome at a time, onto what the cell holds, as winMatrix adds them.
    let ij = score[i][j];
    let ji = score[j][i];
    byKind.fill(0);
    for (let e = from; e < to; e++) {
      ij += scores[e];
      ji += 1 - scores[e];
      byKind[kind[e]]++;
    }
    score[i][j] = ij;
    score[j][i] = ji;
    battles[i][j] += to - from;
    battles[j][i] += to - from;
    wins[i][j] += byKind[KIND.win];
    wins[j][i] += byKind[KIND.loss];
    ties[i][j] += byKind[KIND.tie];
    ties[j][i] += byKind[KIND.tie];
    bothBad[i][j] += byKind[KIND.bothBad];
    bothBad[j][i] += byKind[KIND.bothBad];
  });
  return winMatrixOfCounts(ids, counts);
}

/**
 * tabulateBattles(outcomes, systems) for the columns' outcomes: pairs and cells numbered in order of
 * first appearance, outcomeCell[e] for the outcome at column position e.
 */
export function battleCellsOfColumns(columns: OutcomeColumns, pairs: Pairs, systems: readonly string[] = []): BattleCells {
  const ids = systemsOfColumns(columns, pairs, systems);
  const index = new Map(ids.map((s, i) => [s, i]));
  const numbering = new CellNumbering(ids);
  const { start, score: scores } = columns;
  const outcomeCell = new Int32Array(scores.length);
  pairs.forEach(([a, b], slot) => {
    const from = start[slot];
    const to = start[slot + 1];
    if (from === to) return;
    const ia = index.get(a) as number;
    const ib = index.get(b) as number;
    if (ia === ib) {
      outcomeCell.fill(-1, from, to);
      return;
    }
    // Scores are i's: a's as stored when a sorts first, else b's.
    const flip = ia > ib;
    const pair = flip ? numbering.pair(ib, ia) : numbering.pair(ia, ib);
    for (let e = from; e < to; e++) outcomeCell[e] = numbering.battle(pair, flip ? 1 - scores[e] : scores[e]);
  });
  return numbering.cells(outcomeCell);
}

/**
 * tabulateClusters(outcomes, cells, by, keep) for the columns' outcomes, `cells` from
 * battleCellsOfColumns. Item and rater ids stand one for one for their names, so clusters are
 * numbered in the same order of first appearance, found by id instead of in a Map of names.
 */
export function clusterTableOfColumns(
  columns: OutcomeColumns,
  cells: BattleCells,
  by: Exclude<ClusterBy, 'none'>,
  keep: Float64Array,
): ClusterTable {
  const ids = by === 'prompt' ? columns.itemId : columns.raterId;
  const names = by === 'prompt' ? columns.itemNames.length : columns.raterNames.length;
  const clusterOfId = new Int32Array(names).fill(-1);
  const { outcomeCell } = cells;
  const clusterOf = new Int32Array(outcomeCell.length).fill(-1);
  const sizes: number[] = [];
  for (let e = 0; e < outcomeCell.length; e++) {
    const cell = outcomeCell[e];
    if (cell < 0 || keep[cell] === 0) continue;
    let c = clusterOfId[ids[e]];
    if (c < 0) {
      c = clusterOfId[ids[e]] = sizes.length;
      sizes.push(0);
    }
    clusterOf[e] = c;
    sizes[c]++;
  }
  return clusterTableOf(clusterOf, sizes, cells);
}
