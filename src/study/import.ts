// `prefstudy import`: read the source files, parse and join them in memory, and only when all of
// that succeeded write the study folder: into a temp folder beside --out, checked with loadStudy,
// then renamed into place. Any error leaves --out as it was.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PrefstudyError, type Issue } from '../errors.ts';
import { buildStudy, codeInUrl, completionCodeFrom, studyIdFrom } from './build-study.ts';
import { FORMAT_NAMES, IMPORTERS } from './importers/index.ts';
import type { FileOptions, ParsedFile } from './importers/types.ts';
import { joinOnPrompt, type JoinResult } from './join.ts';
import { ITEMS_FILE_NAME, loadStudy, problems } from './load.ts';
import { Completion, type Design } from './schema.ts';

export interface ImportOptions {
  out: string;
  /** Per file, or one value for all files. */
  samplingConfigs?: string[];
  sampleIndexes?: number[];
  systemIds?: string[];
  promptField?: string;
  systemFields?: string[];
  idField?: string;
  baseline?: string;
  title?: string;
  id?: string;
  seed?: string | number;
  /** The completion code raters get at the end (default: the URL's `cc`, else a new random PS-XXXX-XXXX). */
  completionCode?: string;
  /** Where raters are sent when done, e.g. https://app.prolific.com/submissions/complete?cc=CODE */
  completionUrl?: string;
  /** Drop prompts where a completion is empty (after stripping) instead of keeping the empty text. */
  dropEmpty?: boolean;
  force?: boolean;
  now?: () => Date;
}

export interface ImportReport {
  out: string;
  studyId: string;
  items: number;
  systems: string[];
  design: Design;
  completion: { code: string; redirectUrl?: string };
  dropped: JoinResult['dropped'];
  emptyKept: JoinResult['emptyKept'];
  notes: string[];
}

export async function importStudy(format: string, files: string[], options: ImportOptions): Promise<ImportReport> {
  const importer = IMPORTERS[format];
  if (!importer)
    throw new PrefstudyError('invalid-input', `unknown import format "${format}"`, [
      { field: 'format', message: 'unknown import format', expected: FORMAT_NAMES.join(' | '), found: JSON.stringify(format) },
    ]);
  if (files.length === 0) throw new PrefstudyError('invalid-input', 'no files to import');
  const optionIssues = [...checkPerFileLists(files.length, options), ...checkCompletion(options)];
  await checkOut(options.out, options.force ?? false, optionIssues);
  if (optionIssues.length) throw new PrefstudyError('invalid-input', `import: ${problems(optionIssues.length)}`, optionIssues);

  const issues: Issue[] = [];
  const parsedFiles: Array<{ file: string; sha256: string; parsed: ParsedFile }> = [];
  for (const [index, file] of files.entries()) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      issues.push({ file, message: isCode(err, 'ENOENT') ? 'missing file' : `cannot read: ${String(err)}` });
      continue;
    }
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const parsed = importer(text, file, fileOptions(index, options));
    issues.push(...parsed.issues);
    parsedFiles.push({ file, sha256: createHash('sha256').update(bytes).digest('hex'), parsed });
  }
  if (issues.length) throw new PrefstudyError('invalid-input', `import ${format}: ${problems(issues.length)}; nothing written`, issues);

  const joined = joinOnPrompt(parsedFiles, { dropEmpty: options.dropEmpty ?? false });
  const systems = joined.systems.map((s) => s.system);
  if (systems.length < 2)
    joined.issues.push({ message: 'a study needs at least two systems', expected: 'two or more systems across the files', found: systems.join(', ') || 'none' });
  if (options.baseline !== undefined && !systems.includes(options.baseline))
    joined.issues.push({ field: '--baseline', message: 'not one of the imported systems', expected: systems.join(' | '), found: JSON.stringify(options.baseline) });
  if (joined.issues.length === 0 && joined.rows.length === 0)
    joined.issues.push({ message: 'no prompt has a completion from every system', expected: 'at least one shared prompt', found: `${joined.dropped.length} dropped` });
  if (joined.issues.length) throw new PrefstudyError('invalid-input', `import ${format}: ${problems(joined.issues.length)}; nothing written`, joined.issues);

  const studyId = options.id ?? studyIdFrom(basename(resolve(options.out)));
  const completion = {
    code: options.completionCode ?? (options.completionUrl && codeInUrl(options.completionUrl)) ?? completionCodeFrom(randomBytes(8)),
    ...(options.completionUrl ? { redirectUrl: options.completionUrl } : {}),
  };
  const { study, items } = buildStudy(joined, {
    id: studyId,
    title: options.title,
    seed: options.seed,
    baseline: options.baseline,
    completion,
    provenance: {
      importer: format,
      importedAt: (options.now?.() ?? new Date()).toISOString(),
      sources: parsedFiles.flatMap(({ file, sha256, parsed }) =>
        parsed.systems.map((source) => ({ file, sha256, format, ...source })),
      ),
      ...(joined.dropped.length ? { dropped: joined.dropped } : {}),
    },
  });
  await writeStudyAtomically(options.out, options.force ?? false, {
    'study.json': JSON.stringify(study, null, 2) + '\n',
    [ITEMS_FILE_NAME]: items.map((item) => JSON.stringify(item)).join('\n') + '\n',
  });
  return {
    out: options.out,
    studyId,
    items: items.length,
    systems,
    design: study.design,
    completion,
    dropped: joined.dropped,
    emptyKept: joined.emptyKept,
    notes: parsedFiles.flatMap(({ parsed }) => parsed.notes),
  };
}

function checkPerFileLists(fileCount: number, options: ImportOptions): Issue[] {
  const issues: Issue[] = [];
  const oneOrEach = `1 or ${fileCount} values`;
  if (options.samplingConfigs && ![1, fileCount].includes(options.samplingConfigs.length))
    issues.push({ field: '--config', message: 'give one value for all files or one per file, in file order', expected: oneOrEach, found: String(options.samplingConfigs.length) });
  if (options.sampleIndexes && ![1, fileCount].includes(options.sampleIndexes.length))
    issues.push({ field: '--sample-index', message: 'give one value for all files or one per file, in file order', expected: oneOrEach, found: String(options.sampleIndexes.length) });
  if (options.systemIds && options.systemIds.length !== fileCount)
    issues.push({ field: '--system-ids', message: 'give one system id per file, in file order', expected: `${fileCount} values`, found: String(options.systemIds.length) });
  for (const index of options.sampleIndexes ?? [])
    if (!Number.isInteger(index) || index < 0) issues.push({ field: '--sample-index', message: 'not a sample index', expected: 'an integer >= 0', found: String(index) });
  return issues;
}

const COMPLETION_CODE_RULE = /^[\x21-\x7e]{1,100}$/;

/** The code must be easy to type and, with a Prolific URL, the one the URL carries. */
function checkCompletion(options: ImportOptions): Issue[] {
  const issues: Issue[] = [];
  const { completionCode: code, completionUrl: url } = options;
  if (code !== undefined && !COMPLETION_CODE_RULE.test(code))
    issues.push({ field: '--completion-code', message: 'not a completion code a rater can type', expected: 'up to 100 letters, digits or punctuation, no spaces', found: JSON.stringify(code) });
  if (url !== undefined) {
    if (!Completion.safeParse({ redirectUrl: url }).success)
      issues.push({ field: '--completion-url', message: 'not a redirect URL', expected: 'an http(s) URL, e.g. https://app.prolific.com/submissions/complete?cc=CODE', found: JSON.stringify(url) });
    else {
      const inUrl = codeInUrl(url);
      if (code !== undefined && inUrl !== undefined && inUrl !== code)
        issues.push({ field: '--completion-code', message: 'differs from the code (cc=) in --completion-url; Prolific would not accept one of them', expected: JSON.stringify(inUrl), found: JSON.stringify(code) });
    }
  }
  return issues;
}

function fileOptions(index: number, options: ImportOptions): FileOptions {
  const pick = <T>(list: T[] | undefined): T | undefined => (list ? (list.length === 1 ? list[0] : list[index]) : undefined);
  return {
    samplingConfig: pick(options.samplingConfigs),
    sampleIndex: pick(options.sampleIndexes),
    systemId: options.systemIds?.[index],
    promptField: options.promptField,
    systemFields: options.systemFields,
    idField: options.idField,
  };
}

/** Refuse an existing non-empty --out without --force (checked before any reading, and again at the end). */
async function checkOut(out: string, force: boolean, issues: Issue[]): Promise<void> {
  const state = await pathState(out);
  if (state === 'file') issues.push({ file: out, field: '--out', message: 'exists and is a file, not a folder' });
  if (state === 'non-empty' && !force) issues.push({ file: out, field: '--out', message: 'already exists and is not empty; use --force to replace it' });
}

async function pathState(path: string): Promise<'missing' | 'file' | 'empty' | 'non-empty'> {
  try {
    const info = await stat(path);
    if (!info.isDirectory()) return 'file';
    return (await readdir(path)).length === 0 ? 'empty' : 'non-empty';
  } catch (err) {
    if (isCode(err, 'ENOENT')) return 'missing';
    throw err;
  }
}

async function writeStudyAtomically(out: string, force: boolean, files: Record<string, string>): Promise<void> {
  const parent = dirname(resolve(out));
  await mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = join(parent, `.${basename(resolve(out))}.import-${tag}`);
  await mkdir(temp);
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(temp, name), content);
    try {
      await loadStudy(temp);
    } catch (err) {
      // A bug in an importer, not in the user's input: say so, with the loader's findings.
      if (err instanceof PrefstudyError)
        throw new PrefstudyError('invalid-input', `the imported study does not validate; nothing written to ${out}`, err.issues);
      throw err;
    }
    const state = await pathState(out);
    if (state === 'missing' || state === 'empty') {
      if (state === 'empty') await rm(out, { recursive: true });
      await rename(temp, out);
      return;
    }
    if (state === 'file' || !force) throw new PrefstudyError('invalid-input', `${out} appeared while importing; nothing written`);
    // --force: swap in the new folder, keeping the old one until the new one is in place.
    const old = join(parent, `.${basename(resolve(out))}.replaced-${tag}`);
    await rename(out, old);
    try {
      await rename(temp, out);
    } catch (err) {
      await rename(old, out);
      throw err;
    }
    await rm(old, { recursive: true, force: true });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
