// Two systems a vs b: counts, win rate (ties as half), relative win rate (ties excluded), standard
// error, Wilson interval, sign test, and bootstrap intervals resampling votes, prompts or raters.
// Read from one slot of the outcome table (src/outcomes/), over all its outcomes or a mask of them
// (a breakdown by tag or by length is the same statistic over a mask).
import {
  bootstrapRatios,
  bootstrapSettingsDefaults,
  ratioIntervals,
  type BootstrapIntervals,
  type RatioStatistic,
} from './bootstrap.ts';
import { groupClusters, groupSingleVotes, type ClusterSummary, type GroupedClusters } from './bootstrap-clusters.ts';
import { signTestPValue, wilsonInterval } from './intervals.ts';
import { groupById } from './groupById.ts';
import { KIND, type OutcomeMask, type OutcomeTable } from '../outcomes/table.ts';
import { rngFor } from './random/rng.ts';
import type { BootstrapSettings, Interval, PairCounts, PairSummary, TiePolicy } from './types.ts';

export { bootstrapSettingsDefaults } from './bootstrap.ts';

export interface PairSettings extends BootstrapSettings {
  /** 'half': ties and both-bad count as half a win (default); 'exclude': the win rate uses decisive votes only. */
  tiePolicy: TiePolicy;
}

/** Defaults for `summarizePair`: the bootstrap defaults with ties as half. */
export const pairSettingsDefaults: Readonly<PairSettings> = Object.freeze({
  ...bootstrapSettingsDefaults,
  tiePolicy: 'half',
});

/** Everything the pair statistics need, built once from the table (the O(votes) part). */
export interface PairStatistics extends PairCounts {
  /** Votes that enter the win rate under the tie policy, their mean score and sum of squared deviations. */
  counted: number;
  meanScore: number;
  sumSquaredDeviations: number;
  tiePolicy: TiePolicy;
  cluster: PairSettings['cluster'];
  groups: GroupedClusters;
}

/** Both bootstrap intervals (percentile and BCa) of both rates. */
export interface PairBootstrap {
  winRate: BootstrapIntervals;
  relativeWinRate: BootstrapIntervals;
}

/** Resolve partial settings against the defaults and check them. */
export function resolvePairSettings(settings: Partial<PairSettings> = {}): PairSettings {
  const s: PairSettings = { ...pairSettingsDefaults, ...settings };
  if (!Number.isInteger(s.resamples) || s.resamples < 0) {
    throw new RangeError(`resamples must be a non-negative integer, got ${s.resamples}`);
  }
  if (!(s.level > 0 && s.level < 1)) throw new RangeError(`level must be in (0, 1), got ${s.level}`);
  if (!['prompt', 'rater', 'none'].includes(s.cluster)) {
    throw new RangeError(`cluster must be 'prompt', 'rater' or 'none', got ${String(s.cluster)}`);
  }
  if (!['percentile', 'bca'].includes(s.method)) throw new RangeError(`method must be 'percentile' or 'bca', got ${String(s.method)}`);
  if (!['half', 'exclude'].includes(s.tiePolicy)) throw new RangeError(`tiePolicy must be 'half' or 'exclude', got ${String(s.tiePolicy)}`);
  return s;
}

/**
 * The sufficient statistics of slot `slot` of the table (its pair [a, b], a's scores), over the
 * outcomes `mask` includes (all of the slot's without one): counts and clusters in one pass in
 * table order (scores summed in that order), then the squared deviations from the mean.
 */
export function pairStatistics(
  table: OutcomeTable,
  slot: number,
  settings: Partial<PairSettings> = {},
  mask?: OutcomeMask,
): PairStatistics {
  const { tiePolicy, cluster } = resolvePairSettings(settings);
  const [a, b] = table.pairs[slot];
  const from = table.start[slot];
  const to = table.start[slot + 1];
  const half = tiePolicy === 'half';
  const { score, kind } = table;
  const tally = cluster === 'none' ? singleVoteTally(table, from, to, tiePolicy, mask) : clusterTally(table, from, to, cluster, half, mask);
  const meanScore = tally.counted > 0 ? tally.sum / tally.counted : NaN;
  let sumSquaredDeviations = 0;
  for (let e = from; e < to; e++) {
    if (mask !== undefined && mask[e] === 0) continue;
    const k = kind[e];
    if (half || k === KIND.win || k === KIND.loss) sumSquaredDeviations += (score[e] - meanScore) ** 2;
  }
  return {
    a,
    b,
    n: tally.n,
    wins: tally.wins,
    losses: tally.losses,
    ties: tally.ties,
    bothBad: tally.bothBad,
    counted: tally.counted,
    meanScore,
    sumSquaredDeviations,
    tiePolicy,
    cluster,
    groups: tally.groups,
  };
}

/** One pass over a slot: the kinds, the votes that enter the win rate, their sum, and the clusters. */
interface SlotTally {
  n: number;
  wins: number;
  losses: number;
  ties: number;
  bothBad: number;
  counted: number;
  sum: number;
  groups: GroupedClusters;
}

/** Prompt or rater clusters: each one's summary, its scores summed in table order. */
function clusterTally(table: OutcomeTable, from: number, to: number, cluster: 'prompt' | 'rater', half: boolean, mask?: OutcomeMask): SlotTally {
  const { score, kind } = table;
  const [ids, idCount] = cluster === 'prompt' ? [table.itemId, table.itemNames.length] : [table.raterId, table.raterNames.length];
  const { positions, start } = groupById(ids, idCount, from, to, mask);
  const summaries: ClusterSummary[] = [];
  const tally = { n: positions.length, wins: 0, losses: 0, ties: 0, bothBad: 0, counted: 0, sum: 0 };
  for (let c = 0; c + 1 < start.length; c++) {
    const s: ClusterSummary = { count: 0, sum: 0, wins: 0, losses: 0 };
    for (let i = start[c]; i < start[c + 1]; i++) {
      const k = kind[positions[i]];
      if (k === KIND.win) s.wins++;
      else if (k === KIND.loss) s.losses++;
      if (half || k === KIND.win || k === KIND.loss) {
        s.count++;
        s.sum += score[positions[i]];
      }
    }
    summaries.push(s);
  }
  // The slot's kinds and sum in table order, as every other sum of the slot is.
  for (let e = from; e < to; e++) {
    if (mask !== undefined && mask[e] === 0) continue;
    const k = kind[e];
    if (k === KIND.win) tally.wins++;
    else if (k === KIND.loss) tally.losses++;
    else if (k === KIND.tie) tally.ties++;
    else tally.bothBad++;
    if (half || k === KIND.win || k === KIND.loss) {
      tally.counted++;
      tally.sum += score[e];
    }
  }
  return { ...tally, groups: groupClusters(summaries) };
}

/**
 * Single votes as clusters (the i.i.d. bootstrap): how many votes of each kind had each score,
 * hard scores (0, ½, 1) counted in an array, soft ones in a Map.
 */
function singleVoteTally(table: OutcomeTable, from: number, to: number, tiePolicy: TiePolicy, mask?: OutcomeMask): SlotTally {
  const { score, kind } = table;
  const half = tiePolicy === 'half';
  const byKind: Array<Map<number, number>> = [new Map(), new Map(), new Map(), new Map()];
  const hard = new Float64Array(12); // KIND code × 3 + twice the score
  let n = 0;
  let counted = 0;
  let sum = 0;
  for (let e = from; e < to; e++) {
    if (mask !== undefined && mask[e] === 0) continue;
    n++;
    const k = kind[e];
    const x = score[e];
    if (half || k === KIND.win || k === KIND.loss) {
      counted++;
      sum += x;
    }
    const twice = 2 * x;
    if (twice === 0 || twice === 1 || twice === 2) hard[k * 3 + twice]++;
    else byKind[k].set(x, (byKind[k].get(x) ?? 0) + 1);
  }
  const kinds = [0, 0, 0, 0];
  for (let k = 0; k < 4; k++) {
    for (let twice = 0; twice < 3; twice++) {
      const m = hard[k * 3 + twice];
      if (m > 0) byKind[k].set(twice / 2, (byKind[k].get(twice / 2) ?? 0) + m);
    }
    for (const m of byKind[k].values()) kinds[k] += m;
  }
  const [wins, losses, ties, bothBad] = [kinds[KIND.win], kinds[KIND.loss], kinds[KIND.tie], kinds[KIND.bothBad]];
  return { n, wins, losses, ties, bothBad, counted, sum, groups: groupSingleVotes(byKind, tiePolicy) };
}

/** Run the bootstrap on prepared statistics: one pass of resamples gives both rates. */
export function bootstrapPair(stats: PairStatistics, settings: Partial<PairSettings> = {}): PairBootstrap {
  const s = resolvePairSettings(settings);
  const g = stats.groups;
  const decisive = new Float64Array(g.wins.length);
  for (let i = 0; i < decisive.length; i++) decisive[i] = g.wins[i] + g.losses[i];
  const winRate: RatioStatistic = { numerator: g.sum, denominator: g.count };
  const relative: RatioStatistic = { numerator: g.wins, denominator: decisive };
  const rng = rngFor(s.seed, 'pair-bootstrap', stats.a, stats.b, stats.cluster);
  const [winReps, relReps] = bootstrapRatios(g.multiplicity, [winRate, relative], s.resamples, rng);
  return {
    winRate: ratioIntervals(g.multiplicity, winRate, winReps, s.level),
    relativeWinRate: ratioIntervals(g.multiplicity, relative, relReps, s.level),
  };
}

/** One pair's bootstrap as a job of its own: plain data only, so it can cross to a worker thread. */
export interface PairBootstrapInput {
  stats: PairStatistics;
  settings: Partial<PairSettings>;
}

/** The bootstraps of many pairs in one call, so a report hands them all to its worker at once. */
export function pairBootstraps(inputs: readonly PairBootstrapInput[]): PairBootstrap[] {
  return inputs.map(({ stats, settings }) => bootstrapPair(stats, settings));
}

/**
 * The PairSummary of the report contract from prepared statistics (clustered and tie-handled as they
 * were built). `boot` is bootstrapPair(stats, settings) when the caller already has it (a report
 * computes the bootstraps elsewhere, in a worker); with the same settings the summary is the same.
 */
export function summarizeStatistics(
  stats: PairStatistics,
  settings: Partial<PairSettings> = {},
  boot: PairBootstrap = bootstrapPair(stats, settings),
): PairSummary {
  const s = resolvePairSettings(settings);
  const pick = (x: BootstrapIntervals): Interval => (s.method === 'bca' ? x.bca : x.percentile);
  const standardError =
    stats.counted > 1 ? Math.sqrt(stats.sumSquaredDeviations / (stats.counted - 1)) / Math.sqrt(stats.counted) : NaN;
  const decisive = stats.wins + stats.losses;
  // One cluster (a single prompt, rater or vote) resamples to itself: [x, x] would claim a
  // certainty the data cannot give, so the interval is left out (null in JSON, "–" in tables).
  const informative = stats.groups.clusters >= 2;
  const none: Interval = [NaN, NaN];
  return {
    a: stats.a,
    b: stats.b,
    n: stats.n,
    wins: stats.wins,
    losses: stats.losses,
    ties: stats.ties,
    bothBad: stats.bothBad,
    winRate: stats.meanScore,
    winRateCI: informative ? pick(boot.winRate) : none,
    standardError,
    relativeWinRate: decisive > 0 ? stats.wins / decisive : NaN,
    relativeWinRateCI: informative ? pick(boot.relativeWinRate) : none,
    wilsonCI: wilsonInterval(stats.meanScore, stats.counted, s.level),
    pValue: signTestPValue(stats.wins, stats.losses),
  };
}

/** Slot `slot` of the table (over `mask`): counts, win rates, standard error, Wilson, sign test and seeded bootstrap CIs. */
export function summarizePair(
  table: OutcomeTable,
  slot: number,
  settings: Partial<PairSettings> = {},
  mask?: OutcomeMask,
): PairSummary {
  return summarizeStatistics(pairStatistics(table, slot, settings, mask), settings);
}
