// Result shapes of the statistics. They mirror the report contract in DESIGN.md: camelCase,
// every interval [low, high] in the unit of its point estimate (fractions 0..1).

export type Interval = [number, number];
export type ClusterBy = 'prompt' | 'rater' | 'none';
export type TiePolicy = 'half' | 'exclude';

export interface BootstrapSettings {
  seed: string | number;
  /** 10,000 by default. */
  resamples: number;
  cluster: ClusterBy;
  /** 0.95 by default. */
  level: number;
  method: 'percentile' | 'bca';
}

/** How the votes between a and b went, seen from a. */
export interface PairCounts {
  a: string;
  b: string;
  n: number;
  wins: number;
  losses: number;
  ties: number;
  bothBad: number;
}

export interface PairSummary extends PairCounts {
  /** Mean score of a, ties (and both-bad) as half: AlpacaEval's number. */
  winRate: number;
  winRateCI: Interval;
  /** Sample standard deviation of the scores / sqrt(n), as AlpacaEval. */
  standardError: number;
  /** wins / (wins + losses): the OpenAssistant paper's form. NaN when wins + losses = 0. */
  relativeWinRate: number;
  relativeWinRateCI: Interval;
  wilsonCI: Interval;
  /** Exact two-sided sign test of wins vs losses (ties dropped). */
  pValue: number;
}

export interface Rating {
  system: string;
  /** 400 * log10(strength) + 1000, anchored so the anchor system has 1000. */
  rating: number;
  ci: Interval;
  rank: number;
  rankRange: [number, number];
}

export interface RatingsResult {
  anchor: string;
  ratings: Rating[];
  /** Systems with no comparison path to the anchor: not given a made-up rating. */
  disconnected: string[];
}
