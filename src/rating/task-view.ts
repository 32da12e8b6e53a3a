// What a rater's browser gets for a lease: texts only. Never a system id, item id or check id.
import type { Item, Study } from '../study/schema.ts';
import type { AttentionCheck } from '../study/schema.ts';
import type { Lease } from '../store/types.ts';
import type { TaskView } from './types.ts';

export interface TaskTexts {
  items: Map<string, Item>;
  checks: Map<string, AttentionCheck>;
}

export function taskTexts(study: Study): TaskTexts {
  return {
    items: new Map(study.items.map((i) => [i.id, i])),
    checks: new Map((study.attentionChecks?.items ?? []).map((c) => [c.id, c])),
  };
}

export function taskView(study: Study, texts: TaskTexts, lease: Lease, total: number): TaskView {
  const common = { taskId: lease.task, position: lease.position, total: Math.max(total, lease.position), scale: study.scale };
  if (lease.check) {
    const check = texts.checks.get(lease.check.id);
    if (!check) throw new Error(`attention check ${lease.check.id} is no longer in the study`);
    const goodLeft = lease.check.expected === 'left';
    return {
      ...common,
      ...prompt(check),
      leftText: goodLeft ? check.good : check.bad,
      rightText: goodLeft ? check.bad : check.good,
    };
  }
  const item = texts.items.get(lease.item);
  const leftText = item?.completions[lease.left];
  const rightText = item?.completions[lease.right];
  if (!item || leftText === undefined || rightText === undefined) {
    throw new Error(`item ${lease.item} no longer has both completions`);
  }
  return { ...common, ...prompt(item), leftText, rightText };
}

function prompt(source: Pick<Item, 'prompt' | 'messages'>): Pick<TaskView, 'prompt' | 'messages'> {
  return source.prompt !== undefined ? { prompt: source.prompt } : { messages: source.messages };
}
