// pairStatistics (src/stats/pair.ts) for one pair slot of the report's outcome columns: the same
// numbers, with prompt or rater clusters found by numeric id instead of a Map keyed by strings.
import type { ClusterSummary } from '../stats/bootstrap-clusters.ts';
import { groupClusters } from '../stats/bootstrap-clusters.ts';
import { pairStatistics, resolvePairSettings, type PairSettings, type PairStatistics } from '../stats/pair.ts';
import { KIND, outcomesOfSlot, type OutcomeColumns } from './columns.ts';

export function pairStatisticsOfSlot(
  columns: OutcomeColumns,
  slot: number,
  a: string,
  b: string,
  settings: Partial<PairSettings>,
): PairStatistics {
  const { tiePolicy, cluster } = resolvePairSettings(settings);
  // Single-vote clusters group by (kind, score), which the objects give as well as the columns.
  if (cluster === 'none') return pairStatistics(outcomesOfSlot(columns, slot, a, b), a, b, settings);
  const from = columns.start[slot];
  const to = columns.start[slot + 1];
  const { score, kind } = columns;
  const ids = cluster === 'prompt' ? columns.itemId : columns.raterId;
  const idCount = cluster === 'prompt' ? columns.itemNames.length : columns.raterNames.length;
  const half = tiePolicy === 'half';
  // Summaries in order of first appearance, as the Map in clusterSummaries keeps them.
  const summaryOf = new Int32Array(idCount).fill(-1);
  const summaries: ClusterSummary[] = [];
  let wins = 0;
  let losses = 0;
  let ties = 0;
  let bothBad = 0;
  let counted = 0;
  let sum = 0;
  for (let e = from; e < to; e++) {
    const id = ids[e];
    let c = summaryOf[id];
    if (c < 0) {
      c = summaryOf[id] = summaries.length;
      summaries.push({ count: 0, sum: 0, wins: 0, losses: 0 });
    }
    const s = summaries[c];
    const k = kind[e];
    if (k === KIND.win) wins++, s.wins++;
    else if (k === KIND.loss) losses++, s.losses++;
    else if (k === KIND.tie) ties++;
    else bothBad++;
    if (half || k === KIND.win || k === KIND.loss) {
      counted++;
      sum += score[e];
      s.count++;
      s.sum += score[e];
    }
  }
  const meanScore = counted > 0 ? sum / counted : NaN;
  let sumSquaredDeviations = 0;
  for (let e = from; e < to; e++) {
    const k = kind[e];
    if (half || k === KIND.win || k === KIND.loss) sumSquaredDeviations += (score[e] - meanScore) ** 2;
  }
  return {
    a,
    b,
    n: to - from,
    wins,
    losses,
    ties,
    bothBad,
    counted,
    meanScore,
    sumSquaredDeviations,
    tiePolicy,
    cluster,
    groups: groupClusters(summaries),
  };
}
