// CSV with a header row: a prompt column and one column per system.
import { parse } from 'csv-parse/sync';
import { recordsToRows } from './records.ts';
import type { Importer } from './types.ts';

export const importCsv: Importer = (text, file, options) => {
  if (text.trim() === '') return { systems: [], rows: [], notes: [], issues: [{ file, message: 'the file is empty', expected: 'a header row and rows', found: 'nothing' }] };
  try {
    const parsed = parse(text, { columns: true, bom: true, skip_empty_lines: true, info: true }) as Array<{
      record: Record<string, string>;
      info: { lines: number };
    }>;
    return recordsToRows(parsed.map(({ record, info }) => ({ record, line: info.lines })), file, options);
  } catch (err) {
    const lines = typeof err === 'object' && err !== null && 'lines' in err ? Number(err.lines) : undefined;
    const message = err instanceof Error ? err.message : String(err);
    return { systems: [], rows: [], notes: [], issues: [{ file, line: lines, message: `not valid CSV: ${message}` }] };
  }
};
