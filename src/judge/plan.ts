// Which tasks a judge is asked: every (item, pair) of the study's design, in both orders, so that
// each system is once Output (a) and once Output (b) (a judge's position bias then shows, and
// cancels). Attention checks are for people and are not judged. Pure: the task ids are hashes of
// (model, item, left, right), so a rerun finds the same ids and asks only those not yet stored.
import { createHash } from 'node:crypto';
import { designPairs, type Item, type Study } from '../study/schema.ts';

export interface JudgeTask {
  /** The judgment's task id: the same for the same (model, item, left, right) on every run. */
  id: string;
  item: string;
  /** Shown as Output (a). */
  left: string;
  /** Shown as Output (b). */
  right: string;
}

export interface JudgePlan {
  /** Every task of the design (both orders). */
  planned: number;
  /** Of those, already judged (in the store). */
  stored: number;
  /** To ask now, in the plan's order (after `limit`). */
  tasks: JudgeTask[];
  /** Neither stored nor asked now (left out by `limit`). */
  deferred: number;
}

/** The deterministic task id of a judge's judgment of (item, left, right). */
export function judgeTaskId(model: string, item: string, left: string, right: string): string {
  // JSON keeps the fields apart whatever characters they hold.
  const digest = createHash('sha256').update(JSON.stringify(['prefstudy-judge', model, item, left, right]), 'utf8').digest('base64url');
  return `judge-${digest.slice(0, 32)}`;
}

/** Every task of the design for this judge, item by item, each pair in both orders. */
export function judgeTasks(study: Pick<Study, 'systems' | 'design' | 'items'>, model: string): JudgeTask[] {
  const pairs = designPairs(study);
  const tasks: JudgeTask[] = [];
  for (const item of study.items) {
    for (const [a, b] of pairs) {
      // As the scheduler does: an item without both completions offers no such pair.
      if (item.completions[a] === undefined || item.completions[b] === undefined) continue;
      tasks.push(task(model, item, a, b), task(model, item, b, a));
    }
  }
  return tasks;
}

/** The tasks to ask now: those not stored, at most `limit` of them. */
export function planJudging(all: readonly JudgeTask[], isStored: (taskId: string) => boolean, limit = Infinity): JudgePlan {
  const missing = all.filter((t) => !isStored(t.id));
  const tasks = missing.slice(0, limit);
  return { planned: all.length, stored: all.length - missing.length, tasks, deferred: missing.length - tasks.length };
}

/** The request as the judge reads it: the prompt, or the conversation so far as a transcript. */
export function instructionOf(item: Item): string {
  if (item.prompt !== undefined) return item.prompt;
  const messages = item.messages ?? [];
  if (messages.length === 1 && messages[0].role === 'user') return messages[0].content;
  const speaker = { system: 'System', user: 'User', assistant: 'Assistant' } as const;
  return messages.map((m) => `${speaker[m.role]}: ${m.content}`).join('\n\n');
}

function task(model: string, item: Item, left: string, right: string): JudgeTask {
  return { id: judgeTaskId(model, item.id, left, right), item: item.id, left, right };
}
