import type { Study } from '../../../study/schema.ts';
import { studyPath } from '../../security/rater-cookie.ts';

export interface HomeView {
  studies: Array<{ id: string; title: string; path: string; estimatedMinutes?: number }>;
}

/** Study ids and titles only: both are already in every study link. */
export function presentHome(studies: Study[]): HomeView {
  return {
    studies: studies.map((s) => ({
      id: s.id,
      title: s.title,
      path: studyPath(s.id),
      ...(s.estimatedMinutes !== undefined ? { estimatedMinutes: s.estimatedMinutes } : {}),
    })),
  };
}
