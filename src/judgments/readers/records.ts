// Reading the record containers foreign vote logs come in: a JSON array, JSON lines, or CSV with
// a header. Every record keeps the line it started on so errors can name it.
import { parse as parseCsv } from 'csv-parse/sync';
import { PrefstudyError } from '../../errors.ts';

export interface SourceRecord {
  /** 1-based line where the record starts. */
  line: number;
  /** 0-based element index (JSON array) or data-row index (JSONL, CSV). */
  index: number;
  /** Prefix for field names in issues: `[12].` for element 12 of a JSON array, else empty. */
  at: string;
  fields: Record<string, unknown>;
}

export type Container = 'json-array' | 'jsonl' | 'csv';

export function emptyFileError(file: string): PrefstudyError {
  return new PrefstudyError('invalid-input', `${file} is empty`, [
    { file, line: 1, message: 'the file is empty: no judgments to read' },
  ]);
}

/** Guess the container from the first non-blank character and the file name. */
export function detectContainer(file: string, text: string): Container {
  const first = text.trimStart()[0];
  if (first === '[') return 'json-array';
  if (first === '{') return 'jsonl';
  if (/\.csv$/i.test(file) || first !== undefined) return 'csv';
  throw emptyFileError(file);
}

export function readRecords(file: string, text: string, container = detectContainer(file, text)): SourceRecord[] {
  if (text.trim() === '') throw emptyFileError(file);
  switch (container) {
    case 'json-array':
      return readJsonArray(file, text);
    case 'jsonl':
      return readJsonLines(file, text);
    case 'csv':
      return readCsv(file, text);
  }
}

function notAnObject(file: string, line: number, found: unknown, where: string): PrefstudyError {
  return new PrefstudyError('invalid-input', `${file} is not a list of judgment records`, [
    { file, line, message: `${where} is not an object`, expected: 'a JSON object', found: describe(found) },
  ]);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  return typeof value === 'object' ? 'an object' : String(value);
}

function readJsonArray(file: string, text: string): SourceRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PrefstudyError('invalid-input', `${file} is not valid JSON`, [
      { file, line: jsonErrorLine(text, err), message: (err as Error).message },
    ]);
  }
  if (!Array.isArray(parsed)) {
    throw new PrefstudyError('invalid-input', `${file} is not a JSON array`, [
      { file, line: 1, message: 'expected a JSON array of records', found: describe(parsed) },
    ]);
  }
  const lines = arrayElementLines(text);
  return parsed.map((fields: unknown, index) => {
    const line = lines[index] ?? 1;
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      throw notAnObject(file, line, fields, `element ${index}`);
    }
    return { line, index, at: `[${index}].`, fields: fields as Record<string, unknown> };
  });
}

function readJsonLines(file: string, text: string): SourceRecord[] {
  const records: SourceRecord[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const raw = text.slice(start, end === -1 ? text.length : end);
    line++;
    start = end === -1 ? text.length + 1 : end + 1;
    if (raw.trim() === '') continue;
    let fields: unknown;
    try {
      fields = JSON.parse(raw);
    } catch (err) {
      throw new PrefstudyError('invalid-input', `${file} is not valid JSON lines`, [
        { file, line, message: (err as Error).message },
      ]);
    }
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      throw notAnObject(file, line, fields, `line ${line}`);
    }
    records.push({ line, index: records.length, at: '', fields: fields as Record<string, unknown> });
  }
  return records;
}

function readCsv(file: string, text: string): SourceRecord[] {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parseCsv(text, { info: true, skip_empty_lines: true, bom: true, relax_quotes: false }) as unknown as typeof rows;
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new PrefstudyError('invalid-input', `${file} is not valid CSV`, [
      { file, line: e.lines, message: e.message },
    ]);
  }
  if (rows.length === 0) throw emptyFileError(file);
  const header = rows[0].record.map((h) => h.trim());
  return rows.slice(1).map((row, index) => {
    const fields: Record<string, unknown> = {};
    header.forEach((name, i) => (fields[name] = row.record[i]));
    // csv-parse reports the line a record ends on; multi-line cells are rare in vote logs.
    return { line: row.info.lines, index, at: '', fields };
  });
}

/** 1-based line of the start of each top-level element of a JSON array. */
function arrayElementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (depth === 1 && expectElement && c !== 93) {
      lines.push(line);
      expectElement = false;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 1) expectElement = true;
  }
  return lines;
}

function jsonErrorLine(text: string, err: unknown): number | undefined {
  const match = /position (\d+)/.exec((err as Error).message);
  if (!match) return undefined;
  const pos = Number(match[1]);
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Issue for required fields absent from a record (or from a CSV header). */
export function missingFieldsError(file: string, line: number, missing: string[], format: string): PrefstudyError {
  return new PrefstudyError('invalid-input', `${file} does not look like ${format} judgments`, [
    {
      file,
      line,
      field: missing.join(', '),
      message: `missing ${missing.length === 1 ? 'field' : 'fields'} ${missing.map((m) => `"${m}"`).join(', ')}`,
      expected: `the ${format} fields`,
    },
  ]);
}
