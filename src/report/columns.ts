// TRANSITION: the report's outcome columns are now src/outcomes/table.ts's OutcomeTable. These
// names remain until every statistic reads the table directly (issue 12), then this file goes.
import type { Outcome } from '../outcomes/outcome.ts';
import { outcomesOfSlot as slotObjects } from '../outcomes/fromOutcomes.ts';
import type { OutcomeTable } from '../outcomes/table.ts';

export { KIND } from '../outcomes/table.ts';
export type OutcomeColumns = OutcomeTable;

export function outcomesOfSlot(columns: OutcomeTable, slot: number, _a?: string, _b?: string): Outcome[] {
  return slotObjects(columns, slot);
}

export function slotOutcomes(columns: OutcomeTable, _pairs?: unknown): (slot: number) => Outcome[] {
  const built = new Map<number, Outcome[]>();
  return (slot) => {
    let list = built.get(slot);
    if (!list) built.set(slot, (list = slotObjects(columns, slot)));
    return list;
  };
}
