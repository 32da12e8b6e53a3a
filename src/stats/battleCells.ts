// Battles as sufficient statistics for Bradley–Terry: counts per (unordered pair, score) cell,
// and per cluster (prompt or rater) the cells it holds, for the clustered bootstrap.
import type { OutcomeTable } from '../outcomes/table.ts';
import type { ClusterBy } from './types.ts';
import { systemsOf } from './winMatrix.ts';

/** Battles tabulated into (pair, score) cells; pairs are unordered with i < j, scores are i's. */
export interface BattleCells {
  systems: string[];
  pairI: Int32Array;
  pairJ: Int32Array;
  cellPair: Int32Array;
  cellScore: Float64Array;
  cellCount: Float64Array;
  /** The cell of the outcome at every table position; -1 for a system against itself. */
  outcomeCell: Int32Array;
}

/**
 * Numbers unordered pairs (i < j) and their (pair, score) cells in order of first appearance and
 * counts the battles of each cell.
 */
class CellNumbering {
  private readonly pairOf: Int32Array;
  private readonly pairI: number[] = [];
  private readonly pairJ: number[] = [];
  // Hard scores 0, 0.5, 1 get three fixed cells per pair; soft scores get a cell per distinct value.
  private readonly hardCell: number[] = [];
  private readonly softCell: Array<Map<number, number>> = [];
  private readonly cellPair: number[] = [];
  private readonly cellScore: number[] = [];
  private readonly cellCount: number[] = [];

  constructor(private readonly systems: string[]) {
    this.pairOf = new Int32Array(systems.length * systems.length).fill(-1);
  }

  /** The pair of systems i < j (indices into `systems`). */
  pair(i: number, j: number): number {
    const k = this.systems.length;
    let pair = this.pairOf[i * k + j];
    if (pair < 0) {
      pair = this.pairI.length;
      this.pairOf[i * k + j] = pair;
      this.pairI.push(i);
      this.pairJ.push(j);
      this.hardCell.push(-1, -1, -1);
      this.softCell.push(new Map());
    }
    return pair;
  }

  /** Counts one battle of `pair` in which i scored `score`; returns its cell. */
  battle(pair: number, score: number): number {
    const hard = score === 0 ? 0 : score === 0.5 ? 1 : score === 1 ? 2 : -1;
    let cell: number;
    if (hard >= 0) {
      cell = this.hardCell[pair * 3 + hard];
      if (cell < 0) cell = this.hardCell[pair * 3 + hard] = this.newCell(pair, score);
    } else {
      cell = this.softCell[pair].get(score) ?? -1;
      if (cell < 0) this.softCell[pair].set(score, (cell = this.newCell(pair, score)));
    }
    this.cellCount[cell]++;
    return cell;
  }

  cells(outcomeCell: Int32Array): BattleCells {
    return {
      systems: this.systems,
      pairI: Int32Array.from(this.pairI),
      pairJ: Int32Array.from(this.pairJ),
      cellPair: Int32Array.from(this.cellPair),
      cellScore: Float64Array.from(this.cellScore),
      cellCount: Float64Array.from(this.cellCount),
      outcomeCell,
    };
  }

  private newCell(pair: number, score: number): number {
    this.cellPair.push(pair);
    this.cellScore.push(score);
    this.cellCount.push(0);
    return this.cellPair.length - 1;
  }
}

/**
 * The table's battles as cells, slot by slot: the systems come from the slot, so a battle is
 * counted by array indexing. Pairs and cells are numbered in order of first appearance.
 */
export function battleCells(table: OutcomeTable, systems: readonly string[] = []): BattleCells {
  const ids = systemsOf(table, systems);
  const index = new Map(ids.map((s, i) => [s, i]));
  const numbering = new CellNumbering(ids);
  const { start, score: scores } = table;
  const outcomeCell = new Int32Array(scores.length);
  table.pairs.forEach(([a, b], slot) => {
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

/** Per pair: battles and i's total score, summed over cells weighted by `counts`. */
export function pairTotals(cells: Pick<BattleCells, 'cellPair' | 'cellScore'>, counts: ArrayLike<number>, n: Float64Array, w: Float64Array): void {
  n.fill(0);
  w.fill(0);
  for (let c = 0; c < cells.cellPair.length; c++) {
    const p = cells.cellPair[c];
    n[p] += counts[c];
    w[p] += counts[c] * cells.cellScore[c];
  }
}

/**
 * Whole clusters (prompts or raters) as the cells of their battles, in groups of identical clusters:
 * group g holds the cells of one cluster (start[g] up to start[g + 1]) and how many clusters hold
 * exactly those (multiplicity[g]). A bootstrap round then draws how often each group is picked
 * (a multinomial over the groups) instead of picking every cluster one by one: a million prompts of
 * one battle each (an arena log) are a few hundred groups, one per cell. Cell indices fit 16 bits
 * in practice, so the table stays small enough to stay in cache across bootstrap rounds.
 */
export interface ClusterTable {
  start: Int32Array;
  cell: Uint16Array | Int32Array;
  multiplicity: Int32Array;
}

/**
 * The clusters of the battles in `cells` (from battleCells of the same table), grouped; groups in
 * the order their first cluster appears in the table, a group's cells in ascending order. Only
 * cells with a non-zero `keep` entry are tabulated.
 */
export function clusterTable(table: OutcomeTable, cells: BattleCells, by: Exclude<ClusterBy, 'none'>, keep: Float64Array): ClusterTable {
  const ids = by === 'prompt' ? table.itemId : table.raterId;
  const names = by === 'prompt' ? table.itemNames.length : table.raterNames.length;
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
  // Counting sort by cluster, then each cluster's cells in ascending order: identical clusters then
  // read the same, whatever the order of their battles (a round only adds whole-number counts).
  const numClusters = sizes.length;
  const start = new Int32Array(numClusters + 1);
  for (let c = 0; c < numClusters; c++) start[c + 1] = start[c] + sizes[c];
  const next = start.slice(0, numClusters);
  const cell = new Int32Array(start[numClusters]);
  for (let e = 0; e < clusterOf.length; e++) {
    const c = clusterOf[e];
    if (c >= 0) cell[next[c]++] = outcomeCell[e];
  }
  for (let c = 0; c < numClusters; c++) if (sizes[c] > 1) cell.subarray(start[c], start[c + 1]).sort();
  return groupClusters(start, cell, cells.cellPair.length);
}

/** Identical clusters as one group with its multiplicity (one-battle clusters by their cell, others by their cells' list). */
function groupClusters(start: Int32Array, cell: Int32Array, numCells: number): ClusterTable {
  const numClusters = start.length - 1;
  const groupOfSingle = new Int32Array(numCells).fill(-1);
  const groupOfList = new Map<string, number>();
  const multiplicity: number[] = [];
  const first: number[] = [];
  for (let c = 0; c < numClusters; c++) {
    const size = start[c + 1] - start[c];
    let g: number;
    if (size === 1) {
      g = groupOfSingle[cell[start[c]]];
      if (g < 0) g = groupOfSingle[cell[start[c]]] = multiplicity.length;
    } else {
      const key = cell.subarray(start[c], start[c + 1]).join(',');
      g = groupOfList.get(key) ?? -1;
      if (g < 0) groupOfList.set(key, (g = multiplicity.length));
    }
    if (g === multiplicity.length) {
      multiplicity.push(0);
      first.push(c);
    }
    multiplicity[g]++;
  }
  const groups = multiplicity.length;
  const groupStart = new Int32Array(groups + 1);
  for (let g = 0; g < groups; g++) groupStart[g + 1] = groupStart[g] + (start[first[g] + 1] - start[first[g]]);
  const groupCell = numCells <= 0xffff ? new Uint16Array(groupStart[groups]) : new Int32Array(groupStart[groups]);
  for (let g = 0; g < groups; g++) groupCell.set(cell.subarray(start[first[g]], start[first[g] + 1]), groupStart[g]);
  return { start: groupStart, cell: groupCell, multiplicity: Int32Array.from(multiplicity) };
}
