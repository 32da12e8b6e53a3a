// One line per rater: how much they did, how fast, which side they favour, how often they agree
// with the others and whether they passed the attention checks; flags say who to look at (a report
// with --exclude-flagged then leaves their votes out: src/report/analysis.ts).
import type { LeaveOneOutAgreement } from './agreement.ts';
import { KIND, SIDE, type OutcomeTable } from '../outcomes/table.ts';
import { choseLeft, leftShareOf } from './positionBias.ts';
import type { Interval } from './types.ts';
import { median, quantileAt } from './quantile.ts';

export interface AttentionResult {
  rater: string;
  passed: boolean;
}

export type RaterFlag = 'attention' | 'fast' | 'position' | 'disagree';

export interface RaterSummary {
  id: string;
  /** Judgments (outcomes) by this rater. */
  n: number;
  /** Median seconds per judgment; NaN when no time was recorded. */
  medianSeconds: number;
  /** Share of decisive votes for the left response, with its Wilson interval and the votes counted. */
  leftShare: number;
  leftShareCI: Interval;
  decisive: number;
  /** Leave-one-out agreement with the others on shared items; NaN when nobody else rated them. */
  agreement: number;
  /** Labels that entered `agreement`. */
  agreementN: number;
  attentionChecks: number;
  attentionFailures: number;
  flags: RaterFlag[];
}

export interface RaterOptions {
  /**
   * Leave-one-out agreement over the same outcomes (the agreement statistics' `leaveOneOut`): its
   * perRater figures are each rater's agreement with the others.
   */
  leaveOneOut: LeaveOneOutAgreement;
  attention?: readonly AttentionResult[];
  /** Flag 'attention' at this many failed checks (the study's `failThreshold`). Default 1. */
  attentionFailThreshold?: number;
  /** Flag 'fast' when the median time is below this fraction of the other raters' median. Default 1/3. */
  fastRatio?: number;
  /** Flag 'position' when the left share is at least this (or at most 1 − this). Default 0.8. */
  extremeLeftShare?: number;
  /** ... and only with at least this many decisive votes. Default 10. */
  minDecisive?: number;
  /** Flag 'disagree' below this leave-one-out agreement (with at least `minDecisive` labels). Off by default. */
  minAgreement?: number;
}

/** What raterSummaries counts per rater from the outcomes. */
export interface RaterTallies {
  counts: Map<string, number>;
  /** Finite seconds per rater, in any order. */
  seconds: Map<string, number[]>;
  /** Decisive votes with a known side and how many chose left; raters without any left out. */
  sides: Map<string, { left: number; n: number }>;
}

/** Per rater id in arrays, then by name: no Map lookup per vote. */
export function raterTallies(table: OutcomeTable): RaterTallies {
  const { raterId, raterNames, kind, aOnLeft, seconds } = table;
  const raters = raterNames.length;
  const count = new Int32Array(raters);
  const decisive = new Int32Array(raters);
  const left = new Int32Array(raters);
  const times: number[][] = Array.from({ length: raters }, () => []);
  for (let e = 0; e < raterId.length; e++) {
    const r = raterId[e];
    count[r]++;
    const s = seconds[e];
    if (Number.isFinite(s)) times[r].push(s);
    // A decisive vote with a known side.
    const k = kind[e];
    const side = aOnLeft[e];
    if (k <= KIND.loss && side !== SIDE.unknown) {
      decisive[r]++;
      left[r] += choseLeft(k, side);
    }
  }
  const tallies: RaterTallies = { counts: new Map(), seconds: new Map(), sides: new Map() };
  for (let r = 0; r < raters; r++) {
    if (count[r] === 0) continue;
    tallies.counts.set(raterNames[r], count[r]);
    if (times[r].length > 0) tallies.seconds.set(raterNames[r], times[r]);
    if (decisive[r] > 0) tallies.sides.set(raterNames[r], { left: left[r], n: decisive[r] });
  }
  return tallies;
}

/** Median of `sorted` with one occurrence of `value` removed (none if absent or NaN), in O(log n). */
export function medianWithout(sorted: readonly number[], value: number): number {
  let skip = -1;
  if (!Number.isNaN(value)) {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid] < value) low = mid + 1;
      else high = mid;
    }
    if (sorted[low] === value) skip = low;
  }
  const length = skip >= 0 ? sorted.length - 1 : sorted.length;
  return quantileAt(length, (i) => sorted[skip >= 0 && i >= skip ? i + 1 : i], 0.5);
}

export function raterSummaries(table: OutcomeTable, options: RaterOptions): RaterSummary[] {
  const fastRatio = options.fastRatio ?? 1 / 3;
  const extreme = options.extremeLeftShare ?? 0.8;
  const minDecisive = options.minDecisive ?? 10;
  const failThreshold = options.attentionFailThreshold ?? 1;

  const { counts, seconds, sides } = raterTallies(table);
  const checks = new Map<string, { n: number; failed: number }>();
  for (const a of options.attention ?? []) {
    const tally = checks.get(a.rater) ?? { n: 0, failed: 0 };
    tally.n++;
    if (!a.passed) tally.failed++;
    checks.set(a.rater, tally);
  }
  const ids = [...new Set([...counts.keys(), ...checks.keys()])].sort();
  // positionBias(table).perRater, from the tallies.
  const left = new Map([...sides].map(([rater, t]) => [rater, leftShareOf(t.left, t.n, 0.95)]));
  const loo = new Map(options.leaveOneOut.perRater.map((r) => [r.rater, r]));
  const medians = new Map(ids.map((id) => [id, median(seconds.get(id) ?? [])]));
  const sortedMedians = [...medians.values()].filter((m) => !Number.isNaN(m)).sort((x, y) => x - y);

  return ids.map((id) => {
    const side = left.get(id);
    const agreement = loo.get(id);
    const check = checks.get(id) ?? { n: 0, failed: 0 };
    const medianSeconds = medians.get(id) ?? NaN;
    const others = medianWithout(sortedMedians, medianSeconds);
    const leftShare = side?.leftShare ?? NaN;
    const decisive = side?.n ?? 0;
    const flags: RaterFlag[] = [];
    if (check.failed >= failThreshold) flags.push('attention');
    if (medianSeconds < fastRatio * others) flags.push('fast');
    if (decisive >= minDecisive && (leftShare >= extreme || leftShare <= 1 - extreme)) flags.push('position');
    if (options.minAgreement !== undefined && agreement && agreement.n >= minDecisive && agreement.agreement < options.minAgreement) {
      flags.push('disagree');
    }
    return {
      id,
      n: counts.get(id) ?? 0,
      medianSeconds,
      leftShare,
      leftShareCI: side?.ci ?? [NaN, NaN],
      decisive,
      agreement: agreement?.agreement ?? NaN,
      agreementN: agreement?.n ?? 0,
      attentionChecks: check.n,
      attentionFailures: check.failed,
      flags,
    };
  });
}
