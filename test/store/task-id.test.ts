import { describe, expect, it } from 'vitest';
import { newTaskId } from '../../src/store/task-id.ts';

describe('task ids', () => {
  it('are 24 base64url characters and never repeat, across pool refills', () => {
    const ids = Array.from({ length: 2_000 }, () => newTaskId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
