// The judge's run in process against a local OpenAI-compatible server, for what the process test
// does not show: servers that refuse or ignore log-probabilities, a key the server rejects (the run
// stops instead of failing every task), --limit, and a template that allows a tie.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeJudgeRun, judgeRunDetails, runJudgeCommand, type JudgeCommandInput } from '../../src/commands/judge.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import { judgmentLogPath } from '../../src/store/embedded/paths.ts';
import { startFakeChatServer, type ChatRequestBody, type FakeAnswer, type FakeChatServer } from '../support/fakeChatServer.ts';
import { STUDY_ID, TASKS, verdictFor, writeJudgeStudy } from './study.ts';

let root = '';
let studyDir = '';
let answer: (body: ChatRequestBody) => FakeAnswer = verdictFor;
let server: FakeChatServer;

function input(overrides: Partial<JudgeCommandInput> = {}): JudgeCommandInput {
  return { endpoint: server.endpoint, model: 'm', apiKeyEnv: 'OPENAI_API_KEY', apiKey: 'no-key', concurrency: 1, timeout: 30, retries: 0, maxTokens: 32, progress: false, ...overrides };
}

async function judgmentsIn(results: string): Promise<Judgment[]> {
  const text = await readFile(judgmentLogPath(results, STUDY_ID), 'utf8');
  return text.trim().split('\n').map((l) => JSON.parse(l) as Judgment);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'prefstudy-judge-run-'));
  studyDir = await writeJudgeStudy(root);
  server = await startFakeChatServer((body) => answer(body));
});

afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('judge runs against servers that differ', () => {
  it('asks again without logprobs when the server refuses them, and then never asks for them again', async () => {
    answer = (body) => (body.logprobs ? { kind: 'status', status: 400, body: { error: { message: 'logprobs are not supported with this model', type: 'invalid_request_error' } } } : verdictFor(body));
    const results = join(root, 'refused');
    const before = server.requests.length;
    const summary = await runJudgeCommand(studyDir, { resultsDir: results }, input({ limit: 3 }));
    expect(summary).toMatchObject({ planned: TASKS, skipped: 0, judged: 3, soft: 0, unparsed: 0, failed: 0, deferred: TASKS - 3, notAsked: 0 });
    expect(summary.logprobsRefused).toContain('logprobs are not supported');
    expect(server.requests.slice(before).map((r) => r.body.logprobs === true)).toEqual([true, false, false, false]);
    for (const j of await judgmentsIn(results)) {
      expect(j.score).toBeUndefined();
      expect(j.meta?.logprobs).toBeUndefined();
      expect(['left', 'right']).toContain(j.choice);
    }
    expect(describeJudgeRun(summary)).toBe(
      `judge:m on study ${STUDY_ID}: ${TASKS} tasks planned, 0 already judged (skipped), 3 judged now (0 with a soft preference from logprobs), 0 unparsed, 0 failed, ${TASKS - 3} left for a later run (--limit); tokens in 300, out 12`,
    );
    expect(judgeRunDetails(summary)).toContain('note: the endpoint refused logprobs (400 logprobs are not supported with this model); verdicts are recorded without a soft preference');
  });

  it('takes hard verdicts from a server that ignores the logprobs field', async () => {
    answer = (body) => {
      const reply = verdictFor(body);
      return reply.kind === 'reply' ? { kind: 'reply', content: reply.content } : reply;
    };
    const results = join(root, 'ignored');
    const summary = await runJudgeCommand(studyDir, { resultsDir: results }, input({ limit: 2, concurrency: 2 }));
    expect(summary).toMatchObject({ judged: 2, soft: 0, failed: 0 });
    expect(summary.logprobsRefused).toBeUndefined();
    expect((await judgmentsIn(results)).map((j) => j.score)).toEqual([undefined, undefined]);
  });

  it('stops asking when the server rejects the key, and counts what was not asked', async () => {
    answer = () => ({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } });
    const before = server.requests.length;
    const summary = await runJudgeCommand(studyDir, { resultsDir: join(root, 'rejected') }, input({ concurrency: 2 }));
    expect(server.requests.length - before).toBe(2);
    expect(summary).toMatchObject({ judged: 0, failed: 2, notAsked: TASKS - 2, stopped: '401 Incorrect API key provided' });
    expect(describeJudgeRun(summary)).toContain('0 judged now, 0 unparsed, 2 failed, 22 not asked (stopped)');
    expect(judgeRunDetails(summary)).toEqual(expect.arrayContaining(['failed ×2: 401 Incorrect API key provided', 'stopped asking: every request would fail like this (401 Incorrect API key provided)']));
  });

  it('stops asking when nothing listens at the endpoint', async () => {
    const gone = await startFakeChatServer(verdictFor);
    const endpoint = gone.endpoint;
    await gone.close();
    const summary = await runJudgeCommand(studyDir, { resultsDir: join(root, 'refused-connection') }, input({ endpoint, concurrency: 1 }));
    expect(summary).toMatchObject({ judged: 0, failed: 1, notAsked: TASKS - 1 });
    expect(summary.stopped).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+\/v1: connect ECONNREFUSED 127\.0\.0\.1:\d+ \(no retries\)$/);
  });

  it('records a tie when the template allows one', async () => {
    const template = join(root, 'tie.md');
    await writeFile(template, '---\ntie: true\n---\n{instruction}\n\nOutput (a): {output_1}\n\nOutput (b): {output_2}\n\nSay Output (a), Output (b) or Tie.\n');
    answer = () => ({ kind: 'reply', content: 'Tie' });
    const results = join(root, 'tie');
    const summary = await runJudgeCommand(studyDir, { resultsDir: results }, input({ limit: 1, template }));
    expect(summary).toMatchObject({ judged: 1, unparsed: 0 });
    const [judgment] = await judgmentsIn(results);
    expect(judgment).toMatchObject({ choice: 'tie', rater: 'judge:m' });
    expect(judgment.score).toBeUndefined();
    expect(server.requests.at(-1)?.body.messages).toEqual([{ role: 'user', content: expect.stringMatching(/^Question 1: say something\.\n\nOutput \(a\): Answer 1 from sys-a/) }]);
  });
});
