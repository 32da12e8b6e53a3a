// The one form every statistic reads: all outcomes of a report as columns, grouped by oriented pair
// (slot k holds the outcomes of pairs[k] = [a, b], a the candidate), items and raters as numeric
// ids. Per-pair and per-item tallies become array indexing, and a million outcomes are never a
// million objects. Built from judgments (fromJudgments.ts) for reports, from Outcome objects
// (fromOutcomes.ts) for tests and small callers. A statistic takes (table, slot, mask?) or (table).
import { CHOICE_CODE, SCORE_OF_CHOICE } from '../judgments/columns.ts';
import type { Judgment } from '../judgments/record.ts';
import type { OutcomeKind } from './outcome.ts';

/** The outcome kinds as stored in OutcomeTable.kind: the one encoding of a win, loss, tie, both-bad. */
export const KIND = { win: 0, loss: 1, tie: 2, bothBad: 3 } as const;
export type KindCode = (typeof KIND)[keyof typeof KIND];

/** A kind code's name, and the code of a name. */
export const KIND_NAMES: readonly OutcomeKind[] = ['win', 'loss', 'tie', 'both-bad'];
export const KIND_OF: Readonly<Record<OutcomeKind, KindCode>> = { win: KIND.win, loss: KIND.loss, tie: KIND.tie, 'both-bad': KIND.bothBad };

/** The kind seen from b: a's win is b's loss. */
export const MIRRORED_KIND: readonly KindCode[] = [KIND.loss, KIND.win, KIND.tie, KIND.bothBad];

/** The kind of an outcome from whether the rater said "both bad" and a's score: the one place a kind is decided. */
export function kindCode(bothBad: boolean, score: number): KindCode {
  return bothBad ? KIND.bothBad : score > 0.5 ? KIND.win : score < 0.5 ? KIND.loss : KIND.tie;
}

/** The left response's score: as given (soft judges), else from the choice. */
export function leftScore(j: Pick<Judgment, 'choice' | 'score'>): number {
  return j.score ?? SCORE_OF_CHOICE[CHOICE_CODE[j.choice]];
}

/** OutcomeTable.aOnLeft values. */
export const SIDE = { right: 0, left: 1, unknown: 2 } as const;

export interface OutcomeTable {
  /** The oriented pair of each slot: [a, b], a's score is the one stored. */
  pairs: ReadonlyArray<readonly [string, string]>;
  /** Outcomes of slot k are at start[k] up to start[k + 1]. */
  start: Int32Array;
  /** a's score in [0, 1]. */
  score: Float64Array;
  /** A KIND code. */
  kind: Uint8Array;
  /** A SIDE value: whether a was shown on the left. */
  aOnLeft: Uint8Array;
  /** Milliseconds since the epoch; NaN when unknown. */
  time: Float64Array;
  /** Seconds the rater took; NaN when unknown. */
  seconds: Float64Array;
  /** Ids numbered in the order of their names, so ordering ids orders names (as `<` does). */
  itemId: Int32Array;
  itemNames: string[];
  raterId: Int32Array;
  raterNames: string[];
  /** Table positions of the outcomes in the order they were read. */
  readOrder: Int32Array;
}

/**
 * Which of a table's outcomes a statistic looks at (1) and which not (0), by table position: a
 * breakdown (per tag, per length bucket) is a statistic over a mask, not over a copy.
 */
export type OutcomeMask = Uint8Array;

/** The outcomes a table holds. */
export function outcomeCount(table: Pick<OutcomeTable, 'kind'>): number {
  return table.kind.length;
}

export function slotSize(table: Pick<OutcomeTable, 'start'>, slot: number): number {
  return table.start[slot + 1] - table.start[slot];
}

/** Table columns for `total` outcomes in the given slots, to be filled in. */
export function emptyTable(pairs: ReadonlyArray<readonly [string, string]>, start: Int32Array, total: number): OutcomeTable {
  return {
    pairs,
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

/**
 * Renumbers `ids` (in place) to the used names only, in name order (`<`), so that ordering ids
 * orders names; returns the names by new id. Names already in order need no sort.
 */
export function inNameOrder(ids: Int32Array, names: readonly string[], alreadyInOrder = false): string[] {
  const used = new Uint8Array(names.length);
  for (let e = 0; e < ids.length; e++) used[ids[e]] = 1;
  const kept: number[] = [];
  for (let i = 0; i < names.length; i++) if (used[i]) kept.push(i);
  if (!alreadyInOrder) kept.sort((x, y) => (names[x] < names[y] ? -1 : names[x] > names[y] ? 1 : 0));
  const rank = new Int32Array(names.length);
  for (let r = 0; r < kept.length; r++) rank[kept[r]] = r;
  for (let e = 0; e < ids.length; e++) ids[e] = rank[ids[e]];
  return kept.map((i) => names[i]);
}
