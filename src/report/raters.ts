// The raters and position-bias sections, from src/stats/raters.ts and src/stats/positionBias.ts.
import type { Judgment } from '../judgments/record.ts';
import type { LeaveOneOutAgreement } from '../stats/agreement.ts';
import type { Outcome } from '../stats/outcome.ts';
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

/** Null when no vote says which side it was shown on. One pass over each pair's outcomes. */
export function positionBiasSection(
  byPair: ReadonlyMap<string, Outcome[]>,
  pairs: ReadonlyArray<[string, string]>,
  key: (a: string, b: string) => string,
  level: number,
): PositionBiasSection | null {
  const tallies = new Map<string, { n: number; left: number }>();
  let n = 0;
  let left = 0;
  let counterbalanced = true;
  for (const [pair, list] of byPair) {
    let known = 0;
    let aLeft = 0;
    let decisive = 0;
    let leftVotes = 0;
    for (const o of list) {
      if (o.aOnLeft === undefined) continue;
      known++;
      if (o.aOnLeft) aLeft++;
      // choseLeft: a decisive vote with a known side.
      if (o.kind === 'win' || o.kind === 'loss') {
        decisive++;
        if ((o.kind === 'win') === o.aOnLeft) leftVotes++;
      }
    }
    if (known > 0 && (aLeft < 0.25 * known || aLeft > 0.75 * known)) counterbalanced = false;
    tallies.set(pair, { n: decisive, left: leftVotes });
    n += decisive;
    left += leftVotes;
  }
  if (n === 0) return null;
  const overall = leftShareOf(left, n, level);
  return {
    n,
    counterbalanced,
    leftShare: finite(overall.leftShare),
    leftShareCI: overall.ci,
    pValue: finite(overall.pValue),
    byPair: pairs.map(([a, b]) => {
      const t = tallies.get(key(a, b)) ?? { n: 0, left: 0 };
      const p = leftShareOf(t.left, t.n, level);
      return { a, b, n: p.n, leftShare: finite(p.leftShare), leftShareCI: p.n > 0 ? p.ci : null };
    }),
  };
}
