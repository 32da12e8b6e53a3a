// One line per rater: how much they did, how fast, which side they favour, how often they agree
// with the others and whether they passed the attention checks; flags say who to look at, and
// `excludeFlaggedRaters` drops them before the analysis is rerun.
import { leaveOneOutAgreement, ratedUnits, type LeaveOneOutAgreement } from './agreement.ts';
import { leaveOneOutTable } from './agreementTable.ts';
import type { Outcome } from '../outcomes/outcome.ts';
import { choseLeft, leftShareOf } from './positionBias.ts';
import type { Interval } from './types.ts';

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
  /** Seed for the leave-one-out agreement's tie breaks. */
  seed: string | number;
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
  /** leaveOneOutAgreement(ratedUnits(outcomes), seed), when the caller has it already (the report does). */
  leaveOneOut?: LeaveOneOutAgreement;
  /** raterTallies(outcomes), when the caller has it already (the report makes it from columns). */
  tallies?: RaterTallies;
}

/** What raterSummaries counts per rater from the outcomes. */
export interface RaterTallies {
  counts: Map<string, number>;
  /** Finite seconds per rater, in any order. */
  seconds: Map<string, number[]>;
  /** Decisive votes with a known side and how many chose left; raters without any left out. */
  sides: Map<string, { left: number; n: number }>;
}

export function raterTallies(outcomes: readonly Outcome[]): RaterTallies {
  const counts = new Map<string, number>();
  const seconds = new Map<string, number[]>();
  const sides = new Map<string, { left: number; n: number }>();
  for (const o of outcomes) {
    counts.set(o.rater, (counts.get(o.rater) ?? 0) + 1);
    if (o.seconds !== undefined && Number.isFinite(o.seconds)) {
      const list = seconds.get(o.rater) ?? [];
      list.push(o.seconds);
      seconds.set(o.rater, list);
    }
    const side = choseLeft(o);
    if (side === null) continue;
    const tally = sides.get(o.rater) ?? { left: 0, n: 0 };
    tally.n++;
    if (side) tally.left++;
    sides.set(o.rater, tally);
  }
  return { counts, seconds, sides };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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
  if (length === 0) return NaN;
  const at = (i: number) => sorted[skip >= 0 && i >= skip ? i + 1 : i];
  return length % 2 === 1 ? at((length - 1) / 2) : (at(length / 2 - 1) + at(length / 2)) / 2;
}

export function raterSummaries(outcomes: readonly Outcome[], options: RaterOptions): RaterSummary[] {
  const fastRatio = options.fastRatio ?? 1 / 3;
  const extreme = options.extremeLeftShare ?? 0.8;
  const minDecisive = options.minDecisive ?? 10;
  const failThreshold = options.attentionFailThreshold ?? 1;

  const { counts, seconds, sides } = options.tallies ?? raterTallies(outcomes);
  const checks = new Map<string, { n: number; failed: number }>();
  for (const a of options.attention ?? []) {
    const tally = checks.get(a.rater) ?? { n: 0, failed: 0 };
    tally.n++;
    if (!a.passed) tally.failed++;
    checks.set(a.rater, tally);
  }
  const ids = [...new Set([...counts.keys(), ...checks.keys()])].sort();
  // positionBias(outcomes).perRater, from the tallies.
  const left = new Map([...sides].map(([rater, t]) => [rater, leftShareOf(t.left, t.n, 0.95)]));
  const leaveOneOut =
    options.leaveOneOut ?? leaveOneOutTable(outcomes, options.seed) ?? leaveOneOutAgreement(ratedUnits(outcomes), options.seed);
  const loo = new Map(leaveOneOut.perRater.map((r) => [r.rater, r]));
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

/** The outcomes without raters carrying any of `flags` (default: any flag), and who was dropped. */
export function excludeFlaggedRaters(
  outcomes: readonly Outcome[],
  raters: readonly RaterSummary[],
  flags?: readonly RaterFlag[],
): { kept: Outcome[]; excluded: string[] } {
  const excluded = raters.filter((r) => r.flags.some((f) => !flags || flags.includes(f))).map((r) => r.id);
  const drop = new Set(excluded);
  return { kept: outcomes.filter((o) => !drop.has(o.rater)), excluded };
}
