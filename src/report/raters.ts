// The raters and position-bias sections, from src/stats/raters.ts and src/stats/positionBias.ts.
import type { Judgment } from '../judgments/record.ts';
import type { OutcomeTable } from '../outcomes/table.ts';
import type { LeaveOneOutAgreement } from '../stats/agreement.ts';
import { positionBias } from '../stats/positionBias.ts';
import { raterSummaries, type AttentionResult } from '../stats/raters.ts';
import type { PositionBiasSection, RaterEntry } from './types.ts';

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function attentionResults(attention: readonly Judgment[]): AttentionResult[] {
  return attention.flatMap((j) => (j.attention ? [{ rater: j.rater, passed: j.attention.passed }] : []));
}

/** One entry per rater of the table or of the attention checks; `leaveOneOut` from the agreement over the same table. */
export function raterSection(table: OutcomeTable, leaveOneOut: LeaveOneOutAgreement, attention: readonly Judgment[]): RaterEntry[] {
  return raterSummaries(table, { attention: attentionResults(attention), leaveOneOut }).map((r) => ({
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

/** Null when no decisive vote says which side it was shown on; byPair follows the table's slots. */
export function positionBiasSection(table: OutcomeTable, level: number): PositionBiasSection | null {
  const bias = positionBias(table, level);
  if (bias.n === 0) return null;
  return {
    n: bias.n,
    counterbalanced: bias.counterbalanced,
    leftShare: finite(bias.leftShare),
    leftShareCI: bias.ci,
    pValue: finite(bias.pValue),
    byPair: bias.perPair.map((p) => ({ a: p.a, b: p.b, n: p.n, leftShare: finite(p.leftShare), leftShareCI: p.n > 0 ? p.ci : null })),
  };
}
