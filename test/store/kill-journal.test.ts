// Invariant 3 for the rater journal under SIGKILL: a child process puts leases from 20 concurrent
// writers and is killed at several points, some of them in the middle of a compaction; every lease
// it acknowledged is still there (or a newer one of the same rater), and a kill never leaves damage.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openRaterJournal } from '../../src/store/embedded/rater-journal.ts';
import type { SavedRaterState } from '../../src/store/types.ts';
import { runUntilKilled, tagged } from './kill-child.ts';

const CHILD = fileURLToPath(new URL('./journal-child.ts', import.meta.url));
/** A last line cut off by the kill: said and dropped, not damage. */
const TORN = /its last line was cut off/;

async function reopen(file: string): Promise<{ saved: SavedRaterState; warnings: string[] }> {
  const warnings: string[] = [];
  const journal = await openRaterJournal(file, { warn: (m) => warnings.push(m) });
  const saved = journal.saved();
  await journal.close();
  return { saved, warnings };
}

/**
 * Runs the child until it has acknowledged `acks` leases (and, with `midCompaction`, until it then
 * reports a compaction running), kills it with SIGKILL, returns the tasks it acknowledged.
 */
async function putThenKill(file: string, prefix: string, acks: number, midCompaction: boolean): Promise<{ acked: string[]; open: string; warnings: string[] }> {
  const lines = await runUntilKilled(
    CHILD,
    [file, prefix, String(KILL_RATERS), String(KILL_PAD)],
    (seen) => tagged(seen, 'ack').length >= acks && (!midCompaction || seen.at(-1) === 'compacting'),
  );
  return { acked: tagged(lines, 'ack'), open: tagged(lines, 'open')[0] ?? '', warnings: tagged(lines, 'warn') };
}

const KILL_RATERS = 40;
// ~2.2 kB a lease: the 4 MiB compaction threshold is passed every ~1,900 leases.
const KILL_PAD = 2_000;

describe('rater journal under kill -9', () => {
  it('keeps every acknowledged lease (or a newer one of its rater) across kills, mid-compaction too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prefstudy-journal-kill-'));
    const file = join(dir, 'raters.jsonl');
    /** Per rater, the newest acknowledged lease: round prefix and number. */
    const newest = new Map<string, { prefix: string; n: number }>();
    let round = 0;
    /** Kills that left the compaction's temporary file behind: they landed mid-compaction. */
    let midCompactionKills = 0;
    const killAndCheck = async (acks: number, midCompaction: boolean) => {
      const prefix = `k${round++}`;
      const { acked, open, warnings } = await putThenKill(file, prefix, acks, midCompaction);
      if (existsSync(`${file}.compacting`)) midCompactionKills++;
      expect(warnings.filter((w) => !TORN.test(w))).toEqual([]);
      expect(acked.length).toBeGreaterThanOrEqual(acks);
      // The restarted child saw the raters and leases the previous rounds left.
      if (round > 1) expect(open).toMatch(new RegExp(`^${KILL_RATERS} \\d+$`));
      for (const task of acked) {
        const n = Number(task.slice(prefix.length + 1));
        newest.set(n % 7 === 3 ? `u-${task}` : `r${n % KILL_RATERS}`, { prefix, n });
      }

      const { saved, warnings: reopenWarnings } = await reopen(file);
      // A kill mid-write may leave a torn last line (said, and dropped); never damage.
      expect(reopenWarnings.filter((w) => !TORN.test(w))).toEqual([]);
      expect(saved.raters).toHaveLength(KILL_RATERS);
      const held = new Map(saved.leases.map((l) => [l.rater, l]));
      expect(held.size).toBe(saved.leases.length);
      // Acknowledged is kept: each rater holds its newest acknowledged lease or a later one of the same round.
      for (const [raterId, want] of newest) {
        const lease = held.get(raterId);
        expect(lease, `${raterId} lost ${want.prefix}-${want.n}`).toBeDefined();
        const [heldPrefix, heldN] = (lease?.task ?? '').split('-');
        expect(heldPrefix, `${raterId} holds ${lease?.task}, older than ${want.prefix}-${want.n}`).toBe(want.prefix);
        expect(Number(heldN)).toBeGreaterThanOrEqual(want.n);
      }
      for (const lease of saved.leases) {
        const n = Number(lease.task.split('-')[1]);
        expect(lease.rater).toBe(n % 7 === 3 ? `u-${lease.task}` : `r${n % KILL_RATERS}`);
        expect(lease.position).toBe(n + 1);
      }
    };
    await killAndCheck(50, false);
    await killAndCheck(1, true);
    await killAndCheck(2_500, false);
    await killAndCheck(1, true);
    await killAndCheck(700, false);
    // A kill may miss a short compaction; try again (bounded) until one has landed inside one.
    for (let tries = 0; midCompactionKills === 0 && tries < 5; tries++) await killAndCheck(1, true);
    expect(midCompactionKills).toBeGreaterThan(0);
    // No damaged copy: a kill never leaves damage, at most a torn last line and a stale temp file.
    expect((await readdir(dir)).filter((name) => name.includes('.damaged-'))).toEqual([]);
  });
});

