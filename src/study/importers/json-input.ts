// Shared by the JSON importers: parse, then check the shape with zod, with lines found only on failure
// (finding lines means a second parse, which large reports should not pay for when they are fine).
import type { z } from 'zod';
import type { Issue } from '../../errors.ts';
import { parseJsonText } from '../json-text.ts';
import { lineFinder } from '../source-lines.ts';
import { zodIssues } from '../zod-issues.ts';

export function parseJsonInput<T>(text: string, file: string, schema: z.ZodType<T>): { value?: T; issues: Issue[] } {
  if (text.trim() === '') return { issues: [{ file, message: 'the file is empty', expected: 'JSON', found: 'nothing' }] };
  const parsed = parseJsonText(text, file);
  if (!parsed.ok) return { issues: [parsed.issue] };
  const result = schema.safeParse(parsed.value);
  if (result.success) return { value: result.data, issues: [] };
  const issues = zodIssues(result.error, parsed.value, { file, lineOf: lineFinder(text) });
  return { issues: issues.slice(0, 20).concat(issues.length > 20 ? [{ file, message: `… and ${issues.length - 20} more problems` }] : []) };
}
