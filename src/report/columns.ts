// The report's outcomes as columns in pair order, with items and raters as numeric ids: per-pair
// and per-item tallies become array indexing instead of Maps keyed by strings.
import type { Outcome, OutcomeKind } from '../stats/outcome.ts';

/** Outcome kinds as stored in OutcomeColumns.kind. */
export const KIND = { win: 0, loss: 1, tie: 2, bothBad: 3 } as const;

export interface OutcomeColumns {
  /** Outcomes of pair slot k are at start[k] up to start[k + 1]. */
  start: Int32Array;
  score: Float64Array;
  /** A KIND value. */
  kind: Uint8Array;
  aOnLeft: Uint8Array;
  /** NaN when unknown. */
  time: Float64Array;
  /** NaN when unknown. */
  seconds: Float64Array;
  /** Ids numbered in the order of their names, so ordering ids orders names (as `<` does). */
  itemId: Int32Array;
  itemNames: string[];
  raterId: Int32Array;
  raterNames: string[];
  /** Positions of the outcomes in the order their judgments were read. */
  readOrder: Int32Array;
}

const KINDS: OutcomeKind[] = ['win', 'loss', 'tie', 'both-bad'];

/** The outcome at position `at`, of the pair (a, b) whose slot holds it. */
export function outcomeAt(columns: OutcomeColumns, at: number, a: string, b: string): Outcome {
  const time = columns.time[at];
  return {
    a,
    b,
    score: columns.score[at],
    kind: KINDS[columns.kind[at]],
    item: columns.itemNames[columns.itemId[at]],
    rater: columns.raterNames[columns.raterId[at]],
    aOnLeft: columns.aOnLeft[at] === 1,
    seconds: Number.isNaN(columns.seconds[at]) ? undefined : columns.seconds[at],
    time: Number.isNaN(time) ? undefined : time,
  };
}

/**
 * The outcomes of each pair slot as objects, built on first use: the report works from the columns,
 * and only small or rare paths (per-pair agreement, lengths, tags, the i.i.d. bootstrap) need objects.
 */
export function slotOutcomes(columns: OutcomeColumns, pairs: ReadonlyArray<readonly [string, string]>): (slot: number) => Outcome[] {
  const built = new Map<number, Outcome[]>();
  return (slot) => {
    let list = built.get(slot);
    if (!list) {
      list = outcomesOfSlot(columns, slot, pairs[slot][0], pairs[slot][1]);
      built.set(slot, list);
    }
    return list;
  };
}

export function outcomesOfSlot(columns: OutcomeColumns, slot: number, a: string, b: string): Outcome[] {
  const list: Outcome[] = [];
  for (let e = columns.start[slot]; e < columns.start[slot + 1]; e++) list.push(outcomeAt(columns, e, a, b));
  return list;
}

export function emptyColumns(start: Int32Array, total: number): OutcomeColumns {
  return {
    start,
    score: new Float64Array(total),
    kind: new Uint8Array(total),
    aOnLeft: new Uint8Array(total),
    time: new Float64Array(total),
    seconds: new Float64Array(total),
    itemId: new Int32Array(total),
    itemNames: [],
    raterId: new Int32Array(total),
    raterNames: [],
    readOrder: new Int32Array(total),
  };
}

/** Numbers strings in order of first appearance; sortIds then renumbers them in name order. */
export class IdTable {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private last: string | undefined;
  private lastId = -1;

  idOf(name: string): number {
    if (name === this.last) return this.lastId;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    this.last = name;
    this.lastId = id;
    return id;
  }

  /** Rewrites `ids` so that id order is name order; returns the names by new id. */
  sortIds(ids: Int32Array): string[] {
    const byName = this.names.map((_, i) => i).sort((x, y) => (this.names[x] < this.names[y] ? -1 : this.names[x] > this.names[y] ? 1 : 0));
    const rank = new Int32Array(this.names.length);
    for (let r = 0; r < byName.length; r++) rank[byName[r]] = r;
    for (let e = 0; e < ids.length; e++) ids[e] = rank[ids[e]];
    return byName.map((i) => this.names[i]);
  }
}
