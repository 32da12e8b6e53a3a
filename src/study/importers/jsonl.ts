// JSON Lines: one object per line with a prompt field and one field per system.
import type { Issue } from '../../errors.ts';
import { parseJsonText } from '../json-text.ts';
import { recordsToRows, type LocatedRecord } from './records.ts';
import type { Importer } from './types.ts';

export const importJsonl: Importer = (text, file, options) => {
  const records: LocatedRecord[] = [];
  const issues: Issue[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const parsed = parseJsonText(raw.replace(/\r$/, ''), file, index);
    if (!parsed.ok) issues.push({ ...parsed.issue, message: `line is ${parsed.issue.message}` });
    else if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value))
      issues.push({ file, line: index + 1, message: 'each line must be a JSON object', expected: 'an object', found: Array.isArray(parsed.value) ? 'an array' : typeof parsed.value });
    else records.push({ record: parsed.value as Record<string, unknown>, line: index + 1 });
  });
  if (issues.length) return { systems: [], rows: [], notes: [], issues };
  return recordsToRows(records, file, options);
};
