import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TaskIndex } from './task-index.ts';

/** An index over an in-memory "log": the task at offset i is tasks[i]. */
function indexOf(tasks: string[]): { index: TaskIndex; reads: () => number } {
  let reads = 0;
  const index = new TaskIndex((offset) => {
    reads++;
    return tasks[offset];
  });
  return { index, reads: () => reads };
}

describe('task index', () => {
  it('finds every task added, across many resizes, and none that was not', () => {
    const tasks = Array.from({ length: 100_000 }, (_, i) => (i % 3 === 0 ? `stored-${i}` : randomBytes(18).toString('base64url')));
    const { index, reads } = indexOf(tasks);
    tasks.forEach((task, i) => expect(index.add(task, i, task.length)).toBe(true));
    expect(index.size).toBe(tasks.length);
    // A task already there is not added again, and keeps its place.
    expect(index.add(tasks[5], 99, 1)).toBe(false);
    expect(index.size).toBe(tasks.length);
    expect(index.location(index.find(tasks[5]))).toEqual({ offset: 5, length: tasks[5].length });
    for (let i = 0; i < tasks.length; i += 7) expect(index.location(index.find(tasks[i]))).toEqual({ offset: i, length: tasks[i].length });
    const before = reads();
    for (let i = 0; i < 20_000; i++) expect(index.has(`absent-${i}`)).toBe(false);
    // Misses are decided by the hashes alone: reading the log back is for hits.
    expect(reads() - before).toBeLessThan(5);
  });

  it('confirms a hash match against the log, so a match of hashes alone is not a hit', () => {
    const log = ['first', 'second'];
    const { index } = indexOf(log);
    index.add('first', 0, 5);
    index.add('second', 1, 6);
    expect(index.has('second')).toBe(true);
    // The log now says something else at that place: the hashes of "second" still match, the task does not.
    log[1] = 'other';
    expect(index.has('second')).toBe(false);
    expect(index.has('first')).toBe(true);
  });

  it('handles tasks of any text: empty, long, non-ASCII', () => {
    const tasks = ['', 'é', 'ü'.repeat(500), 'import:alpacaeval:file.json:42', '日本語のタスク'];
    const { index } = indexOf(tasks);
    tasks.forEach((task, i) => index.add(task, i, 1));
    for (const task of tasks) expect(index.has(task)).toBe(true);
    expect(index.has('e')).toBe(false);
  });
});
