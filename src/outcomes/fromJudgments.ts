// The report's outcome table, built from the judgments in one read: each judgment is routed to its
// oriented pair (slot) by a counting sort, so every later statistic walks memory in order.
import type { Judgment } from '../judgments/record.ts';
import { parseIsoTime } from './isoTime.ts';
import { IdTable, SIDE, emptyTable, kindCode, leftScore, type OutcomeTable } from './table.ts';

/** The outcomes of the judgments about each of `pairs` (either side on the left); others are left out. */
export function outcomeTable(judgments: readonly Judgment[], pairs: ReadonlyArray<readonly [string, string]>): OutcomeTable {
  // left -> right -> slot: two map lookups per change of (left, right), no string building.
  const route = new Map<string, Map<string, number>>();
  const add = (x: string, y: string, slot: number) => {
    const inner = route.get(x) ?? new Map<string, number>();
    inner.set(y, slot);
    route.set(x, inner);
  };
  pairs.forEach(([a, b], slot) => {
    add(a, b, slot);
    add(b, a, slot);
  });
  const slotOfJudgment = new Int32Array(judgments.length).fill(-1);
  const start = new Int32Array(pairs.length + 1);
  let lastLeft: string | undefined;
  let lastRight: string | undefined;
  let lastSlot = -1;
  for (let t = 0; t < judgments.length; t++) {
    const j = judgments[t];
    if (j.left !== lastLeft || j.right !== lastRight) {
      lastLeft = j.left;
      lastRight = j.right;
      lastSlot = route.get(j.left)?.get(j.right) ?? -1;
    }
    slotOfJudgment[t] = lastSlot;
    if (lastSlot >= 0) start[lastSlot + 1]++;
  }
  for (let k = 0; k < pairs.length; k++) start[k + 1] += start[k];
  // Read the judgments in order and scatter what the outcomes need into pair order (scattered
  // writes are cheap, scattered reads of a million objects are not).
  const total = start[pairs.length];
  const next = start.slice(0, pairs.length);
  const table = emptyTable(pairs, start, total);
  const items = new IdTable();
  const raters = new IdTable();
  let read = 0;
  for (let t = 0; t < judgments.length; t++) {
    const slot = slotOfJudgment[t];
    if (slot < 0) continue;
    const at = next[slot]++;
    table.readOrder[read++] = at;
    const j = judgments[t];
    const aOnLeft = j.left === pairs[slot][0];
    const score = aOnLeft ? leftScore(j) : 1 - leftScore(j);
    table.score[at] = score;
    table.kind[at] = kindCode(j.choice, score);
    table.aOnLeft[at] = aOnLeft ? SIDE.left : SIDE.right;
    const time = j.answeredAt ? parseIsoTime(j.answeredAt) : undefined;
    table.time[at] = time !== undefined && Number.isFinite(time) ? time : NaN;
    table.seconds[at] = j.seconds ?? NaN;
    table.itemId[at] = items.idOf(j.item);
    table.raterId[at] = raters.idOf(j.rater);
  }
  table.itemNames = items.sortIds(table.itemId);
  table.raterNames = raters.sortIds(table.raterId);
  return table;
}
