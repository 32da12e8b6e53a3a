import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lease, RaterRecord } from '../types.ts';
import { openStateStore } from './state-store.ts';

const rater: RaterRecord = { id: 'r1', createdAt: '2025-01-01T00:00:00Z', answered: 0, seenItems: [], attentionFailures: 0, flagged: false };

function lease(task: string, raterId = 'r1'): Lease {
  return { task, rater: raterId, item: 'i1', left: 'a', right: 'b', position: 1, shownAt: '2025-01-01T00:00:00Z', expiresAt: 1e15 };
}

describe('embedded state store (lowdb)', () => {
  it('writes raters and leases to state.json (not to memory, even under vitest) and reads them back', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'prefstudy-state-')), 'study', 'state.json');
    const store = await openStateStore(file);
    await store.putRater(rater);
    await store.putLease(lease('t1'));
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { raters: Record<string, RaterRecord>; leases: Record<string, Lease> };
    expect(onDisk.raters.r1).toEqual(rater);
    expect(Object.keys(onDisk.leases)).toEqual(['t1']);
    await store.close();

    const reopened = await openStateStore(file);
    expect(reopened.getRater('r1')).toEqual(rater);
    expect(reopened.leaseOf('r1')?.task).toBe('t1');
    expect(reopened.getRater('constructor')).toBeUndefined();
    await reopened.close();
  });

  it('keeps one lease per rater and forgets a deleted one', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'prefstudy-state-')), 'state.json');
    const store = await openStateStore(file);
    await store.putLease(lease('t1'));
    await store.putLease(lease('t2'));
    await store.putLease(lease('t3', 'r2'));
    expect(store.leases().map((l) => l.task).sort()).toEqual(['t2', 't3']);
    await store.deleteLease('t2');
    expect(store.leaseOf('r1')).toBeUndefined();
    expect(store.getLease('t2')).toBeUndefined();
    expect(store.leaseOf('r2')?.task).toBe('t3');
    await store.close();
  });

  it('coalesces concurrent changes, and each promise resolves only once its change is on disk', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'prefstudy-state-')), 'state.json');
    const store = await openStateStore(file);
    const onDiskIds = async () =>
      Object.keys((JSON.parse(await readFile(file, 'utf8')) as { raters: Record<string, RaterRecord> }).raters);
    const writes = Array.from({ length: 100 }, (_, i) =>
      store.putRater({ ...rater, id: `r${i}` }).then(async () => (await onDiskIds()).includes(`r${i}`)),
    );
    expect((await Promise.all(writes)).every(Boolean)).toBe(true);
    expect((await onDiskIds()).length).toBe(100);
    await store.close();
  });
});
