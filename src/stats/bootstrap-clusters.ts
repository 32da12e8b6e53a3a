// Sufficient statistics for the pair bootstrap. A cluster (a prompt, a rater, or one judgment for
// the i.i.d. bootstrap) matters only through (count, sum of scores, wins, losses); clusters with the
// same summary are interchangeable, so a resample is a multinomial count over the distinct summaries.
// The summaries themselves are made by pairStatistics (pair.ts) in its pass over the outcome table.
import { KIND, type KindCode } from '../outcomes/table.ts';
import type { TiePolicy } from './types.ts';

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

/** The summary of one vote of the given kind (a KIND code) and score. */
function singleVote(kind: KindCode, score: number, tiePolicy: TiePolicy): ClusterSummary {
  const decisive = kind === KIND.win || kind === KIND.loss;
  const counted = tiePolicy === 'half' || decisive;
  return { count: counted ? 1 : 0, sum: counted ? score : 0, wins: kind === KIND.win ? 1 : 0, losses: kind === KIND.loss ? 1 : 0 };
}

/**
 * Single votes as clusters (the i.i.d. bootstrap), from how many votes there were of each kind and
 * score (`byKind[k]`: score -> votes, for KIND code k), without a summary per vote.
 */
export function groupSingleVotes(byKind: ReadonlyArray<ReadonlyMap<number, number>>, tiePolicy: TiePolicy): GroupedClusters {
  // Different kinds can share a summary (a tie and a both-bad vote): merged as groupClusters does.
  const merged = new Map<string | number, { s: ClusterSummary; m: number }>();
  byKind.forEach((byScore, kind) => {
    for (const [score, m] of byScore) {
      const s = singleVote(kind as KindCode, score, tiePolicy);
      const key = summaryKey(s.count, s.sum, s.wins, s.losses);
      const g = merged.get(key);
      if (g) g.m += m;
      else merged.set(key, { s, m });
    }
  });
  return fromTallies([...merged.values()]);
}

/** Group identical summaries, most frequent first (which lets the multinomial draws stop early). */
export function groupClusters(summaries: Iterable<ClusterSummary>): GroupedClusters {
  const groups = new Map<string | number, { s: ClusterSummary; m: number }>();
  for (const s of summaries) {
    const key = summaryKey(s.count, s.sum, s.wins, s.losses);
    const g = groups.get(key);
    if (g) g.m++;
    else groups.set(key, { s, m: 1 });
  }
  return fromTallies([...groups.values()]);
}

/**
 * A key equal for equal summaries only: one exact number when the counts are small and the sum a
 * whole number of halves (every hard vote), so no string is built; else a string.
 */
export function summaryKey(count: number, sum: number, wins: number, losses: number): number | string {
  const twiceSum = 2 * sum;
  if (!(twiceSum >= 0 && Number.isInteger(twiceSum))) return `${count}|${sum}|${wins}|${losses}`;
  // The smallest (most clusters: a prompt of one or a few votes) as negative small integers, which
  // a Map hashes fastest; the others as non-negative numbers, so the two never meet.
  if (count < 32 && wins < 32 && losses < 32 && twiceSum < 64) return -1 - (((count * 32 + wins) * 32 + losses) * 64 + twiceSum);
  if (count < 4096 && wins < 4096 && losses < 4096 && twiceSum < 8192) return ((count * 4096 + wins) * 4096 + losses) * 8192 + twiceSum;
  return `${count}|${sum}|${wins}|${losses}`;
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
