// What a valid study asks for, in numbers (pure): shown by `prefstudy validate` and usable by admin pages.
import { designPairs, type Study } from './schema.ts';

export interface StudySummary {
  id: string;
  title: string;
  systems: string[];
  items: number;
  multiTurnItems: number;
  design: string;
  pairs: Array<[string, string]>;
  votesPerPair: number;
  /** items × pairs × votesPerPair */
  votesWanted: number;
  attentionChecks: number;
  raterLimit: number;
  /** Raters needed if each does `raterLimit` tasks (checks take their share of the limit). */
  ratersNeeded: number;
}

export function summarizeStudy(study: Study): StudySummary {
  const pairs = designPairs(study);
  const votesWanted = study.items.length * pairs.length * study.votesPerPair;
  const checkRate = study.attentionChecks && study.attentionChecks.items.length > 0 ? study.attentionChecks.rate : 0;
  const realTasksPerRater = Math.max(1, Math.floor(study.raterLimit * (1 - checkRate)));
  return {
    id: study.id,
    title: study.title,
    systems: study.systems,
    items: study.items.length,
    multiTurnItems: study.items.filter((item) => item.messages !== undefined).length,
    design: study.design.kind === 'baseline' ? `baseline (${study.design.baseline})` : study.design.kind,
    pairs,
    votesPerPair: study.votesPerPair,
    votesWanted,
    attentionChecks: study.attentionChecks?.items.length ?? 0,
    raterLimit: study.raterLimit,
    ratersNeeded: Math.ceil(votesWanted / realTasksPerRater),
  };
}

export function formatSummary(summary: StudySummary): string {
  return [
    `${summary.id}: ${summary.title}`,
    `  systems (${summary.systems.length}): ${summary.systems.join(', ')}`,
    `  items: ${summary.items}${summary.multiTurnItems ? ` (${summary.multiTurnItems} multi-turn)` : ''}`,
    `  design: ${summary.design}, ${summary.pairs.length} pair${summary.pairs.length === 1 ? '' : 's'}:`,
    ...summary.pairs.map(([a, b]) => `    ${a} vs ${b}`),
    `  votes wanted: ${summary.votesWanted} (${summary.items} items x ${summary.pairs.length} pairs x ${summary.votesPerPair} per pair)`,
    `  attention checks: ${summary.attentionChecks}; rater limit: ${summary.raterLimit} tasks, so at least ${summary.ratersNeeded} raters`,
  ].join('\n');
}
