// Battles as sufficient statistics for Bradley–Terry: counts per (unordered pair, score) cell,
// and per cluster (prompt or rater) the cells it holds, for the clustered bootstrap.
import type { Outcome } from '../outcomes/outcome.ts';
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
  /** The cell of every outcome (in input order); -1 for a system against itself. */
  outcomeCell: Int32Array;
}

/**
 * Numbers unordered pairs (i < j) and their (pair, score) cells in order of first appearance and
 * counts the battles of each cell: the one numbering every tabulation of battles shares.
 */
export class CellNumbering {
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

export function tabulateBattles(outcomes: readonly Outcome[], systems: readonly string[] = []): BattleCells {
  const ids = systemsOf(outcomes, systems);
  const index = new Map(ids.map((s, i) => [s, i]));
  const numbering = new CellNumbering(ids);
  const outcomeCell = new Int32Array(outcomes.length);
  let lastA: string | undefined;
  let lastB: string | undefined;
  let ia = -1;
  let ib = -1;
  for (let t = 0; t < outcomes.length; t++) {
    const o = outcomes[t];
    // Outcomes usually come grouped by pair: look names up only when they change.
    if (o.a !== lastA) ia = index.get((lastA = o.a)) as number;
    if (o.b !== lastB) ib = index.get((lastB = o.b)) as number;
    if (ia === ib) {
      outcomeCell[t] = -1;
      continue;
    }
    const pair = ia < ib ? numbering.pair(ia, ib) : numbering.pair(ib, ia);
    outcomeCell[t] = numbering.battle(pair, ia < ib ? o.score : 1 - o.score);
  }
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
 * Whole clusters (prompts or raters) as the cells of their battles, one entry per battle, cluster
 * by cluster (clusters numbered in order of first appearance). Cell indices fit 16 bits in practice,
 * so the table stays small enough to stay in cache across bootstrap rounds.
 */
export interface ClusterTable {
  start: Int32Array;
  cell: Uint16Array | Int32Array;
}

/** Only cells with a non-zero `keep` entry are tabulated. */
export function tabulateClusters(
  outcomes: readonly Outcome[],
  cells: BattleCells,
  by: Exclude<ClusterBy, 'none'>,
  keep: Float64Array,
): ClusterTable {
  const clusterIndex = new Map<string, number>();
  const clusterOf = new Int32Array(outcomes.length).fill(-1);
  const sizes: number[] = [];
  for (let t = 0; t < outcomes.length; t++) {
    const cell = cells.outcomeCell[t];
    if (cell < 0 || keep[cell] === 0) continue;
    const name = by === 'prompt' ? outcomes[t].item : outcomes[t].rater;
    let c = clusterIndex.get(name);
    if (c === undefined) {
      c = sizes.length;
      clusterIndex.set(name, c);
      sizes.push(0);
    }
    clusterOf[t] = c;
    sizes[c]++;
  }
  return clusterTableOf(clusterOf, sizes, cells);
}

/**
 * The table from the cluster of every outcome (-1 when left out) and the clusters' sizes, however
 * the clusters were found (by name here, by numeric id from the report's columns).
 */
export function clusterTableOf(clusterOf: Int32Array, sizes: readonly number[], cells: Pick<BattleCells, 'cellPair' | 'outcomeCell'>): ClusterTable {
  // Counting sort by cluster: the order of battles within a cluster does not matter, since a
  // round only adds whole-number counts.
  const numClusters = sizes.length;
  const start = new Int32Array(numClusters + 1);
  for (let c = 0; c < numClusters; c++) start[c + 1] = start[c] + sizes[c];
  const next = start.slice(0, numClusters);
  const cell = cells.cellPair.length <= 0xffff ? new Uint16Array(start[numClusters]) : new Int32Array(start[numClusters]);
  for (let t = 0; t < clusterOf.length; t++) {
    const c = clusterOf[t];
    if (c >= 0) cell[next[c]++] = cells.outcomeCell[t];
  }
  return { start, cell };
}

