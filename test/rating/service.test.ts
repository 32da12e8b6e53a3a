import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PrefstudyError } from '../../src/errors.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import { openRatingService } from '../../src/rating/service.ts';
import type { Answer, RatingService, TaskView } from '../../src/rating/types.ts';
import type { Study } from '../../src/study/schema.ts';
import { makeStudy, tempResultsDir } from './fixture.ts';

const T0 = Date.parse('2025-03-01T12:00:00Z');

async function setup(study: Study = makeStudy()) {
  const resultsDir = await tempResultsDir();
  const clock = { now: T0 };
  const open = () => openRatingService({ study, store: { resultsDir }, now: () => new Date(clock.now) });
  const logFile = join(resultsDir, study.id, 'judgments.jsonl');
  return { study, resultsDir, clock, open, logFile, service: await open() };
}

async function task(service: RatingService, rater: string): Promise<TaskView> {
  const current = await service.current(rater);
  if (current.kind !== 'task') throw new Error(`expected a task, got ${current.kind}`);
  return current.task;
}

async function logLines(file: string): Promise<Judgment[]> {
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Judgment);
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrefstudyError);
  expect((error as PrefstudyError).code).toBe(code);
}

describe('rating service', () => {
  it('records a complete judgment with server times, position and app version; texts only in the view', async () => {
    const { service, clock, logFile, study } = await setup();
    await service.enter({ id: 'p1', prolific: { pid: 'p1', studyId: 'S', sessionId: 'X' } });
    const view = await task(service, 'p1');
    expect(view.position).toBe(1);
    expect(view.total).toBe(study.raterLimit);
    const serialized = JSON.stringify(view);
    for (const secret of [...study.systems, ...study.items.map((i) => i.id)]) {
      expect(serialized).not.toContain(`"${secret}"`);
    }
    expect(view.taskId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    clock.now += 42_000;
    await service.submit('p1', { taskId: view.taskId, choice: 'right' }, { uaHash: 'ua123' });
    const [j] = await logLines(logFile);
    expect(j).toMatchObject({
      study: study.id,
      task: view.taskId,
      rater: 'p1',
      choice: 'right',
      shownAt: new Date(T0).toISOString(),
      answeredAt: new Date(T0 + 42_000).toISOString(),
      seconds: 42,
      position: 1,
      uaHash: 'ua123',
      source: 'server',
    });
    expect(j.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    const item = study.items.find((i) => i.id === j.item);
    expect(item?.completions[j.left]).toBe(view.leftText);
    expect(item?.completions[j.right]).toBe(view.rightText);
    expect((await task(service, 'p1')).position).toBe(2);
    await service.close();
  });

  it('gives a returning rater the same pending task, also after a restart', async () => {
    const { service, open } = await setup();
    await service.enter({ id: 'r' });
    const first = await task(service, 'r');
    expect((await task(service, 'r')).taskId).toBe(first.taskId);
    await service.close();
    const reopened = await open();
    const again = await task(reopened, 'r');
    expect(again).toEqual(first);
    await reopened.close();
  });

  it('drops a pending lease whose item left the study, and serves another task', async () => {
    const study = makeStudy({ items: 2, systems: ['a', 'b'], votesPerPair: 1 });
    const { service, resultsDir } = await setup(study);
    await service.enter({ id: 'r' });
    const first = await task(service, 'r');
    await service.close();
    const shownItem = study.items.find((i) => i.completions.a === first.leftText || i.completions.a === first.rightText);
    const smaller = { ...study, items: study.items.filter((i) => i !== shownItem) };
    const reopened = await openRatingService({ study: smaller, store: { resultsDir }, now: () => new Date(T0) });
    const next = await task(reopened, 'r');
    expect(next.taskId).not.toBe(first.taskId);
    expect(next.prompt).toBe(smaller.items[0].prompt);
    await expectCode(reopened.submit('r', { taskId: first.taskId, choice: 'left' }), 'gone');
    await reopened.close();
  });

  it('returns an expired lease to the pool; a late submit is gone and records nothing', async () => {
    const study = makeStudy({ items: 1, systems: ['a', 'b'], votesPerPair: 1, extra: { leaseSeconds: 60 } });
    const { service, clock, logFile } = await setup(study);
    await service.enter({ id: 'slow' });
    await service.enter({ id: 'other' });
    const leased = await task(service, 'slow');
    // The only slot is leased: the other rater has nothing to do for now.
    expect((await service.current('other')).kind).toBe('done');
    clock.now += 61_000;
    const reassigned = await task(service, 'other');
    expect(reassigned.taskId).not.toBe(leased.taskId);
    expect([reassigned.leftText, reassigned.rightText].sort()).toEqual([leased.leftText, leased.rightText].sort());
    await expectCode(service.submit('slow', { taskId: leased.taskId, choice: 'left' }), 'gone');
    expect((await stat(logFile)).size).toBe(0);
    await service.close();
  }, 10_000);

  it('records one judgment for repeated and concurrent submits of a task', async () => {
    const { service, logFile } = await setup();
    await service.enter({ id: 'r' });
    const view = await task(service, 'r');
    const answer: Answer = { taskId: view.taskId, choice: 'left' };
    const results = await Promise.all([service.submit('r', answer), service.submit('r', answer), service.submit('r', { ...answer, choice: 'tie' })]);
    expect(results.map((r) => r.kind).sort()).toEqual(['duplicate', 'duplicate', 'recorded']);
    expect(await service.submit('r', answer)).toEqual({ kind: 'duplicate' });
    const lines = await logLines(logFile);
    expect(lines).toHaveLength(1);
    expect(lines[0].choice).toBe('left');
    expect((await task(service, 'r')).position).toBe(2);
    await service.close();
  });

  it('rejects forbidden, unknown and malformed submits and leaves the log byte for byte as it was', async () => {
    const study = makeStudy({ extra: { scale: { rationale: 'required', rationaleMaxLength: 20, allowBothBad: false } } });
    const { service, logFile } = await setup(study);
    await service.enter({ id: 'me' });
    await service.enter({ id: 'you' });
    const mine = await task(service, 'me');
    await service.submit('me', { taskId: mine.taskId, choice: 'left', rationale: 'clearer' });
    const before = await readFile(logFile);
    const next = await task(service, 'me');
    await expectCode(service.submit('you', { taskId: next.taskId, choice: 'left', rationale: 'x' }), 'forbidden');
    // An unknown task (expired, or lost with the rater state in a crash) sends the rater on to the next one.
    await expectCode(service.submit('me', { taskId: 'made-up', choice: 'left', rationale: 'x' }), 'gone');
    await expectCode(service.submit('you', { taskId: mine.taskId, choice: 'left', rationale: 'x' }), 'forbidden');
    const malformed: Answer[] = [
      { taskId: next.taskId, choice: 'left' },
      { taskId: next.taskId, choice: 'left', rationale: '   ' },
      { taskId: next.taskId, choice: 'left', rationale: 'x'.repeat(21) },
      { taskId: next.taskId, choice: 'both-bad', rationale: 'x' },
      { taskId: next.taskId, choice: 'sideways' as Answer['choice'], rationale: 'x' },
      { taskId: next.taskId, choice: 'left', strength: 2, rationale: 'x' },
    ];
    for (const answer of malformed) await expectCode(service.submit('me', answer), 'invalid-input');
    expect(await readFile(logFile)).toEqual(before);
    // The task is still the rater's and can be answered properly.
    expect(await service.submit('me', { taskId: next.taskId, choice: 'tie', rationale: 'same' })).toEqual({ kind: 'recorded' });
    await service.close();
  });

  it('never leases a slot beyond its target when raters arrive at the same moment', async () => {
    const study = makeStudy({ items: 1, systems: ['a', 'b'], votesPerPair: 3 });
    const { service } = await setup(study);
    const ids = Array.from({ length: 10 }, (_, i) => `r${i}`);
    await Promise.all(ids.map((id) => service.enter({ id })));
    const results = await Promise.all(ids.map((id) => service.current(id)));
    expect(results.filter((r) => r.kind === 'task')).toHaveLength(3);
    expect(results.filter((r) => r.kind === 'done')).toHaveLength(7);
    const progress = await service.progress();
    expect(progress).toMatchObject({ openLeases: 3, activeRaters: 3, votes: 0, target: 3, raters: 10 });
    await service.close();
  });

  it('needs consent first when the study asks for it', async () => {
    const { service } = await setup(makeStudy({ extra: { consent: 'I agree to take part.' } }));
    await service.enter({ id: 'r' });
    expect(await service.current('r')).toEqual({ kind: 'consent-needed' });
    expect(await service.start('r', false)).toBe('consent-needed');
    expect((await service.current('r')).kind).toBe('consent-needed');
    expect(await service.start('r', true)).toBe('started');
    // Coming back later (the consent box is no longer shown) continues without it.
    expect(await service.start('r', false)).toBe('started');
    expect((await service.current('r')).kind).toBe('task');
    await service.close();
  });

  it('records attention checks, flags a rater past the threshold, and rebuilds counts from the log', async () => {
    const study = makeStudy({
      items: 10,
      raterLimit: 10,
      extra: {
        attentionChecks: {
          rate: 0.5,
          failThreshold: 2,
          items: [1, 2, 3, 4].map((n) => ({ id: `check-${n}`, prompt: 'Which is correct?', good: `GOOD ${n}`, bad: `BAD ${n}` })),
        },
      },
    });
    const { service, resultsDir, logFile, clock } = await setup(study);
    await service.enter({ id: 'careless' });
    for (;;) {
      const current = await service.current('careless');
      if (current.kind !== 'task') break;
      // Always choose the bad side of a check, and "left" on real pairs.
      const onCheck = current.task.leftText.startsWith('BAD') || current.task.rightText.startsWith('BAD');
      const choice = onCheck ? (current.task.leftText.startsWith('BAD') ? 'left' : 'right') : 'left';
      await service.submit('careless', { taskId: current.task.taskId, choice });
    }
    const lines = await logLines(logFile);
    const checks = lines.filter((j) => j.attention);
    expect(checks.length).toBeGreaterThanOrEqual(2);
    for (const j of checks) {
      expect(j.attention?.passed).toBe(false);
      expect([j.left, j.right].sort()).toEqual(['check:bad', 'check:good']);
      expect(j[j.attention?.expected ?? 'left']).toBe('check:good');
    }
    const progress = await service.progress();
    expect(progress.flaggedRaters).toEqual([{ id: 'careless', attentionFailures: checks.length }]);
    expect(progress.votes).toBe(lines.length - checks.length);
    await service.close();

    // Lose the rater state entirely: the log alone restores the counts and what was seen.
    await writeFile(join(resultsDir, study.id, 'raters.jsonl'), '');
    const warnings: string[] = [];
    const longer = { ...study, raterLimit: 30 };
    const reopened = await openRatingService({ study: longer, store: { resultsDir }, now: () => new Date(clock.now), warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringMatching(/raters\.jsonl: 1 rater record was missing; rebuilt from the judgment log .*judgments\.jsonl/)]);
    const rebuilt = await reopened.enter({ id: 'careless' });
    expect(rebuilt).toMatchObject({ answered: lines.length, attentionFailures: checks.length, flagged: true });
    expect((await reopened.progress()).votes).toBe(lines.length - checks.length);
    const answeredPrompts = new Set(lines.filter((j) => !j.attention).map((j) => study.items.find((i) => i.id === j.item)?.prompt));
    const laterPrompts: string[] = [];
    for (;;) {
      const current = await reopened.current('careless');
      if (current.kind !== 'task') break;
      if (!current.task.leftText.startsWith('BAD') && !current.task.rightText.startsWith('BAD')) laterPrompts.push(current.task.prompt ?? '');
      await reopened.submit('careless', { taskId: current.task.taskId, choice: 'left' });
    }
    expect(laterPrompts.length).toBe(study.items.length - answeredPrompts.size);
    expect(laterPrompts.filter((p) => answeredPrompts.has(p))).toEqual([]);
    await reopened.close();
  });
});
