// Battles as sufficient statistics for Bradley–Terry: counts per (unordered pair, score) cell,
// and per cluster (prompt or rater) the cells it holds, for the clustered bootstrap.
import type { Outcome } from './outcome.ts';
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

export function tabulateBattles(outcomes: readonly Outcome[], systems: readonly string[] = []): BattleCells {
  const ids = systemsOf(outcomes, systems);
  const k = ids.length;
  const index = new Map(ids.map((s, i) => [s, i]));
  const pairOf = new Int32Array(k * k).fill(-1);
  const pairI: number[] = [];
  const pairJ: number[] = [];
  // Hard scores 0, 0.5, 1 get three fixed cells per pair; soft scores get a cell per distinct value.
  const hardCell: number[] = [];
  const softCell = new Map<string, number>();
  const cellPair: number[] = [];
  const cellScore: number[] = [];
  const cellCount: number[] = [];
  const outcomeCell = new Int32Array(outcomes.length);

  for (let t = 0; t < outcomes.length; t++) {
    const o = outcomes[t];
    const ia = index.get(o.a) as number;
    const ib = index.get(o.b) as number;
    if (ia === ib) {
      outcomeCell[t] = -1;
      continue;
    }
    const i = ia < ib ? ia : ib;
    const j = ia < ib ? ib : ia;
    const score = ia < ib ? o.score : 1 - o.score;
    let pair = pairOf[i * k + j];
    if (pair < 0) {
      pair = pairI.length;
      pairOf[i * k + j] = pair;
      pairI.push(i);
      pairJ.push(j);
      hardCell.push(-1, -1, -1);
    }
    let cell: number;
    const slot = score === 0 ? 0 : score === 0.5 ? 1 : score === 1 ? 2 : -1;
    if (slot >= 0) {
      cell = hardCell[pair * 3 + slot];
      if (cell < 0) {
        cell = newCell(pair, score);
        hardCell[pair * 3 + slot] = cell;
      }
    } else {
      const key = `${pair}:${score}`;
      cell = softCell.get(key) ?? -1;
      if (cell < 0) {
        cell = newCell(pair, score);
        softCell.set(key, cell);
      }
    }
    cellCount[cell]++;
    outcomeCell[t] = cell;
  }
  return {
    systems: ids,
    pairI: Int32Array.from(pairI),
    pairJ: Int32Array.from(pairJ),
    cellPair: Int32Array.from(cellPair),
    cellScore: Float64Array.from(cellScore),
    cellCount: Float64Array.from(cellCount),
    outcomeCell,
  };

  function newCell(pair: number, score: number): number {
    cellPair.push(pair);
    cellScore.push(score);
    cellCount.push(0);
    return cellPair.length - 1;
  }
}

/** Per pair: battles and i's total score, summed over cells weighted by `counts`. */
export function pairTotals(cells: BattleCells, counts: ArrayLike<number>, n: Float64Array, w: Float64Array): void {
  n.fill(0);
  w.fill(0);
  for (let c = 0; c < cells.cellPair.length; c++) {
    const p = cells.cellPair[c];
    n[p] += counts[c];
    w[p] += counts[c] * cells.cellScore[c];
  }
}

/** Whole clusters (prompts or raters) as lists of (cell, count), for the clustered bootstrap. */
export interface ClusterTable {
  start: Int32Array;
  cell: Int32Array;
  count: Float64Array;
}

/** Only cells with a non-zero `keep` entry are tabulated. */
export function tabulateClusters(
  outcomes: readonly Outcome[],
  cells: BattleCells,
  by: Exclude<ClusterBy, 'none'>,
  keep: Float64Array,
): ClusterTable {
  const clusterIndex = new Map<string, number>();
  const numCells = cells.cellPair.length;
  const keys: number[] = [];
  for (let t = 0; t < outcomes.length; t++) {
    const cell = cells.outcomeCell[t];
    if (cell < 0 || keep[cell] === 0) continue;
    const name = by === 'prompt' ? outcomes[t].item : outcomes[t].rater;
    let c = clusterIndex.get(name);
    if (c === undefined) {
      c = clusterIndex.size;
      clusterIndex.set(name, c);
    }
    keys.push(c * numCells + cell);
  }
  const sorted = Float64Array.from(keys).sort();
  const start = new Int32Array(clusterIndex.size + 1);
  const cell: number[] = [];
  const count: number[] = [];
  let current = -1;
  for (let t = 0; t < sorted.length; t++) {
    const key = sorted[t];
    const c = Math.floor(key / numCells);
    if (t > 0 && key === sorted[t - 1]) {
      count[count.length - 1]++;
      continue;
    }
    while (current < c) start[++current] = cell.length;
    cell.push(key - c * numCells);
    count.push(1);
  }
  while (current < clusterIndex.size) start[++current] = cell.length;
  return { start, cell: Int32Array.from(cell), count: Float64Array.from(count) };
}

