// `prefstudy report`: read judgments (a study folder or foreign vote logs), build the report model,
// render every requested format in memory, then write them all or nothing.
import { Command, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { join } from 'node:path';
import { PrefstudyError } from '../errors.ts';
import { FORMATS, readJudgments, type JudgmentFormat, type ReadResult } from '../judgments/read.ts';
import { buildReport, DEFAULT_SETTINGS, REPORT_STEPS, reportStudy } from '../report/model.ts';
import { DEFAULT_FORMATS, REPORT_FORMATS, reportFiles, type ReportFormat } from '../report/render.ts';
import { writeAll } from '../report/write.ts';
import { phases } from './phases.ts';
import { coolWorker, warmWorker } from '../report/offload/offload.ts';
import { terminalSummary } from '../report/terminal.ts';
import type { Report, ReportSettings } from '../report/types.ts';
import type { Study } from '../study/schema.ts';

export interface ReportOptions {
  from?: JudgmentFormat;
  format: string;
  out?: string;
  results: string;
  /** A study folder's judgments are read from this PostgreSQL database instead of <results>/<id>/judgments.jsonl. */
  databaseUrl?: string;
  seed?: string;
  resamples?: string;
  cluster: ReportSettings['cluster'];
  baseline?: string;
  anchor?: string;
  ties: ReportSettings['tiePolicy'];
  method: ReportSettings['method'];
  excludeFlagged?: boolean;
  raters?: ReportSettings['raters'];
  generatedAt?: string;
  title?: string;
  /** Print only the paths written, one per line (for scripts), instead of the summary. */
  quiet?: boolean;
  /** Print each phase's time (start-up, read, model, write) to stderr. */
  timings?: boolean;
}

function invalid(field: string, expected: string, found: string): PrefstudyError {
  return new PrefstudyError('invalid-input', `bad value for --${field}`, [{ field: `--${field}`, expected, found, message: 'not allowed' }]);
}

export function parseFormats(value: string): ReportFormat[] {
  const formats = value.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = formats.filter((x) => !(REPORT_FORMATS as readonly string[]).includes(x));
  if (bad.length > 0 || formats.length === 0) throw invalid('format', REPORT_FORMATS.join(', '), value);
  return [...new Set(formats)] as ReportFormat[];
}

export function settingsFromOptions(options: ReportOptions): Partial<ReportSettings> {
  const settings: Partial<ReportSettings> = { cluster: options.cluster, tiePolicy: options.ties, method: options.method };
  if (options.seed !== undefined) settings.seed = /^-?\d+$/.test(options.seed) ? Number(options.seed) : options.seed;
  if (options.resamples !== undefined) {
    const n = Number(options.resamples);
    if (!Number.isInteger(n) || n < 0) throw invalid('resamples', 'a whole number ≥ 0', options.resamples);
    settings.resamples = n;
  }
  if (options.baseline) settings.baseline = options.baseline;
  if (options.anchor) settings.anchor = options.anchor;
  if (options.excludeFlagged) settings.excludeFlagged = true;
  if (options.raters) settings.raters = options.raters;
  return settings;
}

/**
 * The report's generatedAt when it must not be the clock's: --generated-at, else SOURCE_DATE_EPOCH
 * (seconds, the reproducible-builds convention), so the same inputs can give the same bytes.
 */
export function generatedAtFrom(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (option !== undefined) {
    const time = Date.parse(option);
    if (Number.isNaN(time)) throw invalid('generated-at', 'a date and time such as 2026-01-31T12:00:00Z', option);
    return new Date(time).toISOString();
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  if (!/^\d+$/.test(epoch)) {
    throw new PrefstudyError('invalid-input', 'bad value for SOURCE_DATE_EPOCH', [
      { field: 'SOURCE_DATE_EPOCH', expected: 'whole seconds since 1970-01-01', found: epoch, message: 'not allowed' },
    ]);
  }
  return new Date(Number(epoch) * 1000).toISOString();
}

/** The systems a source's judgments compare (from its columns when it has them: no objects made). */
function systemsIn(source: ReadResult): string[] {
  return source.columns ? source.columns.systems : source.judgments.flatMap((j) => [j.left, j.right]);
}

export interface ReportRun {
  report: Report;
  written: string[];
}

/** The whole command without commander: the report, and the files written. */
export async function runReport(inputs: string[], options: ReportOptions, progress = process.stderr.isTTY === true): Promise<ReportRun> {
  const clock = options.timings ? phases() : null;
  const formats = parseFormats(options.format);
  const settings = settingsFromOptions(options);
  const generatedAt = generatedAtFrom(options.generatedAt);
  const bar = progress ? new SingleBar({ format: 'report [{bar}] {value}/{total} {step}', stream: process.stderr, hideCursor: true }) : null;
  const total = inputs.length + REPORT_STEPS.length + 2;
  bar?.start(total, 0, { step: 'reading' });
  // A large report hands its bootstraps to a worker thread: it loads while the inputs are read.
  warmWorker();
  try {
    const sources: ReadResult[] = [];
    // A study folder's judgments come from its store: the embedded log file read as it stands (no
    // lock: a server may be running on it), or the study's rows in the database.
    const store = { resultsDir: options.results, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) };
    const studyLog = async (study: Study) => (await import('../store/transfer.ts')).readStoredStudy(study, store);
    for (const input of inputs) {
      sources.push(await readJudgments(input, { from: options.from, studyLog }));
      bar?.increment({ step: `read ${input}` });
    }
    clock?.mark('read');
    const known = new Set(sources.flatMap(systemsIn));
    for (const [field, system] of [['baseline', settings.baseline], ['anchor', settings.anchor]] as const) {
      if (system && !known.has(system)) throw invalid(field, `one of ${[...known].sort().join(', ')}`, system);
    }
    // The statistics run until only the bootstraps (in their worker) are left; the judgments CSV
    // is then written while they finish, and the other files once the report is ready.
    const report = buildReport({
      sources,
      settings,
      generatedAt,
      title: options.title,
      onStep: (step) => bar?.update(inputs.length + REPORT_STEPS.indexOf(step), { step }),
    });
    report.then(() => (bar?.update(total - 1, { step: 'rendering' }), clock?.mark('model')), () => {});
    const files = reportFiles(report, () => sources.flatMap((s) => s.judgments), formats);
    const written = await writeAll(options.out ?? join(options.results, reportStudy({ sources })), files, report);
    bar?.update(total, { step: 'done' });
    clock?.mark('write');
    if (clock) process.stderr.write(`${clock.summary()}\n`);
    return { report: await report, written };
  } finally {
    bar?.stop();
    await coolWorker();
  }
}

export function reportCommand(): Command {
  return new Command('report')
    .description('Win rates, ratings and agreement from a study folder or imported judgment files, as HTML, Markdown, JSON and CSV')
    .argument('<inputs...>', 'a study folder, or judgment files (AlpacaEval, Chatbot Arena, Tülu, CSV)')
    .addOption(new Option('--from <format>', 'format of the inputs (told from the content when omitted)').choices([...FORMATS]))
    .option('--format <list>', `comma-separated: ${REPORT_FORMATS.join(',')} (assets: each chart as SVG and PNG in assets/)`, DEFAULT_FORMATS.join(','))
    .option('--out <dir>', 'where to write (default: <results>/<study>/)')
    .option('--results <dir>', "where studies' judgments live (unless --database-url) and reports go", 'results')
    .addOption(
      new Option('--database-url <url>', "read a study folder's judgments from this PostgreSQL database (postgres://…), as `serve --database-url` keeps them").env(
        'PREFSTUDY_DATABASE_URL',
      ),
    )
    .option('--seed <n>', `bootstrap seed (default ${DEFAULT_SETTINGS.seed})`)
    .option('--resamples <n>', `bootstrap resamples (default ${DEFAULT_SETTINGS.resamples})`)
    .addOption(new Option('--cluster <by>', 'resample whole prompts, raters, or single votes').choices(['prompt', 'rater', 'none']).default('prompt'))
    .addOption(new Option('--ties <policy>', 'ties count half, or are left out of the win rate').choices(['half', 'exclude']).default('half'))
    .addOption(new Option('--method <method>', 'bootstrap interval').choices(['percentile', 'bca']).default('percentile'))
    .option('--baseline <system>', 'orient every pair against this system')
    .option('--anchor <system>', 'the system rated 1000 (default: the baseline, else the most compared system)')
    .option('--exclude-flagged', 'leave out the judgments of flagged raters')
    .addOption(
      new Option('--raters <kind>', "whose judgments the win rates use: people's, LLM judges' (rater judge:<model>), or all (default: people's when there are any)").choices([
        'human',
        'judge',
        'all',
      ]),
    )
    .option('--timings', 'print how long start-up, reading, the model and writing took (to stderr)')
    .option('--title <text>', "the report's title (default: the study's title, else what was compared)")
    .option('--quiet', 'print only the paths written, one per line, instead of the summary')
    .option('--generated-at <time>', "the report's time stamp instead of now, for byte-identical reruns (also: SOURCE_DATE_EPOCH)")
    .action(async (inputs: string[], options: ReportOptions) => {
      const { report, written } = await runReport(inputs, options);
      console.log(options.quiet ? written.join('\n') : terminalSummary(report, written));
    });
}
