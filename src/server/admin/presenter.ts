// What the study owner sees. Admins may see system ids: they set the study up.
import { designPairs, type Study } from '../../study/schema.ts';
import type { StudyProgress } from '../../store/types.ts';
import type { StudyEntry } from '../catalog.ts';
import { studyPath } from '../security/rater-cookie.ts';

/** Where each of these studies stands now. */
export async function progressOf(entries: StudyEntry[]): Promise<Array<{ study: Study; progress: StudyProgress }>> {
  return Promise.all(entries.map(async ({ study, service }) => ({ study, progress: await service.progress() })));
}

export interface AdminStudyView {
  id: string;
  title: string;
  path: string;
  systems: string[];
  items: number;
  pairs: Array<{ a: string; b: string; votes: number; target: number }>;
  votes: number;
  target: number;
  percent: number;
  judgments: number;
  raters: number;
  activeRaters: number;
  finishedRaters: number;
  flaggedRaters: number;
}

export interface AdminOverview {
  title: string;
  studies: AdminStudyView[];
}

/** Each study with where it stands (the handler asks the rating services; this only presents). */
export function presentAdminOverview(entries: Array<{ study: Study; progress: StudyProgress }>): AdminOverview {
  return {
    title: 'Studies',
    studies: entries.map(({ study, progress }) => {
      const pairs = progress.pairs.length ? progress.pairs : designPairs(study).map(([a, b]) => ({ a, b, votes: 0, target: 0 }));
      return {
        id: study.id,
        title: study.title,
        path: studyPath(study.id),
        systems: [...study.systems],
        items: study.items.length,
        pairs: pairs.map(({ a, b, votes, target }) => ({ a, b, votes, target })),
        votes: progress.votes,
        target: progress.target,
        percent: progress.target ? Math.round((100 * progress.votes) / progress.target) : 0,
        judgments: progress.judgments,
        raters: progress.raters,
        activeRaters: progress.activeRaters,
        finishedRaters: progress.finishedRaters,
        flaggedRaters: progress.flaggedRaters.length,
      };
    }),
  };
}
