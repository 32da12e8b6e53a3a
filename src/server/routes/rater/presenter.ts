// What leaves the server for a rater. Every view is built field by field from texts and counts:
// nothing here reads a system id, item id or file name, so nothing can carry one to the browser.
import type { Study, Message } from '../../../study/schema.ts';
import type { RaterStatus, TaskView } from '../../../rating/types.ts';
import { renderMarkdown } from '../../markdown.ts';
import { studyPath } from '../../security/rater-cookie.ts';
import { answerOptions } from './answers.ts';

const ROLE_LABEL: Record<Message['role'], string> = { system: 'Context', user: 'User', assistant: 'Assistant' };

export interface LandingView {
  title: string;
  studyPath: string;
  instructionsHtml: string;
  consentHtml?: string;
  estimatedMinutes?: number;
  csrf: string;
  state: 'start' | 'continue' | 'done';
  answered: number;
}

export function presentLanding(study: Study, rater: RaterStatus, csrf: string): LandingView {
  const started = rater.answered > 0 || rater.consentedAt !== undefined;
  return {
    title: study.title,
    studyPath: studyPath(study.id),
    instructionsHtml: renderMarkdown(study.instructions),
    ...(study.consent && !rater.consentedAt ? { consentHtml: renderMarkdown(study.consent) } : {}),
    ...(study.estimatedMinutes !== undefined ? { estimatedMinutes: study.estimatedMinutes } : {}),
    csrf,
    state: rater.finishedAt ? 'done' : started ? 'continue' : 'start',
    answered: rater.answered,
  };
}

export interface PairPageView {
  title: string;
  studyPath: string;
  taskId: string;
  turns: Array<{ role: string; html: string }>;
  leftHtml: string;
  rightHtml: string;
  position: number;
  total: number;
  answered: number;
  options: Array<{ value: string; label: string; key: string; keys: string }>;
  rationale: { mode: 'off' | 'optional' | 'required'; maxLength: number };
  csrf: string;
}

function turnsOf(task: TaskView): PairPageView['turns'] {
  if (task.messages) return task.messages.map((m) => ({ role: ROLE_LABEL[m.role], html: renderMarkdown(m.content) }));
  return [{ role: 'Prompt', html: renderMarkdown(task.prompt ?? '') }];
}

export function presentPair(study: Study, task: TaskView, csrf: string): PairPageView {
  return {
    title: study.title,
    studyPath: studyPath(study.id),
    taskId: task.taskId,
    turns: turnsOf(task),
    leftHtml: renderMarkdown(task.leftText),
    rightHtml: renderMarkdown(task.rightText),
    position: task.position,
    total: task.total,
    answered: task.position - 1,
    options: answerOptions(task.scale).map((o) => ({ value: o.value, label: o.label, key: o.keys[0], keys: o.keys.join(' ') })),
    rationale: { mode: task.scale.rationale, maxLength: task.scale.rationaleMaxLength },
    csrf,
  };
}

/** The pair as JSON for scripted clients: the same whitelist, texts instead of HTML. */
export function presentPairJson(task: TaskView, csrf: string) {
  return {
    status: 'task' as const,
    task: {
      id: task.taskId,
      ...(task.prompt !== undefined ? { prompt: task.prompt } : {}),
      ...(task.messages ? { messages: task.messages.map((m) => ({ role: m.role, content: m.content })) } : {}),
      a: task.leftText,
      b: task.rightText,
      position: task.position,
      total: task.total,
    },
    answers: answerOptions(task.scale).map((o) => o.value),
    rationale: task.scale.rationale,
    csrf,
  };
}

export interface DoneView {
  title: string;
  completionCode?: string;
}

export function presentDone(study: Study, completionCode: string | undefined): DoneView {
  return { title: study.title, ...(completionCode ? { completionCode } : {}) };
}
