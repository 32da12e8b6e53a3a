// A study's judgments moved between stores as a user moves them: `prefstudy export` from the
// embedded log, `prefstudy import-judgments` into PostgreSQL and into a fresh results folder, and
// back out byte for byte; `prefstudy report --database-url` reads the same numbers as from the file.
// Imports are idempotent, refuse bad lines (file:line:field) without writing anything, and keep the
// database's slot counts right, so raters served afterwards fill every slot to exactly its target.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/assign/plan.ts';
import { runExport } from '../../src/commands/export.ts';
import { runImportJudgments } from '../../src/commands/import-judgments.ts';
import { PrefstudyError } from '../../src/errors.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import { openRatingService } from '../../src/rating/service.ts';
import type { Choice } from '../../src/judgments/record.ts';
import { openJudgmentLog } from '../../src/store/embedded/judgment-log.ts';
import { judgmentLogPath } from '../../src/store/embedded/paths.ts';
import { openBoard } from '../../src/store/open-stores.ts';
import { loadStudy } from '../../src/study/load.ts';
import type { Study } from '../../src/study/schema.ts';
import { describeWithPostgres, testDatabase, type TestDatabase } from '../support/postgres.ts';
import { REPO_ROOT } from '../support/shared.ts';
import { expectValidReport } from '../support/reportSchema.ts';

const STUDY_ID = 'transfer-study';
const SYSTEMS = ['sys-a', 'sys-b', 'sys-c'];
const VOTES_PER_PAIR = 2;
const RATIONALES = [
  'Line one\nline "two" with a \\ backslash',
  'naïve café — ✓ 日本語 🚀',
  'quotes \' " and a tab\there',
  'a line separator\u2028and a paragraph separator\u2029end',
  undefined,
  '{"looks": ["like", "json"]}\r\nwith CRLF',
];
const CHOICES: Choice[] = ['left', 'right', 'tie', 'both-bad', 'left'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI as a user runs it, without a database URL from this process's environment. */
function prefstudy(...args: string[]): Promise<Run> {
  const env = { ...process.env };
  delete env.PREFSTUDY_DATABASE_URL;
  return new Promise((done) => {
    execFile('node', ['bin/prefstudy.js', ...args], { cwd: REPO_ROOT, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

let root = '';
let studyDir = '';
let study: Study;
let db1: TestDatabase;
let db2: TestDatabase;
/** The embedded results folder the votes were cast into. */
let resultsA = '';
let firstExport = '';
let exported = '';

async function writeStudy(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = {
    id: STUDY_ID,
    title: 'Which answer is better?',
    instructions: 'Pick the better answer.',
    systems: SYSTEMS,
    design: { kind: 'baseline', baseline: 'sys-c' },
    votesPerPair: VOTES_PER_PAIR,
    raterLimit: 4,
    scale: { kind: 'choice', allowTie: true, allowBothBad: true, rationale: 'optional' },
    attentionChecks: {
      rate: 0.34,
      items: [
        { id: 'check-1', prompt: 'What is 2 + 2?', good: '4', bad: 'Purple.' },
        { id: 'check-2', prompt: 'Name a colour.', good: 'Blue.', bad: '7 + 1' },
      ],
    },
    seed: 'transfer-seed',
  };
  await writeFile(join(dir, 'study.json'), JSON.stringify(file, null, 2));
  const items = Array.from({ length: 5 }, (_, i) =>
    JSON.stringify({ id: `item-${i + 1}`, prompt: `Question ${i + 1}?`, completions: Object.fromEntries(SYSTEMS.map((s) => [s, `Answer ${i + 1} by ${s}`])) }),
  );
  await writeFile(join(dir, 'items.jsonl'), items.join('\n') + '\n');
}

/** A few raters vote through the rating service into the embedded store: part of the study, checks included. */
async function castVotes(resultsDir: string): Promise<void> {
  let clock = Date.parse('2024-05-01T10:00:00Z');
  const now = () => new Date(clock);
  const service = await openRatingService({ study, store: { resultsDir }, now });
  try {
    let n = 0;
    for (const rater of ['rater-1', 'rätér-"2"', 'rater 3']) {
      await service.enter({ id: rater });
      await service.start(rater, true);
      for (;;) {
        const current = await service.current(rater);
        if (current.kind !== 'task') break;
        clock += 7_250 + 1_000 * n;
        const rationale = RATIONALES[n % RATIONALES.length];
        await service.submit(rater, { taskId: current.task.taskId, choice: CHOICES[n % CHOICES.length], ...(rationale ? { rationale } : {}) });
        n++;
      }
    }
  } finally {
    await service.close();
  }
}

async function query<T extends pg.QueryResultRow>(db: TestDatabase, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const judgmentsIn = async (db: TestDatabase) => (await query<{ n: number }>(db, 'SELECT count(*)::int AS n FROM judgments WHERE study = $1', [STUDY_ID]))[0].n;

describeWithPostgres('moving judgments between stores (export, import-judgments, report --database-url)', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'prefstudy-transfer-'));
    studyDir = join(root, 'studies', STUDY_ID);
    await writeStudy(studyDir);
    study = await loadStudy(studyDir);
    resultsA = join(root, 'results-a');
    await castVotes(resultsA);
    [db1, db2] = await Promise.all([testDatabase(), testDatabase()]);
    // db2's slot rows exist before anything is imported (a server ran the study there, no votes yet).
    const board = await openBoard({ study, config: { resultsDir: resultsA, databaseUrl: db2.url }, warn: () => undefined });
    await board.close();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([db1?.drop(), db2?.drop()]);
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('exports the embedded log, imports it into PostgreSQL and a fresh folder, and exports the same bytes back', async () => {
    const log = await readFile(judgmentLogPath(resultsA, STUDY_ID), 'utf8');
    const records = log.trimEnd().split('\n').map((line) => JSON.parse(line) as Judgment);
    expect(records.length).toBeGreaterThan(6);
    expect(records.some((j) => j.attention)).toBe(true);
    expect(records.some((j) => j.rationale?.includes('\u2028'))).toBe(true);
    expect(new Set(records.map((j) => j.rater))).toEqual(new Set(['rater-1', 'rätér-"2"', 'rater 3']));

    // Embedded -> file (atomically, with a summary on stderr), and the same to stdout.
    const fileA = join(root, 'export-a.jsonl');
    const out = await prefstudy('export', studyDir, '--results', resultsA, '--out', fileA);
    expect(out.stderr).toBe(`exported ${records.length} judgments of study ${STUDY_ID} from ${judgmentLogPath(resultsA, STUDY_ID)} to ${fileA}\n`);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe('');
    firstExport = await readFile(fileA, 'utf8');
    exported = fileA;
    expect(firstExport).toBe(log);
    const toStdout = await prefstudy('export', studyDir, '--results', resultsA);
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout).toBe(firstExport);

    // -> PostgreSQL (a fresh schema) -> the same bytes out.
    const intoDb = await prefstudy('import-judgments', studyDir, fileA, '--database-url', db1.url);
    expect(intoDb.stderr).toBe('');
    expect(intoDb.code).toBe(0);
    expect(intoDb.stdout).toContain(`read ${records.length} judgments from ${fileA}: ${records.length} added, 0 already there; study ${STUDY_ID} in postgres://`);
    const fromDb = await prefstudy('export', studyDir, '--database-url', db1.url);
    expect(fromDb.code).toBe(0);
    expect(fromDb.stdout).toBe(firstExport);
    expect(fromDb.stderr).toMatch(new RegExp(`^exported ${records.length} judgments of study ${STUDY_ID} from postgres://.* to stdout\\n$`));
    // The rows carry the same columns a vote through the board writes.
    const rows = await query<{ task: string; rater: string; item: string; left_system: string; right_system: string; attention_passed: boolean | null; record: string }>(
      db1,
      'SELECT task, rater, item, left_system, right_system, attention_passed, record FROM judgments WHERE study = $1 ORDER BY seq',
      [STUDY_ID],
    );
    expect(rows).toEqual(
      records.map((j) => ({ task: j.task, rater: j.rater, item: j.item, left_system: j.left, right_system: j.right, attention_passed: j.attention ? j.attention.passed : null, record: JSON.stringify(j) })),
    );

    // The database's export -> a fresh results folder -> the same bytes again.
    const fromDbFile = join(root, 'export-db.jsonl');
    await writeFile(fromDbFile, fromDb.stdout);
    const resultsB = join(root, 'results-b');
    const intoFolder = await prefstudy('import-judgments', studyDir, fromDbFile, '--results', resultsB);
    expect(intoFolder.code).toBe(0);
    expect(intoFolder.stdout).toBe(`read ${records.length} judgments from ${fromDbFile}: ${records.length} added, 0 already there; study ${STUDY_ID} in ${judgmentLogPath(resultsB, STUDY_ID)}\n`);
    expect(await readFile(judgmentLogPath(resultsB, STUDY_ID), 'utf8')).toBe(firstExport);
    expect((await prefstudy('export', studyDir, '--results', resultsB)).stdout).toBe(firstExport);

    // Twice changes nothing.
    for (const target of [['--database-url', db1.url], ['--results', resultsB]]) {
      const again = await prefstudy('import-judgments', studyDir, fileA, ...target);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`: 0 added, ${records.length} already there; study`);
    }
    expect((await prefstudy('export', studyDir, '--database-url', db1.url)).stdout).toBe(firstExport);
    expect(await readFile(judgmentLogPath(resultsB, STUDY_ID), 'utf8')).toBe(firstExport);

    // The report reads the database as it reads the file: the same numbers.
    const reportArgs = ['--format', 'json', '--seed', '7', '--resamples', '200', '--quiet'];
    const [fromFile, fromDatabase] = await Promise.all([
      prefstudy('report', studyDir, '--results', resultsA, '--out', join(root, 'report-file'), ...reportArgs),
      prefstudy('report', studyDir, '--database-url', db1.url, '--results', join(root, 'unused'), '--out', join(root, 'report-db'), ...reportArgs),
    ]);
    expect(fromFile.code).toBe(0);
    expect(fromDatabase.stderr).toBe('');
    expect(fromDatabase.code).toBe(0);
    expect(fromDatabase.stdout).toBe(`${join(root, 'report-db', 'report.json')}\n`);
    const strip = (text: string) => {
      const { generatedAt: _, ...rest } = JSON.parse(text);
      return JSON.parse(JSON.stringify(rest).replaceAll(judgmentLogPath(resultsA, STUDY_ID), '<source>').replace(/postgres:\/\/[^"]*\(study transfer-study\)/g, '<source>'));
    };
    expectValidReport(await readFile(join(root, 'report-db', 'report.json'), 'utf8'));
    const reportFile = strip(await readFile(join(root, 'report-file', 'report.json'), 'utf8'));
    const reportDb = strip(await readFile(join(root, 'report-db', 'report.json'), 'utf8'));
    expect(reportDb.n).toBe(records.filter((j) => !j.attention).length);
    expect(reportDb).toEqual(reportFile);
    expect(JSON.stringify(reportDb)).not.toContain('postgres://');
  }, 120_000);

  it('refuses a file with bad lines or another study, naming file, line and field, and writes nothing', async () => {
    const lines = firstExport.trimEnd().split('\n').map((line) => JSON.parse(line) as Judgment);
    // Fresh tasks, so a partial write would show.
    const fresh = lines.map((j) => JSON.stringify({ ...j, task: `${j.task}-new` }));
    fresh[2] = JSON.stringify({ ...JSON.parse(fresh[2]), choice: 'maybe' });
    fresh[4] = JSON.stringify({ ...JSON.parse(fresh[4]), study: 'another-study' });
    fresh[5] = fresh[5].slice(0, -3);
    const bad = join(root, 'bad.jsonl');
    await writeFile(bad, fresh.join('\n') + '\n');
    const resultsC = join(root, 'results-c');
    const before = await judgmentsIn(db2);

    for (const target of [['--database-url', db2.url], ['--results', resultsC]]) {
      const run = await prefstudy('import-judgments', studyDir, bad, ...target);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const printed = run.stderr.trimEnd().split('\n');
      expect(printed[0]).toBe(`error: ${bad}: 3 lines cannot be imported; nothing was written`);
      expect(printed[1]).toMatch(new RegExp(`^  ${bad}:3: choice: not a judgment record: `));
      expect(printed[2]).toBe(`  ${bad}:5: study: a judgment of another study (expected ${STUDY_ID}, found another-study)`);
      expect(printed[3]).toMatch(new RegExp(`^  ${bad}:6: not valid JSON \\(found `));
      expect(printed).toHaveLength(4);
    }
    expect(await judgmentsIn(db2)).toBe(before);
    expect(existsSync(join(resultsC, STUDY_ID))).toBe(false);
    // Nothing there yet: the report says so, as it does for a study without a log file.
    const empty = await prefstudy('report', studyDir, '--database-url', db2.url, '--format', 'json', '--out', join(root, 'report-empty'));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(`error: no judgments for study ${STUDY_ID} yet`);
    expect(existsSync(join(root, 'report-empty'))).toBe(false);

    // Only the study id wrong: still refused, on the field `study`.
    const other = join(root, 'other-study.jsonl');
    await writeFile(other, lines.map((j) => JSON.stringify({ ...j, study: 'another-study' })).join('\n') + '\n');
    const run = await prefstudy('import-judgments', studyDir, other, '--database-url', db2.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${other}:1: study: a judgment of another study (expected ${STUDY_ID}, found another-study)`);
    expect(await judgmentsIn(db2)).toBe(before);
  }, 60_000);

  it('refuses to import into an embedded log another process writes (a running server)', async () => {
    const results = join(root, 'results-locked');
    const log = await openJudgmentLog(judgmentLogPath(results, STUDY_ID));
    try {
      const run = await prefstudy('import-judgments', studyDir, exported, '--results', results);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error: cannot import into ${judgmentLogPath(results, STUDY_ID)}: another process has it open for writing (a running prefstudy serve on this results folder?)`);
      expect(run.stderr).toContain(`(pid ${process.pid})`);
      expect(log.count()).toBe(0);
    } finally {
      await log.close();
    }
    expect(await readFile(judgmentLogPath(results, STUDY_ID), 'utf8')).toBe('');
  }, 60_000);

  it('keeps the slot counts right: raters served after an import fill every slot to exactly its target', async () => {
    const imported = firstExport.trimEnd().split('\n').map((line) => JSON.parse(line) as Judgment);
    // db2 had its slot rows before the import (the import counts into them); db1 got them when the
    // board first opened after its import (the board counts what is there).
    const summary = await runImportJudgments(studyDir, exported, { resultsDir: join(root, 'unused'), databaseUrl: db2.url });
    expect(summary).toMatchObject({ read: imported.length, added: imported.length, already: 0, differing: 0 });
    const plan = buildPlan(study);
    for (const db of [db2, db1]) {
      const taken = await query<{ item: string; a: string; b: string; taken: number; a_left: number; a_right: number }>(
        db,
        'SELECT item, a, b, taken, a_left, a_right FROM slots WHERE study = $1',
        [STUDY_ID],
      );
      expect(taken).toHaveLength(plan.slots.length);
      for (const slot of taken) {
        const votes = imported.filter((j) => {
          const found = !j.attention && plan.slotOf(j.item, j.left, j.right);
          return found && found.slot.item === slot.item && found.slot.a === slot.a && found.slot.b === slot.b;
        });
        expect(slot.taken).toBe(votes.length);
        expect(slot.a_left).toBe(votes.filter((j) => j.left === slot.a).length);
        expect(slot.a_right).toBe(votes.filter((j) => j.right === slot.a).length);
      }

      const service = await openRatingService({ study, store: { resultsDir: join(root, 'unused'), databaseUrl: db.url } });
      try {
        for (let r = 0; ; r++) {
          expect(r).toBeLessThan(100);
          const rater = `filler-${r}`;
          await service.enter({ id: rater });
          await service.start(rater, true);
          let answered = 0;
          for (;;) {
            const current = await service.current(rater);
            if (current.kind !== 'task') break;
            await service.submit(rater, { taskId: current.task.taskId, choice: answered % 2 === 0 ? 'left' : 'right' });
            answered++;
          }
          // A rater who has seen nothing and is handed nothing: every slot is full.
          if (answered === 0) break;
        }
      } finally {
        await service.close();
      }

      const votes = await query<{ item: string; left_system: string; right_system: string }>(
        db,
        'SELECT item, left_system, right_system FROM judgments WHERE study = $1 AND attention_passed IS NULL',
        [STUDY_ID],
      );
      const perSlot = new Map<number, number>();
      for (const vote of votes) {
        const found = plan.slotOf(vote.item, vote.left_system, vote.right_system);
        expect(found).toBeDefined();
        perSlot.set(found!.slot.index, (perSlot.get(found!.slot.index) ?? 0) + 1);
      }
      expect(plan.slots.map((slot) => perSlot.get(slot.index) ?? 0)).toEqual(plan.slots.map(() => VOTES_PER_PAIR));
      const slots = await query<{ taken: number; a_left: number; a_right: number }>(db, 'SELECT taken, a_left, a_right FROM slots WHERE study = $1', [STUDY_ID]);
      for (const slot of slots) {
        expect(slot.taken).toBe(VOTES_PER_PAIR);
        expect(slot.a_left + slot.a_right).toBe(VOTES_PER_PAIR);
      }
    }
  }, 120_000);
});

describe('export from an embedded log as it stands', () => {
  let dir = '';
  let exportStudyDir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prefstudy-export-'));
    exportStudyDir = join(dir, 'studies', STUDY_ID);
    await writeStudy(exportStudyDir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const record = (task: string, extra: object = {}) =>
    JSON.stringify({ v: 1, study: STUDY_ID, task, rater: 'r', item: 'item-1', left: 'sys-a', right: 'sys-c', choice: 'left', ...extra });

  it('leaves out an unfinished last line (a vote being written) and writes records in canonical form', async () => {
    const results = join(dir, 'results-tail');
    await mkdir(join(results, STUDY_ID), { recursive: true });
    // Fields out of order in the file come out in the record's order.
    const shuffled = JSON.stringify({ choice: 'tie', right: 'sys-c', left: 'sys-b', item: 'item-2', rater: 'r', task: 't2', study: STUDY_ID, v: 1 });
    await writeFile(judgmentLogPath(results, STUDY_ID), `${record('t1')}\n\n${shuffled}\n${record('t3').slice(0, 30)}`);
    const out = join(dir, 'tail.jsonl');
    const result = await runExport(exportStudyDir, { resultsDir: results }, { out });
    expect(result).toMatchObject({ count: 2, unfinishedTail: true, out });
    expect(await readFile(out, 'utf8')).toBe(`${record('t1')}\n${record('t2', { item: 'item-2', left: 'sys-b', choice: 'tie' })}\n`);
  });

  it('refuses a malformed line in the middle, naming file and line, and leaves --out as it was', async () => {
    const results = join(dir, 'results-bad');
    await mkdir(join(results, STUDY_ID), { recursive: true });
    const log = judgmentLogPath(results, STUDY_ID);
    await writeFile(log, `${record('t1')}\n${record('t2', { choice: 'maybe' })}\n${record('t3')}\n`);
    const out = join(dir, 'bad.jsonl');
    await writeFile(out, 'previous export\n');
    const error = await runExport(exportStudyDir, { resultsDir: results }, { out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefstudyError);
    expect((error as PrefstudyError).issues[0]).toMatchObject({ file: log, line: 2, field: 'choice' });
    expect(await readFile(out, 'utf8')).toBe('previous export\n');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
