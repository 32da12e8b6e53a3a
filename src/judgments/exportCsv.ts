// Judgments as a tidy CSV: one row per judgment, one column per fact, RFC 4180 quoting. `winner`
// names the preferred system so the file can be analysed without knowing screen sides.
import { CsvByteRows } from './csvBytes.ts';
import type { Judgment } from './record.ts';

export const CSV_COLUMNS = [
  'study', 'task', 'item', 'rater', 'left', 'right', 'choice', 'winner', 'strength', 'left_score',
  'attention_expected', 'attention_passed', 'seconds', 'answered_at', 'source',
] as const;

function writeRow(rows: CsvByteRows, j: Judgment): void {
  rows.startRow(CSV_COLUMNS.length);
  rows.repeated(j.study);
  rows.comma();
  rows.text(j.task);
  rows.comma();
  rows.repeated(j.item);
  rows.comma();
  rows.repeated(j.rater);
  rows.comma();
  const left = rows.repeated(j.left);
  rows.comma();
  const right = rows.repeated(j.right);
  rows.comma();
  rows.plain(j.choice);
  rows.comma();
  if (j.choice === 'left') rows.again(left, j.left);
  else if (j.choice === 'right') rows.again(right, j.right);
  else rows.plain(j.choice);
  rows.comma();
  if (j.strength !== undefined) rows.plain(String(j.strength));
  rows.comma();
  rows.plain(String(j.score ?? (j.choice === 'left' ? 1 : j.choice === 'right' ? 0 : 0.5)));
  rows.comma();
  if (j.attention) rows.plain(j.attention.expected);
  rows.comma();
  if (j.attention) rows.plain(String(j.attention.passed));
  rows.comma();
  if (j.seconds !== undefined) rows.plain(String(j.seconds));
  rows.comma();
  if (j.answeredAt !== undefined) rows.text(j.answeredAt);
  rows.comma();
  if (j.source !== undefined) rows.repeated(j.source);
  rows.endRow();
}

/**
 * The CSV as UTF-8 chunks of whole rows (about 1 MB each), the header first: a caller can write or
 * send a large export without ever holding it as one string or one buffer. Each call starts over.
 */
export function* judgmentsCsvBytes(judgments: readonly Judgment[]): Generator<Uint8Array> {
  const rows = new CsvByteRows();
  rows.startRow(CSV_COLUMNS.length);
  CSV_COLUMNS.forEach((name, i) => {
    if (i > 0) rows.comma();
    rows.plain(name);
  });
  rows.endRow();
  for (const j of judgments) {
    writeRow(rows, j);
    if (rows.hasFull()) yield* rows.takeFull();
  }
  const rest = rows.rest();
  if (rest) yield rest;
}

export function judgmentsToCsv(judgments: readonly Judgment[]): string {
  return Buffer.concat([...judgmentsCsvBytes(judgments)]).toString('utf8');
}
