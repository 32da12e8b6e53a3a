// The agreement section: src/stats/agreement.ts's coefficients over the units of all pairs, and
// over each pair's own units when there are few pairs.
import { agreement, type AgreementReport } from '../stats/agreement.ts';
import { ratedUnits } from '../stats/agreementTable.ts';
import { raterPairKappas } from '../stats/raterPairKappa.ts';
import type { OutcomeTable } from '../outcomes/table.ts';
import type { AgreementFigures, AgreementSection } from './types.ts';

/** Per-pair agreement tables beyond this many pairs would drown the report (and cost a pass each). */
const MAX_PAIRS_DETAILED = 12;

/** Below this many shared tasks a kappa's interval spans most of [−1, 1]: the pair is not listed. */
export const RATER_PAIR_MIN_TASKS = 10;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Agreement over every pair's outcomes: built once, as its leave-one-out figures are also each rater's. */
export function agreementOfTable(table: OutcomeTable, seed: string | number): AgreementReport {
  return agreement(ratedUnits(table), seed);
}

function figuresOf(r: AgreementReport): AgreementFigures {
  return {
    items: r.units,
    judgments: r.labels,
    raters: r.raters,
    pairwisePercent: finite(r.pairwise.agreement),
    leaveOneOut: finite(r.leaveOneOut.agreement),
    cohenKappa: finite(r.cohen.kappa),
    fleissKappa: finite(r.fleiss.kappa),
    krippendorffAlpha: finite(r.krippendorff.alpha),
  };
}

/** Null when no task was judged twice (agreement cannot be measured); `overall` is agreementOfTable(table, seed). */
export function agreementSection(table: OutcomeTable, seed: string | number, overall: AgreementReport): AgreementSection | null {
  const overallFigures = figuresOf(overall);
  if (overallFigures.items === 0) return null;
  const byPair = (table.pairs.length <= MAX_PAIRS_DETAILED ? table.pairs : [])
    .map(([a, b], slot) => ({ a, b, ...figuresOf(agreement(ratedUnits(table, { slots: [slot] }), seed)) }))
    .filter((p) => p.items > 0);
  const raterPairs = raterPairKappas(ratedUnits(table), RATER_PAIR_MIN_TASKS).map((k) => ({
    a: k.a,
    b: k.b,
    tasks: k.n,
    observed: k.observed,
    expected: k.expected,
    kappa: finite(k.kappa),
  }));
  return { ...overallFigures, byPair, raterPairs, raterPairMinTasks: RATER_PAIR_MIN_TASKS };
}
