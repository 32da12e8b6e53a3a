// A source's judgments as columns: what the statistics need of each judgment, with systems, items
// and raters as numeric ids. A reader of a large log (an arena CSV of a million battles) fills
// these directly and never makes a million objects; other readers' judgments are turned into
// columns in one pass (judgmentColumns). The report reads columns only; the judgment objects are
// made when something needs them whole (the judgments CSV).
import { parseIsoTime } from './isoTime.ts';
import type { Choice, Judgment } from './record.ts';

/** JudgmentColumns.choice codes. */
export const CHOICE_CODE: Readonly<Record<Choice, number>> = { left: 0, right: 1, tie: 2, 'both-bad': 3 };
export const CHOICES: readonly Choice[] = ['left', 'right', 'tie', 'both-bad'];
/** The left response's score a choice stands for, by choice code (ties and "both bad" as half). */
export const SCORE_OF_CHOICE: readonly number[] = [1, 0, 0.5, 0.5];

/** JudgmentColumns.attention codes. */
export const ATTENTION = { none: 0, passed: 1, failed: 2 } as const;

export interface JudgmentColumns {
  length: number;
  systems: string[];
  left: Int32Array;
  right: Int32Array;
  /** A CHOICE_CODE. */
  choice: Uint8Array;
  /** The left response's score as the judgment gives it (soft judges); NaN: from the choice. */
  score: Float64Array;
  items: string[];
  item: Int32Array;
  /** Whether item ids already follow the items' name order (`<`), so no sort is needed. */
  itemsInNameOrder: boolean;
  raters: string[];
  rater: Int32Array;
  /** answeredAt in ms since the epoch; NaN when unknown. */
  time: Float64Array;
  /** NaN when unknown. */
  seconds: Float64Array;
  /** An ATTENTION code. */
  attention: Uint8Array;
}

/** Numbers names in order of first appearance; a repeat of the last name is found without a lookup. */
export class Interner {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  private last: string | undefined;
  private lastId = -1;
  /** Ids by a hash of their names' characters (open addressing, -1 free): for idOfRange. */
  private byHash = new Int32Array(64).fill(-1);
  private hashes: number[] = [];
  private hashed = 0;

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

  /**
   * The id of `text.slice(start, end)`, found by its characters where they stand: a reader
   * splitting a million lines by hand meets the same few names again and again, and would
   * otherwise make a string of each only to look it up.
   */
  idOfRange(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5; // FNV-1a
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const mask = this.byHash.length - 1;
    let slot = hash & mask;
    for (let id = this.byHash[slot]; id >= 0; slot = (slot + 1) & mask, id = this.byHash[slot]) {
      const name = this.names[id];
      if (name.length === end - start && text.startsWith(name, start)) return id;
    }
    const id = this.idOf(text.slice(start, end));
    this.byHash[slot] = id;
    this.hashes[id] = hash;
    if (++this.hashed * 2 > this.byHash.length) this.rehash();
    return id;
  }

  private rehash(): void {
    this.byHash = new Int32Array(this.byHash.length * 2).fill(-1);
    const mask = this.byHash.length - 1;
    this.hashes.forEach((hash, id) => {
      let slot = hash & mask;
      while (this.byHash[slot] >= 0) slot = (slot + 1) & mask;
      this.byHash[slot] = id;
    });
  }
}

/** Empty columns for `length` judgments, to be filled row by row. */
export function emptyColumns(length: number): Omit<JudgmentColumns, 'systems' | 'items' | 'raters' | 'itemsInNameOrder'> {
  return {
    length,
    left: new Int32Array(length),
    right: new Int32Array(length),
    choice: new Uint8Array(length),
    score: new Float64Array(length),
    item: new Int32Array(length),
    rater: new Int32Array(length),
    time: new Float64Array(length),
    seconds: new Float64Array(length),
    attention: new Uint8Array(length),
  };
}

/** Judgment objects as columns, in their order. */
export function judgmentColumns(judgments: readonly Judgment[]): JudgmentColumns {
  const columns = emptyColumns(judgments.length);
  const systems = new Interner();
  const items = new Interner();
  const raters = new Interner();
  for (let r = 0; r < judgments.length; r++) {
    const j = judgments[r];
    columns.left[r] = systems.idOf(j.left);
    columns.right[r] = systems.idOf(j.right);
    columns.choice[r] = CHOICE_CODE[j.choice];
    columns.score[r] = j.score ?? NaN;
    columns.item[r] = items.idOf(j.item);
    columns.rater[r] = raters.idOf(j.rater);
    const time = j.answeredAt ? parseIsoTime(j.answeredAt) : NaN;
    columns.time[r] = Number.isFinite(time) ? time : NaN;
    columns.seconds[r] = j.seconds ?? NaN;
    columns.attention[r] = j.attention ? (j.attention.passed ? ATTENTION.passed : ATTENTION.failed) : ATTENTION.none;
  }
  return { ...columns, systems: systems.names, items: items.names, itemsInNameOrder: false, raters: raters.names };
}

/** Several sources' columns as one, names merged (ids of the first kept, the others renumbered). */
export function concatColumns(parts: readonly JudgmentColumns[]): JudgmentColumns {
  if (parts.length === 1) return parts[0];
  const length = parts.reduce((n, p) => n + p.length, 0);
  const columns = emptyColumns(length);
  const systems = new Interner();
  const items = new Interner();
  const raters = new Interner();
  let at = 0;
  for (const part of parts) {
    const sys = part.systems.map((s) => systems.idOf(s));
    const item = part.items.map((s) => items.idOf(s));
    const rater = part.raters.map((s) => raters.idOf(s));
    for (let r = 0; r < part.length; r++, at++) {
      columns.left[at] = sys[part.left[r]];
      columns.right[at] = sys[part.right[r]];
      columns.item[at] = item[part.item[r]];
      columns.rater[at] = rater[part.rater[r]];
    }
    columns.choice.set(part.choice, at - part.length);
    columns.score.set(part.score, at - part.length);
    columns.time.set(part.time, at - part.length);
    columns.seconds.set(part.seconds, at - part.length);
    columns.attention.set(part.attention, at - part.length);
  }
  return { ...columns, systems: systems.names, items: items.names, itemsInNameOrder: false, raters: raters.names };
}
