// Shared by the jsonl and csv importers: records with a prompt field and one field per system.
import type { Issue } from '../../errors.ts';
import { toSystemId, type FileOptions, type ParsedFile, type ParsedRow } from './types.ts';

export interface LocatedRecord {
  record: Record<string, unknown>;
  line: number;
}

export function recordsToRows(records: LocatedRecord[], file: string, options: FileOptions): ParsedFile {
  const promptField = options.promptField ?? 'prompt';
  const idField = options.idField;
  const issues: Issue[] = [];
  if (records.length === 0) return { systems: [], rows: [], notes: [], issues: [{ file, message: 'the file is empty', expected: 'at least one row', found: 'nothing' }] };
  const first = records[0];
  const reserved = new Set([promptField, ...(idField ? [idField] : []), 'tags', 'meta']);
  const fields = options.systemFields ?? Object.keys(first.record).filter((key) => !reserved.has(key));
  if (!(promptField in first.record))
    issues.push({ file, line: first.line, field: promptField, message: 'no prompt field (rename it with --prompt-field)', expected: `a field "${promptField}"`, found: Object.keys(first.record).join(', ') || 'no fields' });
  if (fields.length === 0)
    issues.push({ file, line: first.line, message: 'no system fields', expected: 'one field per system besides the prompt', found: Object.keys(first.record).join(', ') });
  const known = new Set(records.flatMap(({ record }) => Object.keys(record)));
  for (const field of fields)
    if (!known.has(field)) issues.push({ file, field, message: 'no row has this system field', expected: [...known].join(' | '), found: JSON.stringify(field) });
  if (issues.length) return { systems: [], rows: [], notes: [], issues };

  const rows: ParsedRow[] = [];
  for (const { record, line } of records) {
    const prompt = record[promptField];
    if (typeof prompt !== 'string' || prompt.trim() === '') {
      issues.push({ file, line, field: promptField, message: 'missing or empty prompt', expected: 'a non-empty text', found: prompt === undefined ? 'nothing' : JSON.stringify(prompt) });
      continue;
    }
    const id = idField ? record[idField] : undefined;
    if (idField && (typeof id !== 'string' && typeof id !== 'number')) {
      issues.push({ file, line, field: idField, message: 'missing id', expected: 'a text or number', found: id === undefined ? 'nothing' : JSON.stringify(id) });
      continue;
    }
    const completions: Record<string, string> = {};
    for (const field of fields) {
      const value = record[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string') {
        issues.push({ file, line, field, message: 'a completion must be text', expected: 'a string', found: typeof value });
        continue;
      }
      completions[toSystemId(field)] = value.trim();
    }
    rows.push({ prompt, line, id: id === undefined ? undefined : String(id), completions });
  }
  const systems = fields.map((field) => ({ system: toSystemId(field), generator: field }));
  return {
    systems,
    rows,
    notes: [`${file}: ${rows.length} rows, prompt field "${promptField}", systems from fields ${fields.join(', ')}`],
    issues,
  };
}
