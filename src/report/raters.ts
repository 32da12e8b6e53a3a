// The raters and position-bias sections, from src/stats/raters.ts and src/stats/positionBias.ts.
import type { Judgment } from '../judgments/record.ts';
import type { LeaveOneOutAgreement } from '../stats/agreement.ts';
import type { Outcome } from '../stats/outcome.ts';
import { positionBias } from '../stats/positionBias.ts';
import { raterSummaries, type AttentionResult } from '../stats/raters.ts';
import type { PositionBiasSection, RaterEntry } from './types.ts';

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function attentionResults(attention: readonly Judgment[]): AttentionResult[] {
  return attention.flatMap((j) => (j.attention ? [{ rater: j.rater, passed: j.attention.passed }] : []));
}

export function raterSection(
  outcomes: readonly Outcome[],
  attention: readonly Judgment[],
  seed: string | number,
  leaveOneOut?: LeaveOneOutAgreement,
): RaterEntry[] {
  return raterSummaries(outcomes, { seed, attention: attentionResults(attention), leaveOneOut }).map((r) => ({
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

/** Null when no vote says which side it was shown on. */
export function positionBiasSection(
  all: readonly Outcome[],
  byPair: ReadonlyMap<string, Outcome[]>,
  pairs: ReadonlyArray<[string, string]>,
  key: (a: string, b: string) => string,
  level: number,
): PositionBiasSection | null {
  const overall = positionBias(all, level);
  if (overall.n === 0) return null;
  let counterbalanced = true;
  for (const list of byPair.values()) {
    const known = list.filter((o) => o.aOnLeft !== undefined);
    const aLeft = known.filter((o) => o.aOnLeft).length;
    if (known.length > 0 && (aLeft < 0.25 * known.length || aLeft > 0.75 * known.length)) counterbalanced = false;
  }
  return {
    n: overall.n,
    counterbalanced,
    leftShare: finite(overall.leftShare),
    leftShareCI: overall.n > 0 ? overall.ci : null,
    pValue: finite(overall.pValue),
    byPair: pairs.map(([a, b]) => {
      const p = positionBias(byPair.get(key(a, b)) ?? [], level);
      return { a, b, n: p.n, leftShare: finite(p.leftShare), leftShareCI: p.n > 0 ? p.ci : null };
    }),
  };
}
