// Moving a study's judgments in and out of its store, whichever backend holds it: read them for a
// report, export them as JSONL (one canonical record per line, in the order written), and import
// such a file (checked whole first; tasks already stored are skipped, so importing twice changes
// nothing). The embedded log is read as a file, without its writer lock, so a report or an export
// works while a server runs on it; an import appends through the log (and so takes the lock).
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PrefstudyError, type Issue } from '../errors.ts';
import { canonicalJudgment } from '../judgments/canonical.ts';
import { readStudyJudgments, storedStudyJudgments } from '../judgments/readers/study.ts';
import type { ReadResult } from '../judgments/readers/types.ts';
import type { Judgment } from '../judgments/record.ts';
import type { Study } from '../study/schema.ts';
import { openLogForWriting } from './append.ts';
import { judgmentLogPath } from './embedded/paths.ts';
import { openBoard, type StoreConfig } from './open-stores.ts';

/** Appends awaited together when importing into the embedded log. */
const CHUNK = 2_000;
/** An import file's problems are listed up to this many (then counted). */
const MAX_ISSUES = 50;
/** Bytes gathered before a write while exporting. */
const WRITE_CHUNK = 1 << 16;

const ignoreWarnings = (): void => undefined;

/** Where the study's embedded log lives under `resultsDir`. */
export function embeddedLogFile(resultsDir: string, study: Study): string {
  return judgmentLogPath(resolve(resultsDir), study.id);
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * A study's judgments for a report: from the database through the study's board when a database URL
 * is given, else straight from the embedded log file (no lock, no index: the fast path).
 */
export async function readStoredStudy(study: Study, config: StoreConfig): Promise<ReadResult> {
  if (config.databaseUrl) {
    const board = await openBoard({ study, config, warn: ignoreWarnings });
    try {
      const judgments: Judgment[] = [];
      for await (const judgment of board.judgments()) judgments.push(judgment);
      if (judgments.length === 0) {
        throw new PrefstudyError('not-found', `no judgments for study ${study.id} yet`, [{ file: board.location, message: 'no judgments stored' }]);
      }
      return storedStudyJudgments(study, judgments, board.location);
    } finally {
      await board.close();
    }
  }
  const file = embeddedLogFile(config.resultsDir, study);
  const content = await readFile(file, 'utf8').catch(() => {
    throw noJudgmentsYet(study, file);
  });
  return readStudyJudgments(study, file, content);
}

function noJudgmentsYet(study: Study, file: string): PrefstudyError {
  return new PrefstudyError('not-found', `no judgments for study ${study.id} yet`, [{ file, message: 'no such file' }]);
}

/** A study's stored judgments, one at a time in the order written, and where they are kept. */
export interface StoredJudgments {
  readonly location: string;
  judgments(): AsyncIterable<Judgment>;
  /** Set once judgments() is done: an embedded log's unfinished last line (a write in progress, or a crash) was left out. */
  readonly unfinishedTail: boolean;
  close(): Promise<void>;
}

export async function openStoredJudgments(study: Study, config: StoreConfig): Promise<StoredJudgments> {
  if (config.databaseUrl) {
    const board = await openBoard({ study, config, warn: ignoreWarnings });
    return { location: board.location, judgments: () => board.judgments(), unfinishedTail: false, close: () => board.close() };
  }
  const file = embeddedLogFile(config.resultsDir, study);
  const size = await stat(file).then(
    (info) => info.size,
    () => {
      throw noJudgmentsYet(study, file);
    },
  );
  const source = {
    location: file,
    unfinishedTail: false,
    async *judgments(): AsyncIterable<Judgment> {
      for await (const { text, line, complete } of fileLines(file, size)) {
        // A line without its newline was never acknowledged: a vote being written right now, or a crash.
        if (!complete) {
          source.unfinishedTail = text.trim() !== '';
          return;
        }
        if (text.trim() === '') continue;
        yield checkedLine(file, line, text, 'the judgment log has a malformed line; nothing was exported');
      }
    },
    close: async () => undefined,
  };
  return source;
}

/** The lines of the first `size` bytes of a file (what it held when looked at: a server may be appending). */
async function* fileLines(file: string, size: number): AsyncIterable<{ text: string; line: number; complete: boolean }> {
  if (size === 0) return;
  let carry: Buffer = Buffer.alloc(0);
  let line = 0;
  for await (const piece of createReadStream(file, { start: 0, end: size - 1, highWaterMark: 1 << 20 })) {
    const data: Buffer = carry.length > 0 ? Buffer.concat([carry, piece as Buffer]) : (piece as Buffer);
    let start = 0;
    // Splitting UTF-8 at byte 10 never cuts a character: no multi-byte sequence contains it.
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
      yield { text: data.toString('utf8', start, nl), line: ++line, complete: true };
      start = nl + 1;
    }
    carry = Buffer.from(data.subarray(start));
  }
  if (carry.length > 0) yield { text: carry.toString('utf8'), line: ++line, complete: false };
}

function checkedLine(file: string, line: number, text: string, message: string): Judgment {
  const issues = lineIssues(file, line, text);
  if ('judgment' in issues) return issues.judgment;
  throw new PrefstudyError('invalid-input', `${file}: ${message}`, issues.issues);
}

/** One line of JSONL as a canonical record, or what is wrong with it (file, line, field). */
function lineIssues(file: string, line: number, text: string): { judgment: Judgment } | { issues: Issue[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { issues: [{ file, line, message: 'not valid JSON', found: text.length > 60 ? `${text.slice(0, 60)}…` : text }] };
  }
  try {
    return { judgment: canonicalJudgment(value) };
  } catch (error) {
    if (!(error instanceof PrefstudyError)) throw error;
    const issues = error.issues.length > 0 ? error.issues : [{ message: error.message }];
    return { issues: issues.slice(0, 3).map((issue) => ({ file, line, ...issue, message: `not a judgment record: ${issue.message}` })) };
  }
}

// ---------------------------------------------------------------------------------------------
// Export

export interface ExportSummary {
  count: number;
  location: string;
  /** An embedded log's unfinished last line was left out. */
  unfinishedTail: boolean;
}

/**
 * Writes every stored judgment of the study as JSONL: the canonical record's JSON, one per line, in
 * the order written. `write` gets the text in pieces (and may return a promise to slow the export down).
 */
export async function exportJudgments(study: Study, config: StoreConfig, write: (text: string) => void | Promise<void>): Promise<ExportSummary> {
  const source = await openStoredJudgments(study, config);
  try {
    let count = 0;
    let pending = '';
    for await (const judgment of source.judgments()) {
      pending += JSON.stringify(canonicalJudgment(judgment)) + '\n';
      count++;
      if (pending.length >= WRITE_CHUNK) {
        await write(pending);
        pending = '';
      }
    }
    if (pending) await write(pending);
    return { count, location: source.location, unfinishedTail: source.unfinishedTail };
  } finally {
    await source.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Import

/**
 * The judgments of a JSONL file to import into `study`, every line checked first: not JSON, not a
 * judgment record (each field named), a judgment of another study (field `study`), or a second line
 * for the same task is an error naming the file and line. Throws all of them at once, or returns
 * the canonical records in the file's order.
 */
export function checkImportFile(study: Study, file: string, content: string): Judgment[] {
  const judgments: Judgment[] = [];
  const issues: Issue[] = [];
  let problems = 0;
  const firstLineOf = new Map<string, number>();
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = i === 0 ? lines[i].replace(/^\uFEFF/, '') : lines[i];
    if (text.trim() === '') continue;
    const line = i + 1;
    const checked = lineIssues(file, line, text);
    const found: Issue[] = [];
    if ('issues' in checked) {
      found.push(...checked.issues);
    } else {
      const judgment = checked.judgment;
      if (judgment.study !== study.id) {
        found.push({ file, line, field: 'study', message: 'a judgment of another study', expected: study.id, found: judgment.study });
      }
      const first = firstLineOf.get(judgment.task);
      if (first !== undefined) {
        found.push({ file, line, field: 'task', message: `a second judgment for the same task (the first is on line ${first})`, found: judgment.task });
      } else {
        firstLineOf.set(judgment.task, line);
      }
      if (found.length === 0) judgments.push(judgment);
    }
    if (found.length > 0) {
      problems++;
      if (issues.length < MAX_ISSUES) issues.push(...found);
    }
  }
  if (problems > 0) {
    const shown = new Set(issues.map((i) => i.line)).size;
    const more = problems > shown ? ` (the first ${shown} are shown)` : '';
    throw new PrefstudyError('invalid-input', `${file}: ${problems} line${problems === 1 ? '' : 's'} cannot be imported${more}; nothing was written`, issues);
  }
  return judgments;
}

export interface ImportSummary {
  /** Judgments in the file. */
  read: number;
  added: number;
  /** Tasks the store already held (skipped). */
  already: number;
  /** Of those, how many stored records differ from the file's (the stored ones are kept). */
  differing: number;
  location: string;
}

/**
 * Appends checked judgments (from checkImportFile) to the study's store, in order; a task already
 * stored is skipped and counted. PostgreSQL: one transaction, and the slots' counts (votes per
 * (item, pair) and sides) grow with every added vote, as the board counts its own. Embedded: through
 * the judgment log, which only one process may write (a running server holds it).
 */
export async function importJudgments(study: Study, config: StoreConfig, judgments: Judgment[]): Promise<ImportSummary> {
  if (config.databaseUrl) {
    const { importIntoPostgres } = await import('./postgres/import-judgments.ts');
    return importIntoPostgres(study, config.databaseUrl, judgments);
  }
  return importIntoEmbedded(study, config.resultsDir, judgments);
}

async function importIntoEmbedded(study: Study, resultsDir: string, judgments: Judgment[]): Promise<ImportSummary> {
  const file = embeddedLogFile(resultsDir, study);
  const log = await openLogForWriting(file, 'import into');
  const summary: ImportSummary = { read: judgments.length, added: 0, already: 0, differing: 0, location: file };
  try {
    for (let start = 0; start < judgments.length; start += CHUNK) {
      const appends: Array<Promise<'written' | 'duplicate'>> = [];
      for (const judgment of judgments.slice(start, start + CHUNK)) {
        const stored = log.byTask(judgment.task);
        if (stored) {
          summary.already++;
          if (JSON.stringify(canonicalJudgment(stored)) !== JSON.stringify(judgment)) summary.differing++;
          continue;
        }
        // Called in order without awaiting: the log's group commit writes them in this order, a few syncs in all.
        appends.push(log.append(judgment));
      }
      for (const result of await Promise.all(appends)) {
        if (result === 'written') summary.added++;
        else summary.already++;
      }
    }
  } finally {
    await log.close();
  }
  return summary;
}
