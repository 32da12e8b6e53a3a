// The whole flow an analyst takes to ask "can I trust this judge for my study?": people vote on a
// study, `prefstudy judge` judges the same tasks in both orders, and `prefstudy report` keeps the
// people's answer as its headline with the judge's beside it. The agreement figures equal a
// computation from the log's records alone.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runJudgeCommand } from '../../src/commands/judge.ts';
import { runReport } from '../../src/commands/report.ts';
import { JUDGMENT_VERSION, type Judgment } from '../../src/judgments/record.ts';
import { terminalSummary } from '../../src/report/terminal.ts';
import { judgmentLogPath } from '../../src/store/embedded/paths.ts';
import { startFakeChatServer, type FakeChatServer } from '../support/fakeChatServer.ts';
import { judgeAgreementTruth } from '../support/judgeAgreementTruth.ts';
import { expectValidReport } from '../support/reportSchema.ts';
import { ITEMS, PAIRS, STUDY_ID, TASKS, leftWins, verdictFor, writeJudgeStudy } from './study.ts';

let root = '';
let server: FakeChatServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'prefstudy-judge-people-'));
  server = await startFakeChatServer(verdictFor);
});

afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Three people on every task, agreeing with the fake judge's taste (the longer answer) 70% of the time. */
function peopleVotes(): Judgment[] {
  const random = seedrandom('people');
  const votes: Judgment[] = [];
  for (let i = 1; i <= ITEMS; i++) {
    for (const [a, b] of PAIRS) {
      for (const rater of ['ann', 'bob', 'cyd']) {
        const [left, right] = random() < 0.5 ? [a, b] : [b, a];
        const longerLeft = leftWins(`item-${i}`, left, right);
        const u = random();
        const choice = u < 0.1 ? 'tie' : (u < 0.73) === longerLeft ? 'left' : 'right';
        votes.push({ v: JUDGMENT_VERSION, study: STUDY_ID, task: `people-${votes.length}`, rater, item: `item-${i}`, left, right, choice, seconds: 25, source: 'server' });
      }
    }
  }
  return votes;
}

it("puts a judge's verdicts beside the people's votes on the same study: both headlines, agreement as computed from the log", async () => {
  const studyDir = await writeJudgeStudy(root);
  const results = join(root, 'results');
  await mkdir(join(results, STUDY_ID), { recursive: true });
  await writeFile(judgmentLogPath(results, STUDY_ID), peopleVotes().map((j) => JSON.stringify(j)).join('\n') + '\n');

  const judged = await runJudgeCommand(studyDir, { resultsDir: results }, {
    endpoint: server.endpoint, model: 'local-judge', apiKeyEnv: 'OPENAI_API_KEY', apiKey: 'no-key', concurrency: 2, timeout: 30, retries: 0, maxTokens: 32, progress: false,
  });
  expect(judged).toMatchObject({ planned: TASKS, judged: TASKS, unparsed: 0, failed: 0 });

  const { report, written } = await runReport([studyDir], { format: 'md,json', out: join(root, 'report'), results, cluster: 'prompt', ties: 'half', method: 'percentile', resamples: '300', seed: '2' }, false);
  expectValidReport(report);
  const log = (await readFile(judgmentLogPath(results, STUDY_ID), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Judgment);
  const people = log.filter((j) => !j.rater.startsWith('judge:'));
  expect(report.settings.raters).toBe('human');
  expect(report.n).toBe(people.length);

  const [judge] = report.judges;
  expect(report.judges).toHaveLength(1);
  expect(judge.judge).toBe('judge:local-judge');
  expect(judge.n).toBe(TASKS);
  const truth = judgeAgreementTruth(log, 'judge:local-judge');
  expect(judge.agreement.tasks).toBe(ITEMS * PAIRS.length);
  expect(judge.agreement).toMatchObject({ tasks: truth.tasks, majorityTasks: truth.majorityTasks });
  for (const key of ['percent', 'majority', 'humanMajority', 'cohenKappa'] as const) expect(judge.agreement[key]).toBeCloseTo(truth[key], 12);
  // The fake judge prefers the longer answer wherever it is shown: it never changes its verdict.
  expect(judge.positionBias).toMatchObject({ swapTasks: ITEMS * PAIRS.length, swapConsistent: 1, n: truth.decisive });
  expect(judge.positionBias.leftShare).toBeCloseTo(truth.leftShare, 12);
  for (const pair of judge.pairs) {
    const mine = report.pairs.find((p) => p.a === pair.a && p.b === pair.b);
    expect(pair.humanWinRateCI).toEqual(mine?.winRateCI);
  }

  // Side by side: the people's headline, then the judge's, in the Markdown and in what the command prints.
  const md = await readFile(join(root, 'report', 'report.md'), 'utf8');
  const summary = terminalSummary(report, written);
  for (const text of [md, summary]) {
    const people = text.indexOf(report.headline);
    expect(people).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(`LLM judge — ${judge.headline}`)).toBeGreaterThan(people);
  }
});
