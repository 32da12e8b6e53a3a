// The agreement section: the statistics of src/stats/agreement.ts over all pairs and per pair.
import { agreement, type AgreementReport } from '../stats/agreement.ts';
import type { Outcome } from '../outcomes/outcome.ts';
import type { AgreementFigures, AgreementSection } from './types.ts';

/** Per-pair agreement tables beyond this many pairs would drown the report (and cost a pass each). */
const MAX_PAIRS_DETAILED = 12;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function figures(outcomes: readonly Outcome[], seed: string | number): AgreementFigures {
  return figuresOf(agreement(outcomes, { seed }));
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

/**
 * The outcomes on tasks (item within a pair) judged at least twice: all agreement looks at, so the
 * statistics need not group the single-judgment tasks of a large log (the result is the same).
 */
export function repeatedTasks(outcomes: readonly Outcome[]): Outcome[] {
  const count = new Map<string, number>();
  for (const o of outcomes) count.set(o.item, (count.get(o.item) ?? 0) + 1);
  return outcomes.filter((o) => (count.get(o.item) ?? 0) >= 2);
}

/**
 * Null when no task was judged twice (agreement cannot be measured). `overall` is the agreement over
 * every pair's outcomes (units as `ratedUnits` of all of them); per-pair figures only for a few pairs.
 */
export function agreementSection(
  outcomesOf: (slot: number) => readonly Outcome[],
  pairs: ReadonlyArray<[string, string]>,
  seed: string | number,
  overall: AgreementReport,
): AgreementSection | null {
  const overallFigures = figuresOf(overall);
  if (overallFigures.items === 0) return null;
  const perPair = (pairs.length <= MAX_PAIRS_DETAILED ? pairs : [])
    .map(([a, b], slot) => ({ a, b, ...figures(repeatedTasks(outcomesOf(slot)), seed) }))
    .filter((p) => p.items > 0);
  return { ...overallFigures, byPair: perPair };
}

/** Per-rater leave-one-out agreement, for the raters table. */
export function raterAgreement(outcomes: readonly Outcome[], seed: string | number): Map<string, number> {
  const r = agreement(outcomes, { seed });
  return new Map(r.leaveOneOut.perRater.map((x) => [x.rater, x.agreement]));
}
