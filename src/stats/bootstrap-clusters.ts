// Sufficient statistics for the pair bootstrap. A cluster (a prompt, a rater, or one judgment for
// the i.i.d. bootstrap) matters only through (count, sum of scores, wins, losses); clusters with the
// same summary are interchangeable, so a resample is a multinomial count over the distinct summaries.
import type { Outcome } from '../outcomes/outcome.ts';
import type { ClusterBy, TiePolicy } from './types.ts';

export interface ClusterSummary {
  /** Judgments that enter the win rate (all, or the decisive ones when ties are excluded). */
  count: number;
  /** Sum of a's scores over those judgments. */
  sum: number;
  wins: number;
  losses: number;
}

/** Distinct cluster summaries (columns) with how many clusters share each one. */
export interface GroupedClusters {
  count: Float64Array;
  sum: Float64Array;
  wins: Float64Array;
  losses: Float64Array;
  multiplicity: Float64Array;
  /** Total number of clusters (sum of multiplicities). */
  clusters: number;
}

/** Whether an outcome enters the win rate under the tie policy. */
export function countsTowardWinRate(o: Pick<Outcome, 'kind'>, tiePolicy: TiePolicy): boolean {
  return tiePolicy === 'half' || o.kind === 'win' || o.kind === 'loss';
}

/** Summaries of the clusters of outcomes (all assumed to be seen from the same pair). */
export function clusterSummaries(
  outcomes: readonly Outcome[],
  cluster: ClusterBy,
  tiePolicy: TiePolicy,
): ClusterSummary[] {
  if (cluster === 'none') return outcomes.map((o) => summaryOf([o], tiePolicy));

  const byKey = new Map<string, ClusterSummary>();
  for (const o of outcomes) {
    const key = cluster === 'prompt' ? o.item : o.rater;
    let s = byKey.get(key);
    if (!s) {
      s = { count: 0, sum: 0, wins: 0, losses: 0 };
      byKey.set(key, s);
    }
    addTo(s, o, tiePolicy);
  }
  return [...byKey.values()];
}

function summaryOf(outcomes: ReadonlyArray<Pick<Outcome, 'kind' | 'score'>>, tiePolicy: TiePolicy): ClusterSummary {
  const s = { count: 0, sum: 0, wins: 0, losses: 0 };
  for (const o of outcomes) addTo(s, o, tiePolicy);
  return s;
}

function addTo(s: ClusterSummary, o: Pick<Outcome, 'kind' | 'score'>, tiePolicy: TiePolicy): void {
  if (o.kind === 'win') s.wins++;
  else if (o.kind === 'loss') s.losses++;
  if (countsTowardWinRate(o, tiePolicy)) {
    s.count++;
    s.sum += o.score;
  }
}

/**
 * Grouped summaries of outcomes as single-vote clusters (the i.i.d. bootstrap), tallied by kind and
 * score without building a summary per vote. Same result as groupClusters(clusterSummaries(…, 'none', …)).
 */
export function groupSingleVotes(outcomes: readonly Outcome[], tiePolicy: TiePolicy): GroupedClusters {
  const byKind = new Map<Outcome['kind'], Map<number, number>>();
  for (const o of outcomes) {
    let byScore = byKind.get(o.kind);
    if (!byScore) {
      byScore = new Map();
      byKind.set(o.kind, byScore);
    }
    byScore.set(o.score, (byScore.get(o.score) ?? 0) + 1);
  }
  // Different kinds can share a summary (a tie and a both-bad vote): merge them as groupClusters does.
  const merged = new Map<string, { s: ClusterSummary; m: number }>();
  for (const [kind, byScore] of byKind) {
    for (const [score, m] of byScore) {
      const s = summaryOf([{ kind, score }], tiePolicy);
      const key = keyOf(s);
      const g = merged.get(key);
      if (g) g.m += m;
      else merged.set(key, { s, m });
    }
  }
  return fromTallies([...merged.values()]);
}

function keyOf(s: ClusterSummary): string {
  return `${s.count}|${s.sum}|${s.wins}|${s.losses}`;
}

/** Group identical summaries, most frequent first (which lets the multinomial draws stop early). */
export function groupClusters(summaries: Iterable<ClusterSummary>): GroupedClusters {
  const groups = new Map<string | number, { s: ClusterSummary; m: number }>();
  for (const s of summaries) {
    const key = numericKeyOf(s) ?? keyOf(s);
    const g = groups.get(key);
    if (g) g.m++;
    else groups.set(key, { s, m: 1 });
  }
  return fromTallies([...groups.values()]);
}

/**
 * The summary as one exact number when its counts are small and its sum a whole number of halves
 * (every hard vote): equal numbers exactly when equal summaries, and no string to build. Else null.
 */
function numericKeyOf(s: ClusterSummary): number | null {
  const twiceSum = 2 * s.sum;
  if (!(s.count < 4096 && s.wins < 4096 && s.losses < 4096 && twiceSum >= 0 && twiceSum < 8192 && Number.isInteger(twiceSum))) return null;
  return ((s.count * 4096 + s.wins) * 4096 + s.losses) * 8192 + twiceSum;
}

function fromTallies(tallies: Array<{ s: ClusterSummary; m: number }>): GroupedClusters {
  // Ties in frequency keep a fixed order (by the summary) so the result does not depend on input order.
  const sorted = tallies.sort(
    (x, y) => y.m - x.m || x.s.count - y.s.count || x.s.sum - y.s.sum || x.s.wins - y.s.wins || x.s.losses - y.s.losses,
  );
  let clusters = 0;
  for (const t of sorted) clusters += t.m;
  const k = sorted.length;
  const out: GroupedClusters = {
    count: new Float64Array(k),
    sum: new Float64Array(k),
    wins: new Float64Array(k),
    losses: new Float64Array(k),
    multiplicity: new Float64Array(k),
    clusters,
  };
  sorted.forEach(({ s, m }, i) => {
    out.count[i] = s.count;
    out.sum[i] = s.sum;
    out.wins[i] = s.wins;
    out.losses[i] = s.losses;
    out.multiplicity[i] = m;
  });
  return out;
}
