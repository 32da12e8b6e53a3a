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

function winner(j: Judgment): string {
  if (j.choice === 'left') return j.left;
  if (j.choice === 'right') return j.right;
  return j.choice;
}

function row(j: Judgment): string {
  const leftScore = j.score ?? (j.choice === 'left' ? 1 : j.choice === 'right' ? 0 : 0.5);
  return [
    j.study, j.task, j.item, j.rater, j.left, j.right, j.choice, winner(j), j.strength, leftScore,
    j.attention?.expected, j.attention?.passed, j.seconds, j.answeredAt, j.source,
  ].map(csvCell).join(',');
}

export function judgmentsToCsv(judgments: readonly Judgment[]): string {
  const lines = new Array<string>(judgments.length + 1);
  lines[0] = CSV_COLUMNS.join(',');
  for (let i = 0; i < judgments.length; i++) lines[i + 1] = row(judgments[i]);
  return lines.join('\n') + '\n';
}
