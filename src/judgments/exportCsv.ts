// Judgments as a tidy CSV: one row per judgment, one column per fact, RFC 4180 quoting. `winner`
// names the preferred system so the file can be analysed without knowing screen sides.
import type { Judgment } from './record.ts';

export const CSV_COLUMNS = [
  'study', 'task', 'item', 'rater', 'left', 'right', 'choice', 'winner', 'strength', 'left_score',
  'attention_expected', 'attention_passed', 'seconds', 'answered_at', 'source',
] as const;

const NEEDS_QUOTES = /[",\n\r]/;

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const s = String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * csvCell for text fields whose values repeat (systems, raters, items, the study): each distinct
 * value is escaped once. The cache is per export, so it never outlives the call.
 */
class CellCache {
  private readonly cells = new Map<string, string>();

  cell(value: string | undefined): string {
    if (value === undefined) return '';
    let cell = this.cells.get(value);
    if (cell === undefined) {
      cell = csvCell(value);
      this.cells.set(value, cell);
    }
    return cell;
  }
}

function optional(value: number | boolean | undefined): string {
  return value === undefined ? '' : String(value);
}

/**
 * One row's cells written into `cells` (reused): joining an array gives one flat string, where a
 * template of 15 parts would leave a tree of ~30 concatenations to flatten and collect per row.
 */
function fillRow(j: Judgment, repeated: CellCache, cells: string[]): void {
  const left = repeated.cell(j.left);
  const right = repeated.cell(j.right);
  cells[0] = repeated.cell(j.study);
  cells[1] = csvCell(j.task);
  cells[2] = repeated.cell(j.item);
  cells[3] = repeated.cell(j.rater);
  cells[4] = left;
  cells[5] = right;
  cells[6] = j.choice;
  cells[7] = j.choice === 'left' ? left : j.choice === 'right' ? right : j.choice;
  cells[8] = optional(j.strength);
  cells[9] = String(j.score ?? (j.choice === 'left' ? 1 : j.choice === 'right' ? 0 : 0.5));
  cells[10] = j.attention ? String(j.attention.expected) : '';
  cells[11] = j.attention ? String(j.attention.passed) : '';
  cells[12] = optional(j.seconds);
  cells[13] = j.answeredAt === undefined ? '' : csvCell(j.answeredAt);
  cells[14] = repeated.cell(j.source);
}

/** Rows per chunk: a chunk is ~0.6 MB of text for typical judgments. */
const CHUNK_ROWS = 4096;

/**
 * The CSV in chunks of whole rows, the header first: a caller can write or send a large export
 * without ever holding it as one string. Each call starts over.
 */
export function* judgmentsCsvChunks(judgments: readonly Judgment[]): Generator<string> {
  const repeated = new CellCache();
  const cells = new Array<string>(CSV_COLUMNS.length).fill('');
  yield CSV_COLUMNS.join(',') + '\n';
  for (let from = 0; from < judgments.length; from += CHUNK_ROWS) {
    const to = Math.min(judgments.length, from + CHUNK_ROWS);
    const rows = new Array<string>(to - from);
    for (let i = from; i < to; i++) {
      fillRow(judgments[i], repeated, cells);
      rows[i - from] = cells.join(',');
    }
    yield rows.join('\n') + '\n';
  }
}

/** judgmentsCsvChunks as UTF-8 bytes, ready for a file or a response. */
export function* judgmentsCsvBytes(judgments: readonly Judgment[]): Generator<Uint8Array> {
  for (const chunk of judgmentsCsvChunks(judgments)) yield Buffer.from(chunk, 'utf8');
}

export function judgmentsToCsv(judgments: readonly Judgment[]): string {
  return [...judgmentsCsvChunks(judgments)].join('');
}
