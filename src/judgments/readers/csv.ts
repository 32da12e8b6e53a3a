// The generic CSV layout: item, rater, system_a, system_b, choice (a | b | tie | bothbad).
// system_a is taken as the one shown on the left.
import { PrefstudyError } from '../../errors.ts';
import type { Choice, Judgment } from '../record.ts';
import { JUDGMENT_VERSION } from '../record.ts';
import { describe, readRecords } from './records.ts';
import { type ItemInfo, type ReadResult, emptyCounts } from './types.ts';
import { importedTaskId, requireFields, sha256, studyIdFromFile, text } from './util.ts';

export const CSV_FIELDS = ['item', 'rater', 'system_a', 'system_b', 'choice'];

const CHOICES: Record<string, Choice> = { a: 'left', b: 'right', tie: 'tie', bothbad: 'both-bad' };

export function readGenericCsv(file: string, content: string): ReadResult {
  const records = readRecords(file, content, 'csv');
  requireFields(file, records, CSV_FIELDS, 'generic CSV (item, rater, system_a, system_b, choice)', true);
  const study = studyIdFromFile(file);
  const counts = emptyCounts();
  const judgments: Judgment[] = [];
  const items = new Map<string, ItemInfo>();
  const source = `import:csv:${file}`;

  for (const { line, index, fields } of records) {
    counts.read++;
    const missing = CSV_FIELDS.filter((f) => !text(fields[f]));
    if (missing.length > 0) {
      throw new PrefstudyError('invalid-input', `${file}: empty cells`, [
        { file, line, field: missing.join(', '), message: 'empty cell' },
      ]);
    }
    const choice = CHOICES[String(fields.choice).trim().toLowerCase()];
    if (choice === undefined) {
      throw new PrefstudyError('invalid-input', `${file}: choice value not allowed`, [
        { file, line, field: 'choice', message: 'choice value not allowed', expected: 'a, b, tie or bothbad', found: describe(fields.choice) },
      ]);
    }
    const item = String(fields.item);
    if (!items.has(item)) items.set(item, { id: item });
    judgments.push({
      v: JUDGMENT_VERSION,
      study,
      task: importedTaskId('csv', study, index),
      rater: String(fields.rater),
      item,
      left: String(fields.system_a),
      right: String(fields.system_b),
      choice,
      source,
    });
    counts.used++;
  }
  return { format: 'csv', file, study, judgments, items, counts, sha256: sha256(content) };
}
