// The report's outcomes as columns, built from the judgments in one read: each judgment is routed
// to its oriented pair (slot) by a counting sort, so every later analysis walks memory in order.
import type { Judgment } from '../judgments/record.ts';
import type { Outcome } from '../stats/outcome.ts';
import { emptyColumns, IdTable, KIND, outcomesOfSlot, type OutcomeColumns } from './columns.ts';
import { parseIsoTime } from './isoTime.ts';
import { pairKey } from './orient.ts';

/**
 * The outcomes by pair key, and the same outcomes as columns (pair slot k = pairs[k]). The report
 * itself works from the columns (outcomeColumns); the objects are for tests and small callers.
 */
export function pairOutcomes(
  judgments: readonly Judgment[],
  pairs: ReadonlyArray<[string, string]>,
): { byKey: Map<string, Outcome[]>; columns: OutcomeColumns } {
  const columns = outcomeColumns(judgments, pairs);
  const byKey = new Map(pairs.map(([a, b], slot) => [pairKey(a, b), outcomesOfSlot(columns, slot, a, b)] as const));
  return { byKey, columns };
}

/**
 * The outcomes of every oriented pair as columns, sorted by pair (a counting sort): every later
 * analysis walks them pair by pair, and so walks memory in order.
 */
export function outcomeColumns(judgments: readonly Judgment[], pairs: ReadonlyArray<[string, string]>): OutcomeColumns {
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
  const parts = emptyColumns(start, total);
  const items = new IdTable();
  const raters = new IdTable();
  let read = 0;
  for (let t = 0; t < judgments.length; t++) {
    const slot = slotOfJudgment[t];
    if (slot < 0) continue;
    const at = next[slot]++;
    parts.readOrder[read++] = at;
    const j = judgments[t];
    outcomePartsInto(parts, at, j, pairs[slot][0]);
    parts.itemId[at] = items.idOf(j.item);
    parts.raterId[at] = raters.idOf(j.rater);
  }
  parts.itemNames = items.sortIds(parts.itemId);
  parts.raterNames = raters.sortIds(parts.raterId);
  return parts;
}

/** What toOutcome(j, a, b) computes, for a judgment known to be about the pair (a, b). */
function outcomePartsInto(parts: OutcomeColumns, at: number, j: Judgment, a: string): void {
  const aOnLeft = j.left === a;
  const leftScore = j.score ?? (j.choice === 'left' ? 1 : j.choice === 'right' ? 0 : 0.5);
  const score = aOnLeft ? leftScore : 1 - leftScore;
  parts.score[at] = score;
  parts.kind[at] = j.choice === 'both-bad' ? KIND.bothBad : score > 0.5 ? KIND.win : score < 0.5 ? KIND.loss : KIND.tie;
  parts.aOnLeft[at] = aOnLeft ? 1 : 0;
  const time = j.answeredAt ? parseIsoTime(j.answeredAt) : undefined;
  parts.time[at] = time !== undefined && Number.isFinite(time) ? time : NaN;
  parts.seconds[at] = j.seconds ?? NaN;
}
