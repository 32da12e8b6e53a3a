// The raters and position-bias sections, from src/stats/raters.ts and src/stats/positionBias.ts.
import type { Judgment } from '../judgments/record.ts';
import type { LeaveOneOutAgreement } from '../stats/agreement.ts';
import type { Outcome } from '../outcomes/outcome.ts';
import { leftShareOf } from '../stats/positionBias.ts';
import { raterSummaries, type AttentionResult, type RaterTallies } from '../stats/raters.ts';
import type { PositionBiasSection, RaterEntry } from './types.ts';

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function attentionResults(attention: readonly Judgment[]): AttentionResult[] {
  return attention.flatMap((j) => (j.attention ? [{ rater: j.rater, passed: j.attention.passed }] : []));
}

/** From what the report has already counted: per-rater tallies and the leave-one-out agreement. */
export function raterSection(
  tallies: RaterTallies,
  leaveOneOut: LeaveOneOutAgreement,
  attention: readonly Judgment[],
  seed: string | number,
): RaterEntry[] {
  return raterSummaries([], { seed, attention: attentionResults(attention), leaveOneOut, tallies }).map((r) => ({
    id: r.id,
    n: r.n,
    leftShare: finite(r.leftShare),
    agreement: r.agreementN > 0 ? finite(r.agreement) : null,
    medianSeconds: finite(r.medianSeconds),
    attentionChecks: r.attentionChecks,
    attentionFailures: r.attentionFailures,
    flags: [...r.flags],
  }));
}

/** What the position-bias section counts of one pair's outcomes. */
export interface SideTally {
  /** Outcomes whose side is known, and of those, how many showed a on the left. */
  known: number;
  aLeft: number;
  /** Decisive votes with a known side, and of those, how many chose the left response. */
  n: number;
  left: number;
}

/** Null when no vote says which side it was shown on. One pass over each pair's outcomes. */
export function positionBiasSection(
  byPair: ReadonlyMap<string, Outcome[]>,
  pairs: ReadonlyArray<[string, string]>,
  key: (a: string, b: string) => string,
  level: number,
): PositionBiasSection | null {
  const tallies = new Map<string, SideTally>();
  for (const [pair, list] of byPair) {
    const t: SideTally = { known: 0, aLeft: 0, n: 0, left: 0 };
    for (const o of list) {
      if (o.aOnLeft === undefined) continue;
      t.known++;
      if (o.aOnLeft) t.aLeft++;
      // choseLeft: a decisive vote with a known side.
      if (o.kind === 'win' || o.kind === 'loss') {
        t.n++;
        if ((o.kind === 'win') === o.aOnLeft) t.left++;
      }
    }
    tallies.set(pair, t);
  }
  return positionBiasOfTallies([...tallies.values()], pairs.map(([a, b]) => tallies.get(key(a, b))), pairs, level);
}

/**
 * The section from per-pair tallies, however they were counted (from Outcome objects above, from
 * the report's columns in positionBiasColumns.ts): `all` holds every pair's tally once (totals and
 * counterbalancing), `listed[k]` the tally of pairs[k] (undefined: no outcomes listed for it).
 */
export function positionBiasOfTallies(
  all: readonly SideTally[],
  listed: ReadonlyArray<SideTally | undefined>,
  pairs: ReadonlyArray<readonly [string, string]>,
  level: number,
): PositionBiasSection | null {
  let n = 0;
  let left = 0;
  let counterbalanced = true;
  for (const t of all) {
    if (t.known > 0 && (t.aLeft < 0.25 * t.known || t.aLeft > 0.75 * t.known)) counterbalanced = false;
    n += t.n;
    left += t.left;
  }
  if (n === 0) return null;
  const overall = leftShareOf(left, n, level);
  return {
    n,
    counterbalanced,
    leftShare: finite(overall.leftShare),
    leftShareCI: overall.ci,
    pValue: finite(overall.pValue),
    byPair: pairs.map(([a, b], k) => {
      const p = leftShareOf(listed[k]?.left ?? 0, listed[k]?.n ?? 0, level);
      return { a, b, n: p.n, leftShare: finite(p.leftShare), leftShareCI: p.n > 0 ? p.ci : null };
    }),
  };
}
