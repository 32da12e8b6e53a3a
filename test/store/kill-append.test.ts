// Invariant 3 at the store level: SIGKILL a process in the middle of a burst of appends, at
// several points; every acknowledged judgment survives, the log opens, nothing is doubled.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openJudgmentLog } from '../../src/store/embedded/judgment-log.ts';

const CHILD = fileURLToPath(new URL('./append-child.ts', import.meta.url));

/** Runs the child until it has acknowledged `acks` appends, kills it with SIGKILL, returns what it acknowledged. */
function appendThenKill(file: string, prefix: string, acks: number): Promise<{ acked: string[]; openedWith: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let openedWith = -1;
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('open ')) openedWith = Number(line.slice(5));
        if (line.startsWith('ack ')) acked.push(line.slice(4));
      }
      if (acked.length >= acks && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited without being killed: ${stderr}`));
      else resolve({ acked, openedWith });
    });
  });
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
