// `prefstudy judge` as a process against a local OpenAI-compatible server: killed with SIGKILL in
// the middle of a run, run again while the server throws 429s, 500s, a timeout, malformed bodies
// and a reply without a verdict at it, then once more with the faults gone. In the end every task
// is judged exactly once in each order, no task stored was asked again, the faults were retried,
// the failures and the unparsed reply were counted, and the unparsed reply is in its side file.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeTaskId } from '../../src/judge/plan.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import { openJudgmentLog } from '../../src/store/embedded/judgment-log.ts';
import { judgmentLogPath } from '../../src/store/embedded/paths.ts';
import { startFakeChatServer, type ChatRequestBody, type FakeAnswer, type FakeChatServer } from '../support/fakeChatServer.ts';
import { REPO_ROOT } from '../support/shared.ts';
import { ITEMS, PAIRS, STUDY_ID, TASKS, WINNER_SCORE, LOSER_SCORE, leftWins, taskOf, verdictFor, writeJudgeStudy } from './study.ts';

const MODEL = 'fake-judge';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI's environment: no database URL and no API key from this process. */
function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.PREFSTUDY_DATABASE_URL;
  delete env.OPENAI_API_KEY;
  return env;
}

function prefstudy(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile('node', ['bin/prefstudy.js', ...args], { cwd: REPO_ROOT, env: cliEnv(), maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function logLines(file: string): Promise<Judgment[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  // Only complete lines: a line being written has no newline yet.
  return text
    .split('\n')
    .slice(0, -1)
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Judgment);
}

/** What the test's server does now. */
type Mode = { kind: 'gate'; answerAtMost: number } | { kind: 'faults' } | { kind: 'clean' };

let root = '';
let studyDir = '';
let results = '';
let logFile = '';
let server: FakeChatServer;
let mode: Mode = { kind: 'clean' };
/** Attempts per task key, over all runs; and how many of them got a verdict. */
const attempts = new Map<string, number>();
const verdicts = new Map<string, number>();
let answeredInGate = 0;

function answer(body: ChatRequestBody): FakeAnswer {
  const { key } = taskOf(body);
  const attempt = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, attempt);
  const reply = (): FakeAnswer => {
    verdicts.set(key, (verdicts.get(key) ?? 0) + 1);
    return verdictFor(body);
  };
  if (mode.kind === 'gate') {
    // Answer the first few, then hold every request: the run is killed while they wait.
    if (answeredInGate >= mode.answerAtMost) return { kind: 'hang' };
    answeredInGate++;
    return reply();
  }
  if (mode.kind === 'faults') {
    switch (key) {
      case 'item-4|sys-a|sys-c':
        if (attempt === 1) return { kind: 'status', status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'Rate limit reached', type: 'rate_limit' } } };
        break;
      case 'item-4|sys-c|sys-a':
        if (attempt === 1) return { kind: 'status', status: 500, headers: { 'retry-after-ms': '10' } };
        break;
      case 'item-5|sys-a|sys-c':
        if (attempt === 1) return { kind: 'hang' };
        break;
      case 'item-5|sys-b|sys-c':
        return { kind: 'raw', contentType: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' };
      case 'item-6|sys-b|sys-c':
        return { kind: 'raw', contentType: 'application/json', body: '{"choices": [{"message": ' };
      case 'item-6|sys-a|sys-c':
        return { kind: 'reply', content: 'Both responses have merit; I cannot decide.', usage: { prompt_tokens: 100, completion_tokens: 9 } };
    }
  }
  return reply();
}

const summaryLine = (run: Run) => run.stdout.trim().split('\n').at(-1) ?? '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'prefstudy-judge-'));
  studyDir = await writeJudgeStudy(root);
  results = join(root, 'results');
  logFile = judgmentLogPath(results, STUDY_ID);
  server = await startFakeChatServer(answer);
});

afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('prefstudy judge as a process', () => {
  it('refuses a template with an unknown or missing placeholder before sending any request', async () => {
    const template = join(root, 'bad-template.md');
    await writeFile(template, 'Request: {instruction}\nOutput (a): {output_1}\nOutput (b): {output_two}\nSay Output (a) or Output (b).\n');
    const run = await prefstudy('judge', studyDir, '--endpoint', server.endpoint, '--model', MODEL, '--results', results, '--template', template);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: ${template}: the judge template cannot be used; no request was sent`);
    expect(run.stderr).toContain(`${template}:3: unknown placeholder {output_two}`);
    expect(run.stderr).toContain('{output_2}: missing placeholder {output_2}');
    expect(server.requests).toHaveLength(0);
    expect(existsSync(logFile)).toBe(false);
  });

  it('refuses to write while another process holds the embedded log (a running serve), and asks nothing', async () => {
    const held = await openJudgmentLog(logFile);
    try {
      const run = await prefstudy('judge', studyDir, '--endpoint', server.endpoint, '--model', MODEL, '--results', results);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error: cannot write judge verdicts into ${logFile}: another process has it open for writing (a running prefstudy serve on this results folder?)`);
    } finally {
      await held.close();
    }
    expect(server.requests).toHaveLength(0);
  });

  it('survives kill -9 mid-run, retries faults, counts failures and unparsed replies, and resumes to exactly one judgment per task and order', async () => {
    // 1. Four answers, then the server holds the next requests; the run is killed while they wait.
    mode = { kind: 'gate', answerAtMost: 4 };
    const child = spawn('node', ['bin/prefstudy.js', 'judge', studyDir, '--endpoint', server.endpoint, '--model', MODEL, '--results', results, '--concurrency', '2', '--timeout', '60'], {
      cwd: REPO_ROOT,
      env: cliEnv(),
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await until(async () => server.held() === 2 && (await logLines(logFile)).length === 4, 'four judgments stored and two requests in flight');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const afterKill = await logLines(logFile);
    expect(afterKill).toHaveLength(4);
    expect(new Set(afterKill.map((j) => j.task)).size).toBe(4);
    expect(server.requests).toHaveLength(6);

    // 2. Again, while the server misbehaves: 429 and 500 once, a request left unanswered past --timeout
    // (5 s: far above any answer's time on a loaded machine), two malformed bodies every time, and a reply without a verdict.
    mode = { kind: 'faults' };
    const before = server.requests.length;
    const faulty = await prefstudy('judge', studyDir, '--endpoint', server.endpoint, '--model', MODEL, '--results', results, '--concurrency', '3', '--timeout', '5', '--retries', '2');
    expect(faulty.code).toBe(1);
    expect(summaryLine(faulty)).toBe(
      `judge:${MODEL} on study ${STUDY_ID}: ${TASKS} tasks planned, 4 already judged (skipped), ${TASKS - 4 - 3} judged now ` +
        `(${TASKS - 4 - 3} with a soft preference from logprobs), 1 unparsed, 2 failed; tokens in ${100 * (TASKS - 4 - 2)}, out ${4 * (TASKS - 4 - 3) + 9}`,
    );
    expect(faulty.stderr).toContain(`judgments: ${logFile}`);
    expect(faulty.stderr).toContain(`unparsed replies (not judgments; asked again on the next run): ${join(results, STUDY_ID, 'judge-unparsed.jsonl')}`);
    expect(faulty.stderr).toMatch(/failed: malformed reply \(not JSON: .*\) \(after 2 retries\)/);
    expect(faulty.stderr).toMatch(/failed: malformed reply \(.*JSON.*\) \(after 2 retries\)/);
    // Retried: the 429, the 500 and the timeout once each; the malformed bodies up to --retries; the unparsed reply not.
    const asked = (key: string) => server.requests.slice(before).filter((r) => taskOf(r.body).key === key).length;
    expect(asked('item-4|sys-a|sys-c')).toBe(2);
    expect(asked('item-4|sys-c|sys-a')).toBe(2);
    expect(asked('item-5|sys-a|sys-c')).toBe(2);
    expect(asked('item-5|sys-b|sys-c')).toBe(3);
    expect(asked('item-6|sys-b|sys-c')).toBe(3);
    expect(asked('item-6|sys-a|sys-c')).toBe(1);
    // Asked for log-probabilities, deterministically.
    expect(server.requests.every((r) => r.body.logprobs === true && r.body.top_logprobs === 5 && r.body.temperature === 0 && r.body.model === MODEL)).toBe(true);

    const unparsed = (await readFile(join(results, STUDY_ID, 'judge-unparsed.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(unparsed).toEqual([
      {
        task: judgeTaskId(MODEL, 'item-6', 'sys-a', 'sys-c'),
        study: STUDY_ID,
        judge: `judge:${MODEL}`,
        item: 'item-6',
        left: 'sys-a',
        right: 'sys-c',
        reply: 'Both responses have merit; I cannot decide.',
        template: expect.stringMatching(/^[0-9a-f]{12}$/),
        at: expect.any(String),
      },
    ]);
    expect((await logLines(logFile)).length).toBe(TASKS - 3);

    // 3. The faults are gone: only the three missing tasks are asked.
    mode = { kind: 'clean' };
    const beforeClean = server.requests.length;
    const clean = await prefstudy('judge', studyDir, '--endpoint', server.endpoint, '--model', MODEL, '--results', results);
    expect(clean.code).toBe(0);
    expect(summaryLine(clean)).toBe(
      `judge:${MODEL} on study ${STUDY_ID}: ${TASKS} tasks planned, ${TASKS - 3} already judged (skipped), 3 judged now (3 with a soft preference from logprobs), 0 unparsed, 0 failed; tokens in 300, out 12`,
    );
    expect(server.requests.length - beforeClean).toBe(3);

    // 4. Nothing is left: nothing is asked.
    const again = await prefstudy('judge', studyDir, '--endpoint', server.endpoint, '--model', MODEL, '--results', results);
    expect(again.code).toBe(0);
    expect(summaryLine(again)).toBe(`judge:${MODEL} on study ${STUDY_ID}: ${TASKS} tasks planned, ${TASKS} already judged (skipped), 0 judged now, 0 unparsed, 0 failed; tokens in 0, out 0`);
    expect(server.requests.length - beforeClean).toBe(3);

    // Every task of the design once in each order, none twice, each got exactly one verdict from the server.
    const judgments = await logLines(logFile);
    expect(judgments).toHaveLength(TASKS);
    expect(new Set(judgments.map((j) => j.task)).size).toBe(TASKS);
    const shown = judgments.map((j) => `${j.item}|${j.left}|${j.right}`).sort();
    const expected: string[] = [];
    for (let i = 1; i <= ITEMS; i++) for (const [a, b] of PAIRS) expected.push(`item-${i}|${a}|${b}`, `item-${i}|${b}|${a}`);
    expect(shown).toEqual(expected.sort());
    for (const key of expected) expect(verdicts.get(key), key).toBe(1);

    const template = judgments[0].meta?.template;
    for (const j of judgments) {
      expect(j.task).toBe(judgeTaskId(MODEL, j.item, j.left, j.right));
      expect(j).toMatchObject({ study: STUDY_ID, rater: `judge:${MODEL}`, source: `judge:${MODEL}` });
      const wins = leftWins(j.item, j.left, j.right);
      expect(j.choice).toBe(wins ? 'left' : 'right');
      expect(j.score).toBeCloseTo(wins ? WINNER_SCORE : LOSER_SCORE, 12);
      expect(j.meta).toEqual({
        judge: MODEL,
        template,
        promptTokens: 100,
        completionTokens: 4,
        reply: wins ? 'Output (a)' : 'Output (b)',
        logprobs: { a: expect.closeTo(wins ? 0.75 : 0.25, 12), b: expect.closeTo(wins ? 0.2 : 0.7, 12) },
      });
    }
    expect(template).toMatch(/^[0-9a-f]{12}$/);
    // The log opens as the server would open it: checked, nothing doubled.
    const log = await openJudgmentLog(logFile);
    expect(log.count()).toBe(TASKS);
    await log.close();
  }, 180_000);
});
