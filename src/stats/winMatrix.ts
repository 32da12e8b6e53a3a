// The pairwise win matrix: for every ordered pair of systems, how often i met j and how it went.
// It is also the sufficient statistic of Bradley–Terry (see bradleyTerry.ts).
import type { Outcome } from '../outcomes/outcome.ts';
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

/** Sorted ids of every system that appears in the outcomes (plus any listed in `systems`). */
export function systemsOf(outcomes: ReadonlyArray<Pick<Outcome, 'a' | 'b'>>, systems: readonly string[] = []): string[] {
  const seen = new Set<string>(systems);
  // Outcomes usually come grouped by pair: skip the set while the names repeat.
  let lastA: string | undefined;
  let lastB: string | undefined;
  for (const o of outcomes) {
    if (o.a !== lastA) seen.add((lastA = o.a));
    if (o.b !== lastB) seen.add((lastB = o.b));
  }
  return [...seen].sort();
}

/** The running totals a WinMatrix is made of, rows and columns in `systems` order. */
export interface WinCounts {
  battles: number[][];
  wins: number[][];
  ties: number[][];
  bothBad: number[][];
  score: number[][];
}

export function emptyWinCounts(k: number): WinCounts {
  return { battles: square(k), wins: square(k), ties: square(k), bothBad: square(k), score: square(k) };
}

export function winMatrix(outcomes: readonly Outcome[], systems: readonly string[] = []): WinMatrix {
  const ids = systemsOf(outcomes, systems);
  const index = new Map(ids.map((s, i) => [s, i]));
  const counts = emptyWinCounts(ids.length);
  const { battles, wins, ties, bothBad, score } = counts;
  let lastA: string | undefined;
  let lastB: string | undefined;
  let i = -1;
  let j = -1;
  for (const o of outcomes) {
    if (o.a !== lastA) i = index.get((lastA = o.a)) as number;
    if (o.b !== lastB) j = index.get((lastB = o.b)) as number;
    if (i === j) continue; // a system against itself says nothing about the ranking
    battles[i][j]++;
    battles[j][i]++;
    score[i][j] += o.score;
    score[j][i] += 1 - o.score;
    if (o.kind === 'win') wins[i][j]++;
    else if (o.kind === 'loss') wins[j][i]++;
    else if (o.kind === 'tie') {
      ties[i][j]++;
      ties[j][i]++;
    } else {
      bothBad[i][j]++;
      bothBad[j][i]++;
    }
  }
  return winMatrixOfCounts(ids, counts);
}

/** Win rates and cells from the totals, however they were counted (the report counts from its columns). */
export function winMatrixOfCounts(ids: string[], { battles, wins, ties, bothBad, score }: WinCounts): WinMatrix {
  const k = ids.length;
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
