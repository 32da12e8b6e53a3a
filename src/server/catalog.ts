// The studies a server serves: every folder under the studies directory, each with its rating
// service, and the ones that did not load with the reason. Whether a broken study stops the server
// is start.ts's decision; the catalog only keeps both lists.
import { readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PrefstudyError, formatIssue } from '../errors.ts';
import { loadStudy } from '../study/load.ts';
import type { Study } from '../study/schema.ts';
import type { RatingService } from '../rating/types.ts';
import type { StoreConfig } from '../store/open-stores.ts';

export interface StudyEntry {
  study: Study;
  service: RatingService;
}

/** A study folder that did not load: its id (or folder name) and every problem found. */
export interface StudyFailure {
  id: string;
  dir: string;
  /** The full description, with files and lines: for the operator, never for raters. */
  report: string;
}

export type OpenRatingService = (opts: { study: Study; store: StoreConfig; warn: (message: string) => void }) => Promise<RatingService>;

export interface Catalog {
  get(studyId: string): StudyEntry | undefined;
  list(): StudyEntry[];
  failures(): StudyFailure[];
  close(): Promise<void>;
}

export function catalogOf(entries: StudyEntry[], failed: StudyFailure[] = []): Catalog {
  const byId = new Map(entries.map((e) => [e.study.id, e]));
  return {
    get: (id) => byId.get(id),
    list: () => [...byId.values()].sort((a, b) => a.study.id.localeCompare(b.study.id)),
    failures: () => [...failed],
    close: async () => {
      await Promise.all([...byId.values()].map((e) => e.service.close()));
    },
  };
}

async function studyDirs(studiesDir: string): Promise<string[]> {
  const names = await readdir(studiesDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new PrefstudyError('not-found', `studies directory ${studiesDir} does not exist`);
    throw err;
  });
  const dirs: string[] = [];
  for (const name of names.sort()) {
    const dir = join(studiesDir, name);
    if (!(await stat(dir)).isDirectory()) continue;
    if (['study.json', 'study.yaml', 'study.yml'].some((f) => existsSync(join(dir, f)))) dirs.push(dir);
  }
  return dirs;
}

export function describeFailure(dir: string, err: unknown): string {
  if (err instanceof PrefstudyError) {
    // Messages of the study loader already start with the folder.
    const message = err.message.startsWith(dir) ? err.message : `${dir}: ${err.message}`;
    return [message, ...err.issues.map((i) => `  ${formatIssue(i)}`)].join('\n');
  }
  return `${dir}: ${err instanceof Error ? err.message : String(err)}`;
}

/** Loads every study under `studiesDir` and opens its rating service; keeps the failures. */
export async function openCatalog(opts: {
  studiesDir: string;
  store: StoreConfig;
  openService: OpenRatingService;
  log: (message: string) => void;
}): Promise<Catalog> {
  const entries: StudyEntry[] = [];
  const failed: StudyFailure[] = [];
  for (const dir of await studyDirs(opts.studiesDir)) {
    let id = basename(dir);
    try {
      const study = await loadStudy(dir);
      id = study.id;
      if (entries.some((e) => e.study.id === study.id)) {
        throw new PrefstudyError('conflict', `study id "${study.id}" is already served from another folder`);
      }
      const warn = (message: string) => opts.log(`${study.id}: warning: ${message}`);
      entries.push({ study, service: await opts.openService({ study, store: opts.store, warn }) });
    } catch (err) {
      failed.push({ id, dir, report: describeFailure(dir, err) });
    }
  }
  return catalogOf(entries, failed);
}
