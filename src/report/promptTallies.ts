// Per-prompt tallies of one pair slot of the outcome columns, for influenceOfTallies: prompts by
// numeric id (ids are in name order, so no string sort), scores summed in vote order.
import type { PromptTally } from '../stats/sensitivity.ts';
import { KIND, type OutcomeColumns } from './columns.ts';

export function promptTalliesOfSlot(columns: OutcomeColumns, slot: number): { tallies: PromptTally[]; total: PromptTally } {
  const from = columns.start[slot];
  const to = columns.start[slot + 1];
  const { itemId, score, kind, itemNames } = columns;
  const tallyOf = new Int32Array(itemNames.length).fill(-1);
  const made: PromptTally[] = [];
  const ids: number[] = [];
  const total: PromptTally = { item: '', n: 0, score: 0, wins: 0, losses: 0 };
  for (let e = from; e < to; e++) {
    const id = itemId[e];
    let at = tallyOf[id];
    if (at < 0) {
      at = tallyOf[id] = made.length;
      made.push({ item: itemNames[id], n: 0, score: 0, wins: 0, losses: 0 });
      ids.push(id);
    }
    const t = made[at];
    t.n++;
    t.score += score[e];
    total.n++;
    total.score += score[e];
    if (kind[e] === KIND.win) t.wins++, total.wins++;
    else if (kind[e] === KIND.loss) t.losses++, total.losses++;
  }
  const order = Int32Array.from(ids).sort();
  return { tallies: Array.from(order, (id) => made[tallyOf[id]]), total };
}
