import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PrefstudyError } from '../../errors.ts';
import { acquireWriterLock, takeoverClaimFile } from './writer-lock.ts';

const CHILD = fileURLToPath(new URL('../../../test/store/lock-child.ts', import.meta.url));

async function tempLock(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'prefstudy-lock-')), 'judgments.jsonl.lock');
}

/** A pid whose process has exited (and, checked, not been reused yet). */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.once('exit', resolve));
  const pid = child.pid!;
  expect(() => process.kill(pid, 0)).toThrow();
  return pid;
}

/** A live process that is not us; killed after the tests. */
const sleepers: ReturnType<typeof spawn>[] = [];
function livePid(): number {
  const sleeper = spawn('sleep', ['30']);
  sleepers.push(sleeper);
  return sleeper.pid!;
}
afterAll(() => {
  for (const s of sleepers) s.kill('SIGKILL');
});

function keyOf(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

async function conflictOf(promise: Promise<unknown>): Promise<PrefstudyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrefstudyError);
  expect((error as PrefstudyError).code).toBe('conflict');
  return error as PrefstudyError;
}

describe('writer lock', () => {
  it('takes a fresh lock holding our pid, and release removes it (and nothing else is left)', async () => {
    const file = await tempLock();
    const lock = await acquireWriterLock(file, 'the log');
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe(String(process.pid));
    expect(await readdir(join(file, '..'))).toEqual(['judgments.jsonl.lock']);
    await lock.release();
    expect(await readdir(join(file, '..'))).toEqual([]);
    await lock.release(); // twice is harmless
    const again = await acquireWriterLock(file, 'the log');
    await again.release();
  });

  it('refuses a second open in the same process, also when both start at once', async () => {
    const file = await tempLock();
    const lock = await acquireWriterLock(file, 'the log');
    expect((await conflictOf(acquireWriterLock(file, 'the log'))).message).toMatch(/in this process/);
    await lock.release();

    const both = await Promise.allSettled([acquireWriterLock(file, 'the log'), acquireWriterLock(file, 'the log')]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    for (const r of both) if (r.status === 'fulfilled') await r.value.release();
  });

  it('refuses a lock held by a live process, naming it, and leaves its lock alone', async () => {
    const file = await tempLock();
    const pid = livePid();
    await writeFile(file, `${pid}\n`);
    const error = await conflictOf(acquireWriterLock(file, 'the log'));
    expect(error.message).toContain(`pid ${pid}`);
    expect(error.message).toContain('run one server per results directory');
    expect(await readFile(file, 'utf8')).toBe(`${pid}\n`);
  });

  it.each([
    ['a dead pid', async () => `${await deadPid()}\n`],
    ['our own pid from an earlier process (a restarted container)', async () => `${process.pid}\n`],
    ['nothing (empty: crash or power loss right after creating it)', async () => ''],
    ['garbage', async () => 'not a pid\n'],
    ['pid 0 (kill(0) would signal our own process group)', async () => '0\n'],
  ])('takes over a stale lock holding %s', async (_what, content) => {
    const file = await tempLock();
    await writeFile(file, await content());
    const lock = await acquireWriterLock(file, 'the log');
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe(String(process.pid));
    expect(await readdir(join(file, '..'))).toEqual(['judgments.jsonl.lock']);
    await lock.release();
  });

  it('takes over past the claim of a takeover that died midway, and cleans up after it', async () => {
    const file = await tempLock();
    const stale = `${await deadPid()}\n`;
    await writeFile(file, stale);
    const dead = await deadPid();
    await writeFile(takeoverClaimFile(file, keyOf(stale), 0), `${dead}\nabc\n`);
    await writeFile(`${file}.${dead}-0123abcd.tmp`, `${dead}\nabc\n`);
    const lock = await acquireWriterLock(file, 'the log');
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe(String(process.pid));
    expect(await readdir(join(file, '..'))).toEqual(['judgments.jsonl.lock']);
    await lock.release();
  });

  it('refuses while a live process holds the takeover claim, naming it', async () => {
    const file = await tempLock();
    const stale = `${await deadPid()}\n`;
    await writeFile(file, stale);
    const claimer = livePid();
    await writeFile(takeoverClaimFile(file, keyOf(stale), 0), `${claimer}\nabc\n`);
    expect((await conflictOf(acquireWriterLock(file, 'the log'))).message).toContain(`pid ${claimer}`);
    expect(await readFile(file, 'utf8')).toBe(stale);
  });

  it('release leaves alone a lock that is no longer ours', async () => {
    const file = await tempLock();
    const lock = await acquireWriterLock(file, 'the log');
    await writeFile(file, `${process.pid}\nsomeone else's\n`);
    await lock.release();
    expect(await readFile(file, 'utf8')).toBe(`${process.pid}\nsomeone else's\n`);
  });
});

/** A lock-child process: `send` a command, `line()` is its next line of output. */
class Racer {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private waiting: ((line: string) => void) | undefined;
  private failed: Error | undefined;
  readonly pid: number;

  constructor() {
    this.proc = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: 'pipe' });
    this.pid = this.proc.pid!;
    let buffered = '';
    let stderr = '';
    this.proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    this.proc.stdout.on('data', (d: Buffer) => {
      const parts = (buffered + d.toString()).split('\n');
      buffered = parts.pop() ?? '';
      this.lines.push(...parts);
      this.wake();
    });
    this.proc.on('exit', (code) => {
      this.failed = new Error(`lock child exited (${code}): ${stderr}`);
      this.wake();
    });
  }

  private wake(): void {
    const waiting = this.waiting;
    if (waiting && (this.lines.length > 0 || this.failed)) {
      this.waiting = undefined;
      waiting(this.lines.shift() ?? '');
    }
  }

  line(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting = (line) => (this.failed && !line ? reject(this.failed) : resolve(line));
      this.wake();
    });
  }

  send(command: string): void {
    this.proc.stdin.write(`${command}\n`);
  }

  end(): void {
    this.proc.stdin.end();
  }
}

describe('writer lock raced by several processes', () => {
  it('gives a stale lock to exactly one of 2 or 3 processes starting at the same moment', async () => {
    // Started once and reused: a cold start with tsx costs a second; each trial then only waits on
    // the lines the children print. The go line is written to every racer in the same tick.
    const racers = [new Racer(), new Racer(), new Racer()];
    try {
      expect(await Promise.all(racers.map((r) => r.line()))).toEqual(['ready', 'ready', 'ready']);
      const dir = await mkdtemp(join(tmpdir(), 'prefstudy-lock-race-'));
      const dead = await deadPid();
      // 20 trials of 2 racers and 10 of 3 on a dead owner's lock, then 3 racers on an empty lock and on none.
      const trials = [
        ...Array.from({ length: 30 }, (_, i) => ({ n: i < 20 ? 2 : 3, stale: `${dead}\n` as string | null })),
        ...Array.from({ length: 5 }, () => ({ n: 3, stale: '' as string | null })),
        ...Array.from({ length: 5 }, () => ({ n: 3, stale: null as string | null })),
      ];
      const winners: number[] = [];
      const problems: string[] = [];
      for (const [trial, { n, stale }] of trials.entries()) {
        const file = join(dir, `${trial}.lock`);
        if (stale !== null) await writeFile(file, stale);
        const these = racers.slice(0, n);
        for (const r of these) r.send(`go ${file}`);
        const results = await Promise.all(these.map((r) => r.line()));
        const won = these.filter((_, i) => results[i] === 'won');
        winners.push(won.length);
        if (won.length === 1) {
          // The winner's pid is in the lock; each loser was told so.
          if ((await readFile(file, 'utf8')).split('\n')[0] !== String(won[0].pid)) problems.push(`trial ${trial}: lock not the winner's`);
          for (const result of results) {
            if (result !== 'won' && !(result.startsWith('conflict ') && result.includes(`pid ${won[0].pid}`))) {
              problems.push(`trial ${trial}: ${result}`);
            }
          }
        }
        for (const r of these) r.send('release');
        expect(await Promise.all(these.map((r) => r.line()))).toEqual(these.map(() => 'released'));
      }
      expect({ winners, problems }).toEqual({ winners: trials.map(() => 1), problems: [] });
    } finally {
      for (const r of racers) r.end();
    }
  }, 30_000);
});
