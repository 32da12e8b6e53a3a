// TRANSITION: see src/outcomes/fromJudgments.ts (issue 12); this file goes with report/columns.ts.
import type { Judgment } from '../judgments/record.ts';
import type { Outcome } from '../outcomes/outcome.ts';
import { outcomesOfSlot } from '../outcomes/fromOutcomes.ts';
import { outcomeTable } from '../outcomes/fromJudgments.ts';
import type { OutcomeTable } from '../outcomes/table.ts';
import { pairKey } from './orient.ts';

export const outcomeColumns = outcomeTable;

export function pairOutcomes(judgments: readonly Judgment[], pairs: ReadonlyArray<[string, string]>): { byKey: Map<string, Outcome[]>; columns: OutcomeTable } {
  const columns = outcomeTable(judgments, pairs);
  const byKey = new Map(pairs.map(([a, b], slot) => [pairKey(a, b), outcomesOfSlot(columns, slot)] as const));
  return { byKey, columns };
}
