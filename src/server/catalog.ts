// The studies a server serves: every folder under the studies directory that loads, each with its
// rating service. A study that fails to load is reported and skipped; the others are served.
import { readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PrefstudyError, formatIssue } from '../errors.ts';
import { loadStudy } from '../study/load.ts';
import type { Study } from '../study/schema.ts';
import type { RatingService } from '../rating/types.ts';

export interface StudyEntry {
  study: Study;
  service: RatingService;
}

export type OpenRatingService = (opts: { study: Study; resultsDir: string }) => Promise<RatingService>;

export interface Catalog {
  get(studyId: string): StudyEntry | undefined;
  list(): StudyEntry[];
  close(): Promise<void>;
}

export function catalogOf(entries: StudyEntry[]): Catalog {
  const byId = new Map(entries.map((e) => [e.study.id, e]));
  return {
    get: (id) => byId.get(id),
    list: () => [...byId.values()].sort((a, b) => a.study.id.localeCompare(b.study.id)),
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

function describeFailure(dir: string, err: unknown): string {
  if (err instanceof PrefstudyError) {
    return [`${dir}: ${err.message}`, ...err.issues.map((i) => `  ${formatIssue(i)}`)].join('\n');
  }
  return `${dir}: ${err instanceof Error ? err.message : String(err)}`;
}

/** Loads every study under `studiesDir` and opens its rating service. */
export async function openCatalog(opts: {
  studiesDir: string;
  resultsDir: string;
  openService: OpenRatingService;
  log: (message: string) => void;
}): Promise<Catalog> {
  const entries: StudyEntry[] = [];
  for (const dir of await studyDirs(opts.studiesDir)) {
    try {
      const study = await loadStudy(dir);
      if (entries.some((e) => e.study.id === study.id)) {
        opts.log(`${dir}: skipped, study id "${study.id}" is already served from another folder`);
        continue;
      }
      entries.push({ study, service: await opts.openService({ study, resultsDir: opts.resultsDir }) });
    } catch (err) {
      opts.log(`skipped a study that does not load:\n${describeFailure(dir, err)}`);
    }
  }
  return catalogOf(entries);
}
