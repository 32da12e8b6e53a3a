// Loading a study folder: study.json (or study.yaml) + items.jsonl. Every problem is collected,
// each naming its file, line and field; loadStudy throws them all at once.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument, LineCounter } from 'yaml';
import { z } from 'zod';
import { PrefstudyError, type Issue } from '../errors.ts';
import { checkStudy, type CheckedStudy } from './check-study.ts';
import { parseJsonText } from './json-text.ts';
import { parseItemsText, type LocatedItem } from './parse-items.ts';
import { StudyFile, type Study } from './schema.ts';
import { lineFinder } from './source-lines.ts';
import { zodIssues, type LineOf } from './zod-issues.ts';

export const STUDY_FILE_NAMES = ['study.json', 'study.yaml', 'study.yml'] as const;
export const ITEMS_FILE_NAME = 'items.jsonl';

export interface StudyValidation {
  /** Present only when there are no issues. */
  study?: Study;
  issues: Issue[];
}

/** Every problem of the study folder `dir`, without throwing. */
export async function validateStudyDir(dir: string): Promise<StudyValidation> {
  const issues: Issue[] = [];
  const studyFile = await findStudyFile(dir, issues);
  const itemsFile = join(dir, ITEMS_FILE_NAME);

  let parsedStudy: StudyFile | undefined;
  let checkable: CheckedStudy | undefined;
  let lineOf: LineOf = () => undefined;
  if (studyFile) {
    const text = await readText(studyFile, issues);
    if (text !== undefined) {
      const raw = studyFile.endsWith('.json') ? parseJson(text, studyFile, issues) : parseYaml(text, studyFile, issues);
      if (raw.ok) {
        const finder = lineFinder(text);
        lineOf = finder;
        const result = StudyFile.safeParse(raw.value);
        if (result.success) parsedStudy = result.data;
        else {
          issues.push(...zodIssues(result.error, raw.value, { file: studyFile, lineOf: finder }));
          checkable = checkableParts(raw.value);
        }
      }
    }
  }

  let items: LocatedItem[] = [];
  const itemsText = await readText(itemsFile, issues);
  if (itemsText !== undefined) {
    const parsed = parseItemsText(itemsText, itemsFile);
    items = parsed.items;
    issues.push(...parsed.issues);
  }

  const crossChecked = parsedStudy ?? checkable;
  if (crossChecked && studyFile) issues.push(...checkStudy(crossChecked, items, { studyFile, itemsFile, lineOf }));
  if (issues.length > 0 || !parsedStudy) return { issues: byFileAndLine(issues, [studyFile ?? '', itemsFile]) };
  return { study: { ...parsedStudy, dir, items: items.map(({ item }) => item) }, issues };
}

// Non-strict objects: the other (possibly broken or misspelt) fields were reported already.
const { systems, design, allowEmptyCompletions, attentionChecks } = StudyFile.shape;
const CoreParts = z.object({ systems, design, allowEmptyCompletions });
const CrossCheckParts = z.object({ systems, design, allowEmptyCompletions, attentionChecks });

/** When study.json is broken elsewhere, its systems and design may still be sound enough to check the items. */
function checkableParts(raw: unknown): CheckedStudy | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const full = CrossCheckParts.safeParse(raw);
  if (full.success) return full.data;
  const core = CoreParts.safeParse(raw);
  return core.success ? core.data : undefined;
}

export async function loadStudy(dir: string): Promise<Study> {
  const { study, issues } = await validateStudyDir(dir);
  if (!study) throw new PrefstudyError('invalid-input', `${dir}: ${problems(issues.length)}`, issues);
  return study;
}

/** Study file first, then items, each in line order (the sort is stable, so ties keep their order). */
function byFileAndLine(issues: Issue[], fileOrder: string[]): Issue[] {
  const rank = (issue: Issue): number => {
    const index = fileOrder.indexOf(issue.file ?? '');
    return index === -1 ? -1 : index;
  };
  return [...issues].sort((a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0));
}

export function problems(n: number): string {
  return `${n} problem${n === 1 ? '' : 's'}`;
}

export interface StudyListing {
  dir: string;
  id: string;
  title: string;
}

/** The loadable studies in the sub-folders of `root`, sorted by id; broken ones are reported to `onInvalid`. */
export async function listStudies(
  root: string,
  options: { onInvalid?: (dir: string, error: PrefstudyError) => void } = {},
): Promise<StudyListing[]> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (err) {
    if (isNotFound(err)) throw new PrefstudyError('not-found', `${root}: no such studies folder`);
    throw err;
  }
  const listings: StudyListing[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = join(root, entry.name);
    if (!(await hasStudyFile(dir))) continue;
    try {
      const study = await loadStudy(dir);
      listings.push({ dir, id: study.id, title: study.title });
    } catch (err) {
      if (!(err instanceof PrefstudyError)) throw err;
      options.onInvalid?.(dir, err);
    }
  }
  return listings.sort((a, b) => a.id.localeCompare(b.id));
}

async function hasStudyFile(dir: string): Promise<boolean> {
  for (const name of STUDY_FILE_NAMES) if (await exists(join(dir, name))) return true;
  return false;
}

async function findStudyFile(dir: string, issues: Issue[]): Promise<string | undefined> {
  if (!(await exists(dir))) {
    issues.push({ file: dir, message: 'no such study folder' });
    return undefined;
  }
  const present: string[] = [];
  for (const name of STUDY_FILE_NAMES) if (await exists(join(dir, name))) present.push(join(dir, name));
  if (present.length === 0) {
    issues.push({ file: join(dir, 'study.json'), message: 'missing file', expected: STUDY_FILE_NAMES.join(' or '), found: 'nothing' });
    return undefined;
  }
  if (present.length > 1) {
    issues.push({ file: dir, message: 'more than one study file; keep one', found: present.join(', ') });
    return undefined;
  }
  return present[0];
}

async function readText(file: string, issues: Issue[]): Promise<string | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    if (text.trim() === '' && !file.endsWith(ITEMS_FILE_NAME)) {
      issues.push({ file, message: 'the file is empty', found: 'nothing' });
      return undefined;
    }
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (err) {
    if (isNotFound(err)) {
      issues.push({ file, message: 'missing file', found: 'nothing' });
      return undefined;
    }
    throw err;
  }
}

type Raw = { ok: true; value: unknown } | { ok: false };

function parseJson(text: string, file: string, issues: Issue[]): Raw {
  const result = parseJsonText(text, file);
  if (result.ok) return result;
  issues.push(result.issue);
  return { ok: false };
}

function parseYaml(text: string, file: string, issues: Issue[]): Raw {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length === 0) return { ok: true, value: doc.toJS() };
  for (const error of doc.errors)
    issues.push({ file, line: lineCounter.linePos(error.pos[0]).line, message: `not valid YAML: ${error.message.split('\n')[0]}` });
  return { ok: false };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}
