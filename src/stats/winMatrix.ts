// The pairwise win matrix: for every ordered pair of systems, how often i met j and how it went.
// It is also the sufficient statistic of Bradley–Terry (see bradleyTerry.ts).
import { KIND, type OutcomeTable } from '../outcomes/table.ts';
import type { PairCounts } from './types.ts';

/** `n` counts comparisons between a and b in either orientation. */
export interface WinMatrixCell extends PairCounts {
  /** a's mean score against b (ties and both-bad as half; soft scores as given). NaN when n = 0. */
  winRate: number;
  /** wins / (wins + losses); NaN when there is no decisive vote. */
  relativeWinRate: number;
}

export interface WinMatrix {
  /** Sorted system ids; matrix rows and columns follow this order. */
  systems: string[];
  /** battles[i][j] = battles[j][i]: comparisons between i and j. */
  battles: number[][];
  /** wins[i][j]: comparisons i won against j. */
  wins: number[][];
  /** Symmetric counts of ties and of both-bad votes. */
  ties: number[][];
  bothBad: number[][];
  /** score[i][j]: total score of i against j; score[i][j] + score[j][i] = battles[i][j]. */
  score: number[][];
  /** winRate[i][j] = score[i][j] / battles[i][j]; NaN when they never met (and on the diagonal). */
  winRate: number[][];
  /** Every ordered pair that met, row by row. */
  cells: WinMatrixCell[];
}

function square(k: number): number[][] {
  return Array.from({ length: k }, () => new Array<number>(k).fill(0));
}

/**
 * Sorted ids of every system the table holds outcomes of (plus any listed in `systems`): a slot
 * without outcomes names no system.
 */
export function systemsOf(table: Pick<OutcomeTable, 'pairs' | 'start'>, systems: readonly string[] = []): string[] {
  const seen = new Set<string>(systems);
  table.pairs.forEach(([a, b], k) => {
    if (table.start[k + 1] === table.start[k]) return;
    seen.add(a);
    seen.add(b);
  });
  return [...seen].sort();
}

/**
 * Counts slot by slot: the systems come from the slot, so a battle is counted by array indexing.
 * Two slots of the same unordered pair add onto the same cells.
 */
export function winMatrix(table: OutcomeTable, systems: readonly string[] = []): WinMatrix {
  const ids = systemsOf(table, systems);
  const index = new Map(ids.map((s, i) => [s, i]));
  const k = ids.length;
  const battles = square(k);
  const wins = square(k);
  const ties = square(k);
  const bothBad = square(k);
  const score = square(k);
  const { start, kind, score: scores } = table;
  const byKind = [0, 0, 0, 0];
  table.pairs.forEach(([a, b], slot) => {
    const from = start[slot];
    const to = start[slot + 1];
    if (from === to) return;
    const i = index.get(a) as number;
    const j = index.get(b) as number;
    if (i === j) return; // a system against itself says nothing about the ranking
    // Counts are whole numbers, added per slot; the score sums are floats, so they are added one
    // outcome at a time in table order, onto what the cell holds.
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

  const winRate = square(k);
  const cells: WinMatrixCell[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const n = battles[i][j];
      winRate[i][j] = n > 0 ? score[i][j] / n : NaN;
      if (n === 0) continue;
      const decisive = wins[i][j] + wins[j][i];
      cells.push({
        a: ids[i],
        b: ids[j],
        n,
        wins: wins[i][j],
        losses: wins[j][i],
        ties: ties[i][j],
        bothBad: bothBad[i][j],
        winRate: winRate[i][j],
        relativeWinRate: decisive > 0 ? wins[i][j] / decisive : NaN,
      });
    }
  }
  return { systems: ids, battles, wins, ties, bothBad, score, winRate, cells };
}
