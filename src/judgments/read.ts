// Reading judgments from a study folder or from foreign vote logs, with the format given (--from)
// or told from the content: which fields the records carry.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PrefstudyError } from '../errors.ts';
import { loadStudy } from '../study/load.ts';
import type { Study } from '../study/schema.ts';
import { ALPACAEVAL_FIELDS, readAlpacaEval } from './readers/alpacaeval.ts';
import { ARENA_FIELDS, readArena } from './readers/arena.ts';
import { CSV_FIELDS, readGenericCsv } from './readers/csv.ts';
import { detectContainer, emptyFileError, readRecords } from './readers/records.ts';
import { TULU_FIELDS, readTulu } from './readers/tulu.ts';
import type { JudgmentFormat, ReadResult } from './readers/types.ts';

export type { JudgmentFormat, ReadResult, ItemInfo, ReadCounts } from './readers/types.ts';
export { FORMATS } from './readers/types.ts';

export interface ReadOptions {
  from?: JudgmentFormat;
  /**
   * How a study folder's judgments are read, once the study is loaded: the caller (the CLI) knows
   * where they live, e.g. the embedded log file or a database (see src/store/transfer.ts).
   * Needed to read a study folder.
   */
  studyLog?: (study: Study) => Promise<ReadResult>;
}

const SIGNATURES: Array<[Exclude<JudgmentFormat, 'study'>, string[]]> = [
  ['alpacaeval', ALPACAEVAL_FIELDS],
  ['tulu', TULU_FIELDS],
  ['arena', ARENA_FIELDS],
  ['csv', CSV_FIELDS],
];

/** The format whose fields the first record carries; throws when none (or the file is empty). */
export function detectFormat(file: string, content: string): Exclude<JudgmentFormat, 'study'> {
  if (content.trim() === '') throw emptyFileError(file);
  // Only the head is needed to see the fields; parse one record, not the whole file.
  const container = detectContainer(file, content);
  const head = container === 'json-array' ? content : content.slice(0, firstRecordEnd(content, container));
  const first = readRecords(file, head, container)[0];
  const fields = first ? Object.keys(first.fields) : [];
  const match = SIGNATURES.find(([, required]) => required.every((f) => fields.includes(f)));
  if (match) return match[0];
  throw new PrefstudyError('invalid-input', `cannot tell which kind of judgment file ${file} is`, [
    {
      file,
      line: first?.line ?? 1,
      message: 'the records carry none of the known sets of fields; pass --from',
      expected: SIGNATURES.map(([name, f]) => `${name} (${f.join(', ')})`).join('; '),
      found: fields.length ? fields.slice(0, 12).join(', ') : 'no fields',
    },
  ]);
}

function firstRecordEnd(content: string, container: 'jsonl' | 'csv' | 'json-array'): number {
  let newlines = 0;
  const wanted = container === 'csv' ? 2 : 1;
  let start = content.search(/\S/);
  for (let i = start; i < content.length; i++) {
    if (content.charCodeAt(i) === 10 && ++newlines === wanted) return i;
  }
  return content.length;
}

export async function readJudgments(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  const info = await stat(path).catch(() => {
    throw new PrefstudyError('not-found', `${path} does not exist`, [{ file: path, message: 'no such file or folder' }]);
  });
  if (info.isDirectory()) {
    if (options.from && options.from !== 'study') {
      throw new PrefstudyError('invalid-input', `${path} is a folder; --from ${options.from} reads a file`, [{ file: path, message: 'expected a file' }]);
    }
    if (!options.studyLog) throw new Error(`readJudgments(${path}): a study folder is read through options.studyLog`);
    return options.studyLog(await loadStudy(path));
  }
  if (options.from === 'study') {
    throw new PrefstudyError('invalid-input', `--from study reads a study folder, and ${path} is a file`, [{ file: path, message: 'expected a folder' }]);
  }
  const content = await readFile(path, 'utf8');
  const format = options.from ?? detectFormat(path, content);
  switch (format) {
    case 'alpacaeval':
      return readAlpacaEval(path, content);
    case 'arena':
      return readArena(path, content);
    case 'csv':
      return readGenericCsv(path, content);
    case 'tulu':
      return readTulu(path, content, await tuluInstances(path));
  }
}

/** eval_annotations_X.json -> eval_instances_X.jsonl beside it, when present. */
async function tuluInstances(file: string): Promise<string | undefined> {
  const name = basename(file).replace('annotations', 'instances').replace(/\.json$/, '.jsonl');
  if (name === basename(file)) return undefined;
  return readFile(join(dirname(file), name), 'utf8').catch(() => undefined);
}
