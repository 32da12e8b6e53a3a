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

function row(j: Judgment, repeated: CellCache): string {
  const leftScore = j.score ?? (j.choice === 'left' ? 1 : j.choice === 'right' ? 0 : 0.5);
  const left = repeated.cell(j.left);
  const right = repeated.cell(j.right);
  const winner = j.choice === 'left' ? left : j.choice === 'right' ? right : j.choice;
  const attention = j.attention ? `${j.attention.expected},${j.attention.passed}` : ',';
  return (
    `${repeated.cell(j.study)},${csvCell(j.task)},${repeated.cell(j.item)},${repeated.cell(j.rater)},${left},${right},${j.choice},${winner},` +
    `${optional(j.strength)},${leftScore},${attention},${optional(j.seconds)},${j.answeredAt === undefined ? '' : csvCell(j.answeredAt)},${repeated.cell(j.source)}\n`
  );
}

/** Rows per chunk: chunks are joined once at the end, so no string is rebuilt row by row. */
const CHUNK_ROWS = 4096;

export function judgmentsToCsv(judgments: readonly Judgment[]): string {
  const repeated = new CellCache();
  const chunks: string[] = [CSV_COLUMNS.join(',') + '\n'];
  for (let from = 0; from < judgments.length; from += CHUNK_ROWS) {
    const to = Math.min(judgments.length, from + CHUNK_ROWS);
    const rows = new Array<string>(to - from);
    for (let i = from; i < to; i++) rows[i - from] = row(judgments[i], repeated);
    chunks.push(rows.join(''));
  }
  return chunks.join('');
}
