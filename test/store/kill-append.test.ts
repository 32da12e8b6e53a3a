// Invariant 3 at the store level: SIGKILL a process in the middle of a burst of appends, at
// several points; every acknowledged judgment survives, the log opens, nothing is doubled.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openJudgmentLog } from '../../src/store/embedded/judgment-log.ts';
import { runUntilKilled, tagged } from './kill-child.ts';

const CHILD = fileURLToPath(new URL('./append-child.ts', import.meta.url));

/** Runs the child until it has acknowledged `acks` appends, kills it with SIGKILL, returns what it acknowledged. */
async function appendThenKill(file: string, prefix: string, acks: number): Promise<{ acked: string[]; openedWith: number }> {
  const lines = await runUntilKilled(CHILD, [file, prefix], (seen) => tagged(seen, 'ack').length >= acks);
  return { acked: tagged(lines, 'ack'), openedWith: Number(tagged(lines, 'open')[0] ?? -1) };
}

describe('judgment log under kill -9', () => {
  it('keeps every acknowledged append across repeated kills mid-burst', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'prefstudy-kill-')), 'judgments.jsonl');
    const allAcked: string[] = [];
    let expectedAtOpen = 0;
    for (const [round, acks] of [30, 400, 1500, 77].entries()) {
      const { acked, openedWith } = await appendThenKill(file, `round${round}`, acks);
      // The restarted process opened the log left by the previous kill (maybe with a torn tail).
      expect(openedWith).toBe(expectedAtOpen);
      allAcked.push(...acked);
      const log = await openJudgmentLog(file);
      for (const task of allAcked) expect(log.byTask(task)?.task).toBe(task);
      expectedAtOpen = log.count();
      await log.close();
      const tasks = (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { task: string }).task);
      expect(new Set(tasks).size).toBe(tasks.length);
      expect(tasks.length).toBe(expectedAtOpen);
    }
    expect(allAcked.length).toBeGreaterThanOrEqual(30 + 400 + 1500 + 77);
  });
});
