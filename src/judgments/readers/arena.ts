// Chatbot Arena battle logs (JSON array, JSON lines or CSV): model_a was shown on the left, model_b
// on the right; winner is model_a | model_b | tie | tie (bothbad). A log holds a million battles,
// so they go straight into columns (src/judgments/columns.ts): a plain CSV (no quoted cells) is
// split by hand and JSON lines are parsed one by one, with no record object in between; anything
// else (quoted CSV, a JSON array) goes through the general record reader. Every row is checked the
// same way on either path, and an error names the file and line. The judgment objects are made
// only if something asks for them.
import { PrefstudyError } from '../../errors.ts';
import { CHOICE_CODE, CHOICES, Interner, emptyColumns, type JudgmentColumns } from '../columns.ts';
import type { Choice, Judgment } from '../record.ts';
import { JUDGMENT_VERSION } from '../record.ts';
import { describe, detectContainer, readRecords } from './records.ts';
import { type ReadResult, emptyCounts } from './types.ts';
import { importedTaskId, requireFields, sha256, studyIdFromFile, text } from './util.ts';

export const ARENA_FIELDS = ['model_a', 'model_b', 'winner'];

const WINNERS: Record<string, Choice> = {
  model_a: 'left',
  model_b: 'right',
  tie: 'tie',
  'tie (bothbad)': 'both-bad',
};

const WINNER_ENTRIES = Object.entries(WINNERS);

/** The fields of one battle, however they were read. */
interface Battle {
  model_a: unknown;
  model_b: unknown;
  winner: unknown;
  question_id?: unknown;
  prompt_id?: unknown;
  judge?: unknown;
  tstamp?: unknown;
}

export function readArena(file: string, content: string): ReadResult {
  const container = detectContainer(file, content);
  const rows = new ArenaRows(file);
  if (!fastPath(container, file, content, rows)) {
    const records = readRecords(file, content, container);
    requireFields(file, records, ARENA_FIELDS, 'Chatbot Arena battle', container === 'csv');
    rows.reset();
    for (const { line, at, fields } of records) rows.add(fields as unknown as Battle, line, at);
  }
  return rows.result(content);
}

/**
 * Reads the file on the fast path when it can. Any problem sends it to the general reader instead,
 * which checks the whole file in its own order and words the error: so both paths give the same
 * judgments, and the same error for the same file.
 */
function fastPath(container: ReturnType<typeof detectContainer>, file: string, content: string, rows: ArenaRows): boolean {
  try {
    return container === 'csv' ? readPlainCsv(content, rows) : container === 'jsonl' ? readJsonLines(content, rows) : false;
  } catch (error) {
    if (error instanceof PrefstudyError) return false;
    throw error;
  }
}

/** The columns the fast CSV path reads, by name; their cells' positions in the header. */
const CSV_COLUMNS = ['model_a', 'model_b', 'winner', 'question_id', 'prompt_id', 'judge', 'tstamp'] as const;

/**
 * A CSV without quotes, its cells found line by line as positions in the text: a string is made
 * only of a name not met before (Interner.idOfRange) and of a time stamp. False when the file needs
 * the general reader: a quote anywhere, a missing column, a row whose cell count differs from the
 * header's, or a row the checks reject (the general reader then words the error).
 */
function readPlainCsv(content: string, rows: ArenaRows): boolean {
  if (content.includes('"')) return false;
  let at = content.charCodeAt(0) === 0xfeff ? 1 : 0;
  let width = -1;
  let index: number[] = [];
  let cellStart = new Int32Array(0);
  let cellEnd = new Int32Array(0);
  while (at < content.length) {
    let end = content.indexOf('\n', at);
    if (end === -1) end = content.length;
    const stop = end > at && content.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const lineStart = at;
    at = end + 1;
    if (stop === lineStart) continue;
    if (width < 0) {
      const header = content.slice(lineStart, stop).split(',').map((h) => h.trim());
      if (ARENA_FIELDS.some((f) => !header.includes(f))) return false;
      index = CSV_COLUMNS.map((name) => header.indexOf(name));
      width = header.length;
      cellStart = new Int32Array(width);
      cellEnd = new Int32Array(width);
      continue;
    }
    let cells = 0;
    for (let from = lineStart; ; ) {
      if (cells === width) return false;
      const comma = content.indexOf(',', from);
      const to = comma === -1 || comma > stop ? stop : comma;
      cellStart[cells] = from;
      cellEnd[cells++] = to;
      if (to === stop) break;
      from = to + 1;
    }
    if (cells !== width || !rows.addCells(content, cellStart, cellEnd, index)) return false;
  }
  return width >= 0 && rows.length > 0;
}

/** JSON lines parsed one at a time into the rows; false at the first line that is not a battle object. */
function readJsonLines(content: string, rows: ArenaRows): boolean {
  let at = 0;
  let line = 0;
  while (at <= content.length) {
    let end = content.indexOf('\n', at);
    if (end === -1) end = content.length;
    line++;
    const raw = content.slice(at, end);
    at = end + 1;
    if (raw.trim() === '') continue;
    let fields: unknown;
    try {
      fields = JSON.parse(raw);
    } catch {
      return false;
    }
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return false;
    if (ARENA_FIELDS.some((f) => !(f in fields))) return false;
    rows.add(fields as Battle, line, '');
  }
  return rows.length > 0;
}

/** Battles checked and gathered into growing columns. */
class ArenaRows {
  length = 0;
  private columns = emptyColumns(1 << 12);
  private systems = new Interner();
  private raters = new Interner();
  private items = new Interner();
  /** Per row, whether its item is named in the log (else it is `row-<n>`). */
  private named = new Uint8Array(1 << 12);
  private anyNamed = false;

  constructor(private readonly file: string) {}

  reset(): void {
    this.length = 0;
    this.systems = new Interner();
    this.raters = new Interner();
    this.items = new Interner();
    this.anyNamed = false;
  }

  add(battle: Battle, line: number, at: string): void {
    const { file } = this;
    const left = text(battle.model_a);
    const right = text(battle.model_b);
    if (!left || !right) {
      throw new PrefstudyError('invalid-input', `${file}: a battle lacks a model name`, [
        { file, line, field: at + (left ? 'model_b' : 'model_a'), message: 'empty model name' },
      ]);
    }
    const winner = String(battle.winner);
    const choice = Object.hasOwn(WINNERS, winner) ? WINNERS[winner] : undefined;
    if (choice === undefined) {
      throw new PrefstudyError('invalid-input', `${file}: winner value not allowed`, [
        { file, line, field: `${at}winner`, message: 'winner value not allowed', expected: 'model_a, model_b, tie or tie (bothbad)', found: describe(battle.winner) },
      ]);
    }
    const item = text(battle.question_id) ?? text(battle.prompt_id);
    const tstamp = battle.tstamp === undefined || battle.tstamp === '' ? NaN : Number(battle.tstamp);
    const rater = this.raters.idOf(text(battle.judge) ?? 'arena');
    this.push(this.systems.idOf(left), this.systems.idOf(right), CHOICE_CODE[choice], rater, item === undefined ? -1 : this.items.idOf(item), tstamp);
  }

  /**
   * A row of a plain CSV, its cells given as positions in `content` (indexes of CSV_COLUMNS' cells,
   * -1 for a column the file lacks). False, adding nothing, for a row add() would reject.
   */
  addCells(content: string, start: Int32Array, end: Int32Array, index: readonly number[]): boolean {
    const [modelA, modelB, winner, questionId, promptId, judge, tstamp] = index;
    if (start[modelA] === end[modelA] || start[modelB] === end[modelB]) return false;
    const choice = winnerCode(content, start[winner], end[winner]);
    if (choice < 0) return false;
    const filled = (i: number) => i >= 0 && start[i] < end[i];
    const itemCell = filled(questionId) ? questionId : filled(promptId) ? promptId : -1;
    this.push(
      this.systems.idOfRange(content, start[modelA], end[modelA]),
      this.systems.idOfRange(content, start[modelB], end[modelB]),
      choice,
      filled(judge) ? this.raters.idOfRange(content, start[judge], end[judge]) : this.raters.idOf('arena'),
      itemCell < 0 ? -1 : this.items.idOfRange(content, start[itemCell], end[itemCell]),
      filled(tstamp) ? Number(content.slice(start[tstamp], end[tstamp])) : NaN,
    );
    return true;
  }

  /** One checked battle; `item` -1 when the log does not name it. */
  private push(left: number, right: number, choice: number, rater: number, item: number, tstamp: number): void {
    if (this.length === this.columns.length) this.grow();
    const r = this.length++;
    const c = this.columns;
    c.left[r] = left;
    c.right[r] = right;
    c.choice[r] = choice;
    c.score[r] = NaN;
    c.rater[r] = rater;
    this.named[r] = item < 0 ? 0 : 1;
    if (item >= 0) {
      c.item[r] = item;
      this.anyNamed = true;
    }
    // As the ISO time a judgment keeps: whole milliseconds (a Date truncates), none beyond a Date's range.
    c.time[r] = Number.isFinite(tstamp) && Math.abs(tstamp * 1000) <= 8.64e15 ? Math.trunc(tstamp * 1000) : NaN;
    c.seconds[r] = NaN;
    c.attention[r] = 0;
  }

  result(content: string): ReadResult {
    const columns = this.finish();
    const study = studyIdFromFile(this.file);
    const source = `import:arena:${this.file}`;
    let judgments: Judgment[] | undefined;
    const counts = { ...emptyCounts(), read: columns.length, used: columns.length };
    return {
      format: 'arena',
      file: this.file,
      study,
      columns,
      // Made when first asked for: a report in JSON never needs a million objects.
      get judgments(): Judgment[] {
        judgments ??= arenaJudgments(columns, study, source);
        return judgments;
      },
      items: new Map(),
      counts,
      sha256: sha256(content),
    };
  }

  /** The columns cut to length; an unnamed item is `row-<n>` (n zero-padded, so names sort as rows do). */
  private finish(): JudgmentColumns {
    const n = this.length;
    const cut = <T extends { subarray(from: number, to: number): T }>(a: T) => a.subarray(0, n);
    const c = this.columns;
    const width = String(n).length;
    const rowName = (r: number) => `row-${String(r + 1).padStart(width, '0')}`;
    let items: string[];
    const item = cut(c.item);
    if (!this.anyNamed) {
      items = Array.from({ length: n }, (_, r) => rowName(r));
      for (let r = 0; r < n; r++) item[r] = r;
    } else {
      for (let r = 0; r < n; r++) if (!this.named[r]) item[r] = this.items.idOf(rowName(r));
      items = this.items.names;
    }
    return {
      length: n,
      systems: this.systems.names,
      left: cut(c.left),
      right: cut(c.right),
      choice: cut(c.choice),
      score: cut(c.score),
      items,
      item,
      itemsInNameOrder: !this.anyNamed,
      raters: this.raters.names,
      rater: cut(c.rater),
      time: cut(c.time),
      seconds: cut(c.seconds),
      attention: cut(c.attention),
    };
  }

  private grow(): void {
    const size = this.columns.length * 2;
    const next = emptyColumns(size);
    const c = this.columns;
    next.left.set(c.left);
    next.right.set(c.right);
    next.choice.set(c.choice);
    next.score.set(c.score);
    next.item.set(c.item);
    next.rater.set(c.rater);
    next.time.set(c.time);
    next.seconds.set(c.seconds);
    next.attention.set(c.attention);
    this.columns = next;
    const named = new Uint8Array(size);
    named.set(this.named);
    this.named = named;
  }
}

/** The CHOICE_CODE of the winner cell at start .. end of `content`, or -1 when it is not a winner value. */
function winnerCode(content: string, start: number, end: number): number {
  for (const [value, choice] of WINNER_ENTRIES) if (value.length === end - start && content.startsWith(value, start)) return CHOICE_CODE[choice];
  return -1;
}

/** The judgment objects of arena columns (task ids by row, as every read of the file gives them). */
function arenaJudgments(columns: JudgmentColumns, study: string, source: string): Judgment[] {
  const out = new Array<Judgment>(columns.length);
  for (let r = 0; r < columns.length; r++) {
    const judgment: Judgment = {
      v: JUDGMENT_VERSION,
      study,
      task: importedTaskId('arena', study, r),
      rater: columns.raters[columns.rater[r]],
      item: columns.items[columns.item[r]],
      left: columns.systems[columns.left[r]],
      right: columns.systems[columns.right[r]],
      choice: CHOICES[columns.choice[r]],
      source,
    };
    if (!Number.isNaN(columns.time[r])) judgment.answeredAt = new Date(columns.time[r]).toISOString();
    out[r] = judgment;
  }
  return out;
}
