import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PrefstudyError } from '../../errors.ts';
import type { Judgment } from '../../judgments/record.ts';
import { openJudgmentLog, type EmbeddedJudgmentLog } from './judgment-log.ts';

function judgment(task: string, extra: Partial<Judgment> = {}): Judgment {
  return { v: 1, study: 's', task, rater: 'r1', item: 'i1', left: 'a', right: 'b', choice: 'left', ...extra };
}

function tasksOf(log: EmbeddedJudgmentLog): string[] {
  const tasks: string[] = [];
  log.forEach((j) => tasks.push(j.task));
  return tasks;
}

async function tempLogFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'prefstudy-log-')), 'study', 'judgments.jsonl');
}

describe('embedded judgment log', () => {
  it('reads back after re-open what was appended, in order', async () => {
    const file = await tempLogFile();
    const log = await openJudgmentLog(file);
    expect(log.has('t1')).toBe(false);
    expect(await log.append(judgment('t1', { rationale: 'line\nbreak "quoted"' }))).toBe('written');
    expect(await log.append(judgment('t2', { choice: 'tie' }))).toBe('written');
    await log.close();

    const reopened = await openJudgmentLog(file);
    expect(reopened.count()).toBe(2);
    expect(tasksOf(reopened)).toEqual(['t1', 't2']);
    expect(reopened.byTask('t1')?.rationale).toBe('line\nbreak "quoted"');
    expect(reopened.byTask('t2')?.choice).toBe('tie');
    expect(reopened.byTask('t3')).toBeUndefined();
    await reopened.close();
  });

  it('shows each stored judgment to the visitor once while opening, in order; a malformed line fails the open', async () => {
    const file = await tempLogFile();
    const log = await openJudgmentLog(file);
    for (const task of ['a', 'b', 'c']) await log.append(judgment(task, { choice: task === 'b' ? 'tie' : 'left' }));
    await log.close();
    const seen: Judgment[] = [];
    const reopened = await openJudgmentLog(file, (j) => seen.push(j));
    expect(seen.map((j) => [j.task, j.choice])).toEqual([['a', 'left'], ['b', 'tie'], ['c', 'left']]);
    expect(reopened.has('b')).toBe(true);
    await reopened.close();
    await appendFile(file, 'not json\n' + JSON.stringify(judgment('d')) + '\n');
    const none: Judgment[] = [];
    await expect(openJudgmentLog(file, (j) => none.push(j))).rejects.toBeInstanceOf(PrefstudyError);
    // The open fails, so whatever the caller rebuilt from the lines before the bad one is discarded.
    expect(none.map((j) => j.task)).toEqual(['a', 'b', 'c']);
  });

  it('rejects a second judgment for a task, sequential or concurrent, writing nothing', async () => {
    const file = await tempLogFile();
    const log = await openJudgmentLog(file);
    const concurrent = await Promise.all([log.append(judgment('t1')), log.append(judgment('t1', { choice: 'right' }))]);
    expect(concurrent.sort()).toEqual(['duplicate', 'written']);
    const bytes = (await stat(file)).size;
    expect(await log.append(judgment('t1', { choice: 'tie' }))).toBe('duplicate');
    expect((await stat(file)).size).toBe(bytes);
    expect(log.count()).toBe(1);
    expect(log.byTask('t1')?.choice).toBe('left');
    await log.close();
  });

  it('groups concurrent appends and acknowledges each one', async () => {
    const file = await tempLogFile();
    const log = await openJudgmentLog(file);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(judgment(`t${i}`))));
    expect(results.every((r) => r === 'written')).toBe(true);
    await log.close();
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    expect(new Set(lines.map((l) => (JSON.parse(l) as Judgment).task)).size).toBe(200);
  });

  it('refuses an invalid record without writing it', async () => {
    const file = await tempLogFile();
    const log = await openJudgmentLog(file);
    const bad = { ...judgment('t1'), choice: 'maybe' } as unknown as Judgment;
    await expect(log.append(bad)).rejects.toBeInstanceOf(PrefstudyError);
    expect((await stat(file)).size).toBe(0);
    await log.close();
  });

  it('cuts off a torn last line and stays appendable', async () => {
    const file = await tempLogFile();
    const log = await openJudgmentLog(file);
    await log.append(judgment('t1'));
    await log.close();
    const intact = (await stat(file)).size;
    await appendFile(file, JSON.stringify(judgment('t2')).slice(0, 25));

    const reopened = await openJudgmentLog(file);
    expect(reopened.count()).toBe(1);
    expect((await stat(file)).size).toBe(intact);
    expect(await reopened.append(judgment('t2'))).toBe('written');
    await reopened.close();
    const again = await openJudgmentLog(file);
    expect(tasksOf(again)).toEqual(['t1', 't2']);
    await again.close();
  });

  it('names the file and line of a malformed line that is not the last', async () => {
    const file = await tempLogFile();
    const log = await openJudgmentLog(file);
    await log.close();
    const lines = [JSON.stringify(judgment('t1')), '{"v":1,"study":', JSON.stringify(judgment('t3', { choice: 'sideways' as Judgment['choice'] })), JSON.stringify(judgment('t4'))];
    await writeFile(file, lines.join('\n') + '\n');
    const error = await openJudgmentLog(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PrefstudyError);
    const issues = (error as PrefstudyError).issues;
    expect(issues.map((i) => [i.file, i.line, i.field ?? ''])).toEqual([
      [file, 2, ''],
      [file, 3, 'choice'],
    ]);
    // Nothing was cut or rewritten.
    expect(await readFile(file, 'utf8')).toBe(lines.join('\n') + '\n');
  });

  it('has one writer at a time: a second open fails while the first is open or its process lives', async () => {
    const file = await tempLogFile();
    const log = await openJudgmentLog(file);
    await expect(openJudgmentLog(file)).rejects.toMatchObject({ code: 'conflict' });
    await log.close();
    const again = await openJudgmentLog(file);
    await again.close();

    const sleeper = spawn('sleep', ['30']);
    try {
      await writeFile(`${file}.lock`, `${sleeper.pid}\n`);
      await expect(openJudgmentLog(file)).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((resolve) => sleeper.once('exit', resolve));
    }
    // Its owner is gone: the stale lock is taken over.
    const taken = await openJudgmentLog(file);
    expect((await readFile(`${file}.lock`, 'utf8')).split('\n')[0]).toBe(String(process.pid));
    await taken.close();
  });
});
