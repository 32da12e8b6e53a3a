// An LLM judge's verdicts share the study's log with people's votes but fill none of their quotas:
// a study whose log holds judge judgments still serves people every (item, pair) to its full
// target, counts no judge as a rater (no rater record, no progress, no flag), and will not let a
// person in under a judge's id. The judge asks each pair in both orders, and the study wants two
// votes per pair: were judgments counted, the judge alone would fill every slot and people would
// get nothing. Checked on the embedded store (judge before the server opens) and on PostgreSQL
// (judge as a process while a server is open, a server opened afterwards, and an import of a
// judge's judgments while a server is open).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJudgeCommand, type JudgeCommandInput } from '../../src/commands/judge.ts';
import { PrefstudyError } from '../../src/errors.ts';
import { isJudgeRater } from '../../src/judgments/raterKind.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import { openRatingService } from '../../src/rating/service.ts';
import type { RatingService } from '../../src/rating/types.ts';
import { raterJournalPath } from '../../src/store/embedded/paths.ts';
import type { StoreConfig } from '../../src/store/open-stores.ts';
import { exportJudgments, importJudgments, checkImportFile } from '../../src/store/transfer.ts';
import { loadStudy } from '../../src/study/load.ts';
import type { Study } from '../../src/study/schema.ts';
import { startFakeChatServer, type FakeChatServer } from '../support/fakeChatServer.ts';
import { describeWithPostgres, testDatabase, type TestDatabase } from '../support/postgres.ts';
import { REPO_ROOT } from '../support/shared.ts';
import { ITEMS, PAIRS, TASKS, VOTES_PER_PAIR, verdictFor, writeJudgeStudy } from './study.ts';

const MODEL = 'quota-judge';
/** Votes people are owed: every (item, pair) to its target. */
const HUMAN_TARGET = ITEMS * PAIRS.length * VOTES_PER_PAIR;

let root = '';
let studyDir = '';
let study: Study;
let server: FakeChatServer;

function judgeInput(): JudgeCommandInput {
  return { endpoint: server.endpoint, model: MODEL, apiKeyEnv: 'OPENAI_API_KEY', apiKey: 'no-key', concurrency: 4, timeout: 30, retries: 0, maxTokens: 32, progress: false };
}

/** People arrive one after another and answer until the study has nothing more for anyone. */
async function peopleFill(service: RatingService): Promise<string[]> {
  const raters: string[] = [];
  for (let r = 0; r < 100; r++) {
    const rater = `person-${r}`;
    await service.enter({ id: rater });
    await service.start(rater, true);
    let current = await service.current(rater);
    if (current.kind !== 'task') break;
    raters.push(rater);
    while (current.kind === 'task') {
      await service.submit(rater, { taskId: current.task.taskId, choice: 'right' });
      current = await service.current(rater);
    }
  }
  return raters;
}

async function stored(config: StoreConfig): Promise<Judgment[]> {
  let text = '';
  await exportJudgments(study, config, (piece) => {
    text += piece;
  });
  return text.trim().split('\n').map((line) => JSON.parse(line) as Judgment);
}

/** People's votes on design pairs (checks excluded) per (item, unordered pair). */
function humanVotesPerSlot(judgments: Judgment[]): Map<string, number> {
  const votes = new Map<string, number>();
  for (const j of judgments) {
    if (isJudgeRater(j.rater) || j.attention) continue;
    const key = `${j.item}|${[j.left, j.right].sort().join('|')}`;
    votes.set(key, (votes.get(key) ?? 0) + 1);
  }
  return votes;
}

function expectFullHumanCoverage(judgments: Judgment[]): void {
  const votes = humanVotesPerSlot(judgments);
  expect(votes.size).toBe(ITEMS * PAIRS.length);
  for (const [slot, n] of votes) expect(n, slot).toBe(VOTES_PER_PAIR);
  expect(judgments.filter((j) => isJudgeRater(j.rater))).toHaveLength(TASKS);
}

async function expectFullProgress(service: RatingService, raters: string[]): Promise<void> {
  const progress = await service.progress();
  for (const pair of progress.pairs) expect(pair).toMatchObject({ votes: ITEMS * VOTES_PER_PAIR, target: ITEMS * VOTES_PER_PAIR });
  expect(progress.votes).toBe(HUMAN_TARGET);
  // Only people: the judge has no rater record and is never flagged.
  expect(progress.raters).toBe(raters.length + 1); // + the last arrival, who found nothing left
  expect(progress.flaggedRaters.filter((f) => isJudgeRater(f.id))).toEqual([]);
}

/** A server opened anew on the store finds every slot full: a latecomer gets nothing to rate. */
async function expectFullAfterReopening(config: StoreConfig, raters: string[]): Promise<void> {
  const reopened = await openRatingService({ study, store: config });
  try {
    await expectFullProgress(reopened, raters);
    await reopened.enter({ id: 'latecomer' });
    expect((await reopened.current('latecomer')).kind).toBe('done');
  } finally {
    await reopened.close();
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'prefstudy-judge-quotas-'));
  studyDir = await writeJudgeStudy(root);
  study = await loadStudy(studyDir);
  server = await startFakeChatServer(verdictFor);
});

afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('judges and human quotas: embedded store', () => {
  it('serves people every task at its full target although the judge has judged every pair in both orders', async () => {
    const config = { resultsDir: join(root, 'embedded') };
    const summary = await runJudgeCommand(studyDir, config, judgeInput());
    expect(summary).toMatchObject({ judged: TASKS, failed: 0, unparsed: 0 });

    const warnings: string[] = [];
    const service = await openRatingService({ study, store: config, warn: (m) => warnings.push(m) });
    let raters: string[];
    try {
      const before = await service.progress();
      expect(before.votes).toBe(0);
      expect(before.judgments).toBe(TASKS);
      expect(before.raters).toBe(0);
      raters = await peopleFill(service);
      await expectFullProgress(service, raters);
    } finally {
      await service.close();
    }
    // The log holds the judge's judgments, but no rater record was made up for it.
    expect(warnings).toEqual([]);
    const journal = await readFile(raterJournalPath(config.resultsDir, study.id), 'utf8');
    expect(journal).not.toContain(`judge:${MODEL}`);
    expectFullHumanCoverage(await stored(config));

    // A restart counts the same: nothing is left for anyone.
    await expectFullAfterReopening(config, raters);
  });

  it('does not let a person in under a judge\'s rater id', async () => {
    const service = await openRatingService({ study, store: { resultsDir: join(root, 'impostor') } });
    try {
      const entered = service.enter({ id: `judge:${MODEL}` });
      await expect(entered).rejects.toBeInstanceOf(PrefstudyError);
      await expect(entered).rejects.toMatchObject({ code: 'invalid-input', message: 'rater ids starting with "judge:" are reserved for LLM judges' });
    } finally {
      await service.close();
    }
  });
});

describeWithPostgres('judges and human quotas: PostgreSQL', () => {
  let db: TestDatabase;
  let imported: TestDatabase;

  beforeAll(async () => {
    [db, imported] = await Promise.all([testDatabase(), testDatabase()]);
  });

  afterAll(async () => {
    await Promise.all([db?.drop(), imported?.drop()]);
  });

  /** `prefstudy judge --database-url` as a process (results only for the side file). */
  function judgeProcess(url: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env };
    delete env.PREFSTUDY_DATABASE_URL;
    delete env.OPENAI_API_KEY;
    const args = ['bin/prefstudy.js', 'judge', studyDir, '--endpoint', server.endpoint, '--model', MODEL, '--database-url', url];
    return new Promise((done) => {
      execFile('node', args, { cwd: join(REPO_ROOT), env }, (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    });
  }

  it('judges into the database while a server is open on it, fills no slot, and people still get every task', async () => {
    const config = { resultsDir: join(root, 'pg-results'), databaseUrl: db.url };
    const service = await openRatingService({ study, store: config });
    let raters: string[];
    try {
      const run = await judgeProcess(db.url);
      expect(run.stderr).not.toContain('error');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`${TASKS} tasks planned, 0 already judged (skipped), ${TASKS} judged now`);
      const again = await judgeProcess(db.url);
      expect(again.stdout).toContain(`${TASKS} tasks planned, ${TASKS} already judged (skipped), 0 judged now`);
      expect((await service.progress()).votes).toBe(0);
      raters = await peopleFill(service);
      await expectFullProgress(service, raters);
    } finally {
      await service.close();
    }
    expectFullHumanCoverage(await stored(config));

    // A server opened afterwards counts the slots from the rows again: judges left out.
    await expectFullAfterReopening(config, raters);

    // The judge's judgments imported into another database while a server is open on it (its slots
    // exist, and an import counts votes into them): people there still get every task.
    const file = join(root, 'judge-only.jsonl');
    const judged = (await stored(config)).filter((j) => isJudgeRater(j.rater));
    await writeFile(file, judged.map((j) => JSON.stringify(j)).join('\n') + '\n');
    const elsewhere = { resultsDir: config.resultsDir, databaseUrl: imported.url };
    const second = await openRatingService({ study, store: elsewhere });
    try {
      const summary = await importJudgments(study, elsewhere, checkImportFile(study, file, await readFile(file, 'utf8')));
      expect(summary.added).toBe(TASKS);
      const people = await peopleFill(second);
      await expectFullProgress(second, people);
    } finally {
      await second.close();
    }
    expectFullHumanCoverage(await stored(elsewhere));
  }, 120_000);
});
