import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A writer whose writes finish only when the test says so, recording each batch. */
function controlledWriter() {
  const batches: number[][] = [];
  const finish: Array<(error?: Error) => void> = [];
  const commit = new GroupCommit<number>(
    (items) =>
      new Promise<void>((resolve, reject) => {
        batches.push(items);
        finish.push((error) => (error ? reject(error) : resolve()));
      }),
  );
  return { commit, batches, finish };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('writes whatever queued during a write as the next single write, in order, and settles each with its write', async () => {
    const { commit, batches, finish } = controlledWriter();
    const settled: number[] = [];
    const first = commit.push(1).then(() => settled.push(1));
    const rest = [2, 3, 4].map((n) => commit.push(n).then(() => settled.push(n)));
    await tick();
    expect(batches).toEqual([[1]]);
    finish[0]();
    await first;
    await tick();
    expect(settled).toEqual([1]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    finish[1]();
    await Promise.all(rest);
    expect(settled).toEqual([1, 2, 3, 4]);
  });

  it('fails every item of a failed write, and carries on with the next', async () => {
    const { commit, batches, finish } = controlledWriter();
    const a = commit.push(1);
    const b = commit.push(2);
    const c = commit.push(3);
    await tick();
    finish[0](new Error('disk full'));
    await expect(a).rejects.toThrow('disk full');
    await tick();
    expect(batches).toEqual([[1], [2, 3]]);
    finish[1]();
    await expect(Promise.all([b, c])).resolves.toBeDefined();
  });

  it('holds writes back until released, after the write in flight, and drains what is queued', async () => {
    const { commit, batches, finish } = controlledWriter();
    const a = commit.push(1);
    await tick();
    let held = false;
    const holding = commit.hold().then((release) => {
      held = true;
      return release;
    });
    const b = commit.push(2);
    await tick();
    expect(held).toBe(false);
    finish[0]();
    await a;
    const release = await holding;
    await tick();
    expect(batches).toEqual([[1]]);
    release();
    await tick();
    expect(batches).toEqual([[1], [2]]);
    let drained = false;
    const draining = commit.drain().then(() => (drained = true));
    await tick();
    expect(drained).toBe(false);
    finish[1]();
    await b;
    await draining;
    expect(drained).toBe(true);
  });
});
