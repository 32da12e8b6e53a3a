// `prefstudy export`: a study's judgments as JSONL (one canonical record per line, in the order
// written), from the embedded log or from PostgreSQL; to stdout, or to a file written whole or not
// at all (a temporary file renamed into place). `import-judgments` reads what this writes.
import { Command, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PrefstudyError } from '../errors.ts';
import type { StoreConfig } from '../store/open-stores.ts';
import { exportJudgments, type ExportSummary } from '../store/transfer.ts';
import { loadStudy } from '../study/load.ts';

export interface StoreOptions {
  results: string;
  databaseUrl?: string;
}

/** `--database-url` (env PREFSTUDY_DATABASE_URL) and `--results`, as export and import-judgments take them. */
export function storeOptions(command: Command): Command {
  return command
    .option('--results <dir>', "the embedded store: where studies' judgments live", 'results')
    .addOption(new Option('--database-url <url>', "the study's judgments are in this PostgreSQL database (postgres://…)").env('PREFSTUDY_DATABASE_URL'));
}

/**
 * Which store the options name. Both on the command line is a mistake; a database URL from the
 * environment gives way to an explicit --results.
 */
export function storeConfig(command: Command, options: StoreOptions): StoreConfig {
  const url = options.databaseUrl;
  const fromCli = command.getOptionValueSource('databaseUrl') === 'cli';
  const resultsGiven = command.getOptionValueSource('results') === 'cli';
  if (url && fromCli && resultsGiven) {
    throw new PrefstudyError('invalid-input', 'give --database-url or --results, not both', [
      { field: '--database-url', message: 'one store at a time: the database, or the results folder' },
    ]);
  }
  if (url && (fromCli || !resultsGiven)) return { resultsDir: resolve(options.results), databaseUrl: url };
  return { resultsDir: resolve(options.results) };
}

export interface ExportOptions {
  out?: string;
}

export interface ExportResult extends ExportSummary {
  study: string;
  /** The file written, or undefined for stdout. */
  out?: string;
}

/** The whole command without commander. */
export async function runExport(studyDir: string, config: StoreConfig, options: ExportOptions = {}, stdout: NodeJS.WritableStream = process.stdout): Promise<ExportResult> {
  const study = await loadStudy(studyDir);
  if (!options.out) {
    const summary = await exportJudgments(study, config, (text) => writeTo(stdout, text));
    return { ...summary, study: study.id };
  }
  const out = resolve(options.out);
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const file = await open(temp, 'wx', 0o644).catch((error: NodeJS.ErrnoException) => {
    throw new PrefstudyError('invalid-input', `cannot write ${out}: ${error.code === 'ENOENT' ? 'its folder does not exist' : error.message}`, [{ file: out, message: 'not writable' }]);
  });
  let summary: ExportSummary;
  try {
    try {
      summary = await exportJudgments(study, config, async (text) => {
        await file.write(text);
      });
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(temp, out);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { ...summary, study: study.id, out };
}

function writeTo(stream: NodeJS.WritableStream, text: string): Promise<void> | void {
  if (stream.write(text)) return;
  return new Promise((done, fail) => {
    const cleanup = () => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
    };
    const onDrain = () => {
      cleanup();
      done();
    };
    const onError = (error: Error) => {
      cleanup();
      fail(error);
    };
    stream.on('drain', onDrain);
    stream.on('error', onError);
  });
}

export function describeExport(result: ExportResult): string {
  const tail = result.unfinishedTail ? ' (an unfinished last line, a vote not yet acknowledged, was left out)' : '';
  return `exported ${result.count} judgment${result.count === 1 ? '' : 's'} of study ${result.study} from ${result.location} to ${result.out ?? 'stdout'}${tail}`;
}

export function exportCommand(): Command {
  const command = new Command('export')
    .description("a study's judgments as JSONL, one record per line in the order written (what import-judgments reads)")
    .argument('<study-dir>', 'the study folder')
    .option('--out <file>', 'write to this file (written whole, then renamed into place; default: stdout)');
  return storeOptions(command)
    .action(async (studyDir: string, options: StoreOptions & ExportOptions, self: Command) => {
      const result = await runExport(studyDir, storeConfig(self, options), options);
      console.error(describeExport(result));
    });
}
