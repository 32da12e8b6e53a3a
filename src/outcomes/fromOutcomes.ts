// An outcome table from Outcome objects: for tests and small callers that state outcomes by hand.
// Outcomes keep their order within each pair; with `pairs` given, an outcome recorded as (b, a) is
// turned around into its pair's slot (b's win is a's loss) and outcomes of other pairs are left
// out; without, each unordered pair gets a slot, oriented as it first appears.
import type { Outcome, OutcomeKind } from './outcome.ts';
import { Interner } from '../judgments/columns.ts';
import { KIND_NAMES, KIND_OF, MIRRORED_KIND, SIDE, emptyTable, inNameOrder, type OutcomeTable } from './table.ts';

export function tableOf(outcomes: readonly Outcome[], pairs?: ReadonlyArray<readonly [string, string]>): OutcomeTable {
  const slots: Array<readonly [string, string]> = pairs ? [...pairs] : [];
  const slotOf = new Map<string, { slot: number; flip: boolean }>();
  const key = (a: string, b: string) => JSON.stringify([a, b]);
  slots.forEach(([a, b], slot) => {
    slotOf.set(key(a, b), { slot, flip: false });
    if (!slotOf.has(key(b, a))) slotOf.set(key(b, a), { slot, flip: true });
  });
  const placed: Array<{ slot: number; flip: boolean } | undefined> = outcomes.map((o) => {
    let found = slotOf.get(key(o.a, o.b));
    if (!found && !pairs) {
      found = { slot: slots.length, flip: false };
      slots.push([o.a, o.b]);
      slotOf.set(key(o.a, o.b), found);
      if (!slotOf.has(key(o.b, o.a))) slotOf.set(key(o.b, o.a), { slot: found.slot, flip: true });
    }
    return found;
  });
  const start = new Int32Array(slots.length + 1);
  for (const p of placed) if (p) start[p.slot + 1]++;
  for (let k = 0; k < slots.length; k++) start[k + 1] += start[k];
  const table = emptyTable(slots, start, start[slots.length]);
  const next = start.slice(0, slots.length);
  const items = new Interner();
  const raters = new Interner();
  let read = 0;
  outcomes.forEach((o, t) => {
    const p = placed[t];
    if (!p) return;
    const at = next[p.slot]++;
    table.readOrder[read++] = at;
    table.score[at] = p.flip ? 1 - o.score : o.score;
    const kind = KIND_OF[o.kind as OutcomeKind];
    table.kind[at] = p.flip ? MIRRORED_KIND[kind] : kind;
    table.aOnLeft[at] = o.aOnLeft === undefined ? SIDE.unknown : o.aOnLeft !== p.flip ? SIDE.left : SIDE.right;
    table.time[at] = o.time ?? NaN;
    table.seconds[at] = o.seconds ?? NaN;
    table.itemId[at] = items.idOf(o.item);
    table.raterId[at] = raters.idOf(o.rater);
  });
  table.itemNames = inNameOrder(table.itemId, items.names);
  table.raterNames = inNameOrder(table.raterId, raters.names);
  return table;
}

/** The outcome at table position `at`, as an object (for presenting a few, and for tests). */
export function outcomeAt(table: OutcomeTable, at: number, slot: number): Outcome {
  const [a, b] = table.pairs[slot];
  const side = table.aOnLeft[at];
  return {
    a,
    b,
    score: table.score[at],
    kind: KIND_NAMES[table.kind[at]],
    item: table.itemNames[table.itemId[at]],
    rater: table.raterNames[table.raterId[at]],
    ...(side !== SIDE.unknown ? { aOnLeft: side === SIDE.left } : {}),
    ...(Number.isNaN(table.seconds[at]) ? {} : { seconds: table.seconds[at] }),
    ...(Number.isNaN(table.time[at]) ? {} : { time: table.time[at] }),
  };
}

/** A slot's outcomes as objects, in table order. */
export function outcomesOfSlot(table: OutcomeTable, slot: number): Outcome[] {
  const out: Outcome[] = [];
  for (let at = table.start[slot]; at < table.start[slot + 1]; at++) out.push(outcomeAt(table, at, slot));
  return out;
}
