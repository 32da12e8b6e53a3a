// Two systems a vs b: counts, win rate (ties as half), relative win rate (ties excluded), standard
// error, Wilson interval, sign test, and bootstrap intervals resampling votes, prompts or raters.
import {
  bootstrapRatios,
  bootstrapSettingsDefaults,
  ratioIntervals,
  type BootstrapIntervals,
  type RatioStatistic,
} from './bootstrap.ts';
import {
  clusterSummaries,
  countsTowardWinRate,
  groupClusters,
  groupSingleVotes,
  type GroupedClusters,
} from './bootstrap-clusters.ts';
import { signTestPValue, wilsonInterval } from './intervals.ts';
import type { Outcome, OutcomeKind } from '../outcomes/outcome.ts';
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

/** Everything the pair statistics need, built once from the outcomes (the O(votes) part). */
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

/** Build the sufficient statistics of the pair (a, b); outcomes seen from (b, a) are turned around. */
export function pairStatistics(
  outcomes: readonly Outcome[],
  a: string,
  b: string,
  settings: Partial<PairSettings> = {},
): PairStatistics {
  const { tiePolicy, cluster } = resolvePairSettings(settings);
  const mine = outcomesOfPair(outcomes, a, b);
  let wins = 0;
  let losses = 0;
  let ties = 0;
  let bothBad = 0;
  let counted = 0;
  let sum = 0;
  for (const o of mine) {
    if (o.kind === 'win') wins++;
    else if (o.kind === 'loss') losses++;
    else if (o.kind === 'tie') ties++;
    else bothBad++;
    if (countsTowardWinRate(o, tiePolicy)) {
      counted++;
      sum += o.score;
    }
  }
  const meanScore = counted > 0 ? sum / counted : NaN;
  let sumSquaredDeviations = 0;
  for (const o of mine) {
    if (countsTowardWinRate(o, tiePolicy)) sumSquaredDeviations += (o.score - meanScore) ** 2;
  }
  return {
    a,
    b,
    n: mine.length,
    wins,
    losses,
    ties,
    bothBad,
    counted,
    meanScore,
    sumSquaredDeviations,
    tiePolicy,
    cluster,
    groups:
      cluster === 'none' ? groupSingleVotes(mine, tiePolicy) : groupClusters(clusterSummaries(mine, cluster, tiePolicy)),
  };
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
  return {
    a: stats.a,
    b: stats.b,
    n: stats.n,
    wins: stats.wins,
    losses: stats.losses,
    ties: stats.ties,
    bothBad: stats.bothBad,
    winRate: stats.meanScore,
    winRateCI: pick(boot.winRate),
    standardError,
    relativeWinRate: decisive > 0 ? stats.wins / decisive : NaN,
    relativeWinRateCI: pick(boot.relativeWinRate),
    wilsonCI: wilsonInterval(stats.meanScore, stats.counted, s.level),
    pValue: signTestPValue(stats.wins, stats.losses),
  };
}

/** a vs b from outcomes: counts, win rates, standard error, Wilson, sign test and seeded bootstrap CIs. */
export function summarizePair(
  outcomes: readonly Outcome[],
  a: string,
  b: string,
  settings: Partial<PairSettings> = {},
): PairSummary {
  return summarizeStatistics(pairStatistics(outcomes, a, b, settings), settings);
}

const MIRRORED: Record<OutcomeKind, OutcomeKind> = { win: 'loss', loss: 'win', tie: 'tie', 'both-bad': 'both-bad' };

/** Outcomes of the pair (a, b), turning around those recorded as (b, a); others are ignored. */
export function outcomesOfPair(outcomes: readonly Outcome[], a: string, b: string): Outcome[] {
  const out: Outcome[] = [];
  for (const o of outcomes) {
    if (o.a === a && o.b === b) out.push(o);
    else if (o.a === b && o.b === a) {
      out.push({
        ...o,
        a,
        b,
        score: 1 - o.score,
        kind: MIRRORED[o.kind],
        aOnLeft: o.aOnLeft === undefined ? undefined : !o.aOnLeft,
      });
    }
  }
  return out;
}
