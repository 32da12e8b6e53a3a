// Small helpers shared by the readers.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { SourceRecord } from './records.ts';
import { missingFieldsError } from './records.ts';
import { PrefstudyError } from '../../errors.ts';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A stable short id for a prompt text: the same instruction gets the same id in every file. */
export function promptId(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 12);
}

/** A study id derived from a file name: lowercase letters, digits and dashes. */
export function studyIdFromFile(file: string): string {
  const stem = basename(file).replace(/\.(jsonl?|csv)$/i, '');
  return stem.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'imported';
}

/** Throws when the first record lacks any of the fields a format needs (a file of another format). */
export function requireFields(file: string, records: SourceRecord[], required: string[], format: string, csvHeader = false): void {
  if (records.length === 0) {
    throw new PrefstudyError('invalid-input', `${file} holds no judgments`, [
      { file, line: 1, message: 'no records after the header' },
    ]);
  }
  for (const record of records) {
    const missing = required.filter((f) => !(f in record.fields));
    // In CSV a missing column is the header's fault: name line 1.
    if (missing.length > 0) throw missingFieldsError(file, csvHeader ? 1 : record.line, missing, format);
  }
}

export function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const s = typeof value === 'string' ? value : String(value);
  return s === '' ? undefined : s;
}

/**
 * The task id of an imported judgment, `<format>:<study>:<key>`. Joined rather than concatenated:
 * concatenation makes a rope that is flattened (copied) the first time the id is read, which on a
 * million imported judgments cost the report's CSV ~0.2 s; a joined string is flat from the start.
 */
export function importedTaskId(format: string, study: string, key: string | number): string {
  return [format, study, key].join(':');
}
