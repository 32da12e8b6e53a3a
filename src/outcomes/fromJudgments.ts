// The report's outcome table, built from the judgments' columns in one pass: each judgment is
// routed to its oriented pair (slot) through a systems × systems table of ids and scattered there
// by a counting sort, so every later statistic walks memory in order.
import { CHOICE_CODE, SCORE_OF_CHOICE, judgmentColumns, type JudgmentColumns } from '../judgments/columns.ts';
import type { Judgment } from '../judgments/record.ts';
import { SIDE, emptyTable, inNameOrder, kindCode, type OutcomeTable } from './table.ts';

/** The outcomes of the judgments about each of `pairs` (either side on the left); others are left out. */
export function outcomeTable(judgments: readonly Judgment[], pairs: ReadonlyArray<readonly [string, string]>): OutcomeTable {
  return outcomeTableOf(judgmentColumns(judgments), pairs);
}

/** As outcomeTable, from columns; `keep` (by row, 1 = use) leaves out rows of the analysis. */
export function outcomeTableOf(columns: JudgmentColumns, pairs: ReadonlyArray<readonly [string, string]>, keep?: Uint8Array): OutcomeTable {
  const k = columns.systems.length;
  const systemId = new Map(columns.systems.map((s, i) => [s, i]));
  // route[left * k + right] = 2 * slot + (1 when a is on the left), -1 for no listed pair.
  const route = new Int32Array(k * k).fill(-1);
  pairs.forEach(([a, b], slot) => {
    const ia = systemId.get(a);
    const ib = systemId.get(b);
    if (ia === undefined || ib === undefined) return;
    route[ia * k + ib] = 2 * slot + 1;
    route[ib * k + ia] = 2 * slot;
  });
  const { length, left, right } = columns;
  const routeOf = new Int32Array(length);
  const start = new Int32Array(pairs.length + 1);
  for (let r = 0; r < length; r++) {
    const code = keep && keep[r] === 0 ? -1 : route[left[r] * k + right[r]];
    routeOf[r] = code;
    if (code >= 0) start[(code >> 1) + 1]++;
  }
  for (let s = 0; s < pairs.length; s++) start[s + 1] += start[s];
  // Read the rows in order and scatter what the outcomes need into pair order.
  const total = start[pairs.length];
  const next = start.slice(0, pairs.length);
  const table = emptyTable(pairs, start, total);
  const { choice, score, item, rater, time, seconds } = columns;
  let read = 0;
  for (let r = 0; r < length; r++) {
    const code = routeOf[r];
    if (code < 0) continue;
    const at = next[code >> 1]++;
    table.readOrder[read++] = at;
    const aOnLeft = (code & 1) === 1;
    const c = choice[r];
    const leftScore = Number.isNaN(score[r]) ? SCORE_OF_CHOICE[c] : score[r];
    const s = aOnLeft ? leftScore : 1 - leftScore;
    table.score[at] = s;
    table.kind[at] = kindCode(c === CHOICE_CODE['both-bad'], s);
    table.aOnLeft[at] = aOnLeft ? SIDE.left : SIDE.right;
    table.time[at] = time[r];
    table.seconds[at] = seconds[r];
    table.itemId[at] = item[r];
    table.raterId[at] = rater[r];
  }
  table.itemNames = inNameOrder(table.itemId, columns.items, columns.itemsInNameOrder);
  table.raterNames = inNameOrder(table.raterId, columns.raters);
  return table;
}
