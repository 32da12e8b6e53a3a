// The agreement section: the statistics of src/stats/agreement.ts over all pairs and per pair.
import { agreement } from '../stats/agreement.ts';
import type { Outcome } from '../stats/outcome.ts';
import type { AgreementFigures, AgreementSection } from './types.ts';

/** Per-pair agreement tables beyond this many pairs would drown the report (and cost a pass each). */
const MAX_PAIRS_DETAILED = 12;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function figures(outcomes: readonly Outcome[], seed: string | number): AgreementFigures {
  const r = agreement(outcomes, { seed });
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

/** Null when no task was judged twice (agreement cannot be measured). */
export function agreementSection(byPair: ReadonlyMap<string, Outcome[]>, pairs: ReadonlyArray<[string, string]>, key: (a: string, b: string) => string, seed: string | number): AgreementSection | null {
  const all: Outcome[] = [];
  for (const list of byPair.values()) for (const o of list) all.push(o);
  const overall = figures(all, seed);
  if (overall.items === 0) return null;
  const perPair = (pairs.length <= MAX_PAIRS_DETAILED ? pairs : [])
    .map(([a, b]) => ({ a, b, ...figures(byPair.get(key(a, b)) ?? [], seed) }))
    .filter((p) => p.items > 0);
  return { ...overall, byPair: perPair };
}

/** Per-rater leave-one-out agreement, for the raters table. */
export function raterAgreement(outcomes: readonly Outcome[], seed: string | number): Map<string, number> {
  const r = agreement(outcomes, { seed });
  return new Map(r.leaveOneOut.perRater.map((x) => [x.rater, x.agreement]));
}
