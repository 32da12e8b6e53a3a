import { describe, expect, it } from 'vitest';
import { Item, StudyFile, type Study } from '../study/schema.ts';
import { instructionOf, judgeTaskId, judgeTasks, planJudging } from './plan.ts';

function study(): Study {
  const file = StudyFile.parse({
    id: 'plan-study',
    title: 'Plan',
    instructions: 'Pick one.',
    systems: ['x', 'y', 'base'],
    design: { kind: 'baseline', baseline: 'base' },
    attentionChecks: { rate: 0.2, items: [{ id: 'check-1', prompt: '2 + 2?', good: '4', bad: 'fish' }] },
    seed: 1,
  });
  const items = [
    Item.parse({ id: 'i1', prompt: 'One?', completions: { x: 'x1', y: 'y1', base: 'b1' } }),
    // No completion of y: the pair (y, base) is not asked for this item.
    Item.parse({ id: 'i2', prompt: 'Two?', completions: { x: 'x2', base: 'b2' } }),
  ];
  return { ...file, dir: '/nowhere', items };
}

describe('the judge plan', () => {
  it('asks every design pair of every item in both orders, and no attention check', () => {
    const tasks = judgeTasks(study(), 'm');
    expect(tasks.map((t) => `${t.item}:${t.left}>${t.right}`)).toEqual(['i1:x>base', 'i1:base>x', 'i1:y>base', 'i1:base>y', 'i2:x>base', 'i2:base>x']);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
  });

  it('names each task by (model, item, left, right), the same on every run', () => {
    const id = judgeTaskId('m', 'i1', 'x', 'base');
    expect(id).toMatch(/^judge-[A-Za-z0-9_-]{32}$/);
    expect(judgeTaskId('m', 'i1', 'x', 'base')).toBe(id);
    expect(judgeTaskId('m', 'i1', 'base', 'x')).not.toBe(id);
    expect(judgeTaskId('other', 'i1', 'x', 'base')).not.toBe(id);
    // Fields cannot run into each other: ("a:b", "c") is not ("a", "b:c").
    expect(judgeTaskId('m', 'a', 'b', 'c')).not.toBe(judgeTaskId('m', 'a', 'b', 'c '));
    expect(judgeTasks(study(), 'm')[0].id).toBe(id);
  });

  it('skips stored tasks and asks at most the limit of the rest, in order', () => {
    const tasks = judgeTasks(study(), 'm');
    const stored = new Set([tasks[0].id, tasks[3].id]);
    const plan = planJudging(tasks, (id) => stored.has(id));
    expect(plan).toMatchObject({ planned: 6, stored: 2, deferred: 0 });
    expect(plan.tasks).toEqual([tasks[1], tasks[2], tasks[4], tasks[5]]);
    const limited = planJudging(tasks, (id) => stored.has(id), 3);
    expect(limited).toMatchObject({ planned: 6, stored: 2, deferred: 1 });
    expect(limited.tasks).toEqual([tasks[1], tasks[2], tasks[4]]);
    expect(planJudging(tasks, () => true).tasks).toEqual([]);
  });

  it('shows the judge a conversation as a transcript, a single user turn as it is', () => {
    expect(instructionOf(Item.parse({ id: 'a', prompt: 'Hi?', completions: {} }))).toBe('Hi?');
    expect(instructionOf(Item.parse({ id: 'b', messages: [{ role: 'user', content: 'Hi?' }], completions: {} }))).toBe('Hi?');
    const conversation = Item.parse({
      id: 'c',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi?' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Bye?' },
      ],
      completions: {},
    });
    expect(instructionOf(conversation)).toBe('System: Be brief.\n\nUser: Hi?\n\nAssistant: Hello.\n\nUser: Bye?');
  });
});
