// `prefstudy serve` as an operator runs it, when a study folder does not load: it refuses to start
// (exit 1, the file and line named, nothing listening) and changes nothing on disk; with
// --skip-broken it serves the other studies, answers 503 for the broken one and says "degraded" on
// /healthz. A torn last line of a judgment log (a crash mid-write) is not an error.
// Each case spawns the real command (tsx compiles at start-up, so spawns are few and slow).
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, EXAMPLE_STUDY_DIR, arrive, judgmentLogPath, startTestServer } from './support.ts';
import { runServe, writeLargeStudy, type ChildServer, type ServeOutcome } from './child-server.ts';
import { startServer } from '../../src/server/start.ts';
import { openRatingService } from '../../src/rating/service.ts';

const BROKEN = 'damaged-log';
const HEALTHY = 'example';
const VOTES = 3;
const SPAWN_TIMEOUT_MS = 60_000;

const tempDirs: string[] = [];
const running: ChildServer[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `prefstudy-startup-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** Stops a child server with SIGTERM (it closes its stores) and waits for it to go. */
async function stop(server: ChildServer): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  await server.exited;
}

function listening(outcome: ServeOutcome): ChildServer {
  if (!outcome.listening) throw new Error(`serve exited (${outcome.code}) before listening:\n${outcome.output}`);
  running.push(outcome.server);
  return outcome.server;
}

function exitedEarly(outcome: ServeOutcome): { code: string; output: string } {
  if (outcome.listening) {
    running.push(outcome.server);
    throw new Error(`serve started listening when it should have refused:\n${outcome.server.output()}`);
  }
  return outcome;
}

/** Every file under a folder with its bytes, so "nothing changed" can be checked whole. */
async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(path.slice(dir.length), await readFile(path));
    }
  }
  return files;
}

/** The words a rater reads (tags dropped, whitespace collapsed). */
function textOf(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A healthy example study and a second study with a real, valid judgment log of VOTES votes. */
let studiesDir: string;
let validResults: string;
let validLog: Buffer;

beforeAll(async () => {
  studiesDir = await tempDir('studies');
  await cp(EXAMPLE_STUDY_DIR, join(studiesDir, HEALTHY), { recursive: true });
  await writeLargeStudy(studiesDir, BROKEN, 12, { raterLimit: 10 });

  // Votes cast through the server (in-process: no spawn needed to write a genuine log).
  validResults = await tempDir('valid-results');
  const t = await startTestServer([join(studiesDir, BROKEN)], { resultsDir: validResults });
  try {
    const client = new Client(t.base);
    await arrive(client, BROKEN, '?rater=startup-rater');
    for (let i = 0; i < VOTES; i++) {
      const page = await client.get(`/s/${BROKEN}/task`, 'application/json');
      const body = JSON.parse(page.body) as { status: string; task?: { id: string }; csrf?: string };
      expect(body.status).toBe('task');
      const reply = await client.request('POST', `/s/${BROKEN}/task`, {
        body: { json: { _csrf: body.csrf, task: body.task?.id, answer: ['left', 'right', 'tie'][i] } },
        accept: 'application/json',
      });
      expect(reply.status, reply.body).toBe(200);
    }
  } finally {
    await t.stop();
  }
  validLog = await readFile(judgmentLogPath(validResults, BROKEN));
  expect(validLog.toString('utf8').split('\n')).toHaveLength(VOTES + 1);
}, SPAWN_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(running.map(stop));
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('a judgment log with a malformed line that is not the last', () => {
  let results: string;
  let logFile: string;
  let corrupted: Buffer;
  let before: Map<string, Buffer>;

  beforeAll(async () => {
    results = await tempDir('corrupt-results');
    await cp(validResults, results, { recursive: true });
    logFile = judgmentLogPath(results, BROKEN);
    const lines = validLog.toString('utf8').split('\n');
    lines[1] = lines[1].slice(0, Math.floor(lines[1].length / 2)); // line 2 cut in half, newline kept
    corrupted = Buffer.from(lines.join('\n'), 'utf8');
    await writeFile(logFile, corrupted);
    before = await snapshot(join(results, BROKEN));
  });

  it(
    'refuses to start: exit code 1, the file and line named, nothing listening, nothing changed',
    async () => {
      const { code, output } = exitedEarly(await runServe(studiesDir, results));
      expect(code, output).toBe('1');
      expect(output).toContain(`${logFile}:2`);
      expect(output).toContain('--skip-broken');
      expect(output).not.toMatch(/listening on/);
      expect(await readFile(logFile)).toEqual(corrupted);
      expect(await snapshot(join(results, BROKEN))).toEqual(before);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'with --skip-broken serves the healthy study, 503 for the broken one, /healthz degraded',
    async () => {
      const server = listening(await runServe(studiesDir, results, ['--skip-broken']));
      try {
        const health = await fetch(`${server.base}/healthz`);
        expect(health.status).toBe(200);
        const status = (await health.json()) as { status: string; studies: Array<{ id: string; status: string }> };
        expect(status.status).toBe('degraded');
        expect([...status.studies].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
          { id: BROKEN, status: 'failed' },
          { id: HEALTHY, status: 'serving' },
        ]);

        // The healthy study hands out a pair.
        const rater = new Client(server.base);
        await arrive(rater, HEALTHY, '?rater=healthy-rater');
        const task = await rater.get(`/s/${HEALTHY}/task`, 'application/json');
        expect(task.status).toBe(200);
        expect((JSON.parse(task.body) as { status: string }).status).toBe('task');
        const page = await rater.get(`/s/${HEALTHY}/task`);
        expect(page.status).toBe(200);
        expect(page.body).toContain('Response A');

        // The broken one: 503 in plain words for a browser, a code for JSON, and never the report.
        const visitor = new Client(server.base);
        const html = await visitor.get(`/s/${BROKEN}`);
        expect(html.status).toBe(503);
        expect(html.headers.get('content-type')).toMatch(/text\/html/);
        const text = textOf(html.body);
        expect(text).toMatch(/not available/i);
        expect(text).not.toMatch(/\bunavailable\b/i);
        for (const leak of [results, 'judgments.jsonl', 'malformed', 'not valid JSON']) expect(html.body).not.toContain(leak);
        const json = await visitor.get(`/s/${BROKEN}/task`, 'application/json');
        expect(json.status).toBe(503);
        const error = (JSON.parse(json.body) as { error: { code: string; message: string } }).error;
        expect(error.code).toBe('unavailable');
        for (const leak of [results, 'judgments.jsonl', 'malformed']) expect(json.body).not.toContain(leak);

        // The operator was told, with the file and line; only the healthy study got a link.
        const output = server.output();
        expect(output).toContain(`NOT SERVED (--skip-broken): study ${BROKEN}`);
        expect(output).toContain(`${logFile}:2`);
        expect(output).toContain(`/s/${HEALTHY}`);
        expect(output).not.toContain(`/s/${BROKEN}`);
      } finally {
        await stop(server);
      }
      expect(await readFile(logFile)).toEqual(corrupted);
      expect(await snapshot(join(results, BROKEN))).toEqual(before);
    },
    SPAWN_TIMEOUT_MS,
  );
});

it(
  'an invalid study.json: exit 1, naming study.json and the field',
  async () => {
    const studies = await tempDir('invalid-studies');
    const dir = join(studies, HEALTHY);
    await cp(EXAMPLE_STUDY_DIR, dir, { recursive: true });
    const study = JSON.parse(await readFile(join(dir, 'study.json'), 'utf8')) as Record<string, unknown>;
    delete study.systems;
    await writeFile(join(dir, 'study.json'), JSON.stringify(study, null, 2) + '\n');
    const results = await tempDir('invalid-results');

    const { code, output } = exitedEarly(await runServe(studies, results));
    expect(code, output).toBe('1');
    expect(output).toMatch(new RegExp(`${join(dir, 'study.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: systems`));
    expect(output).not.toMatch(/listening on/);
  },
  SPAWN_TIMEOUT_MS,
);

it(
  'a torn last line only: starts, /healthz ok, the torn tail cut off and the next vote on a line of its own',
  async () => {
    const results = await tempDir('torn-results');
    await cp(validResults, results, { recursive: true });
    const logFile = judgmentLogPath(results, BROKEN);
    const lastLine = validLog.toString('utf8').trimEnd().split('\n').pop() ?? '';
    const torn = lastLine.slice(0, 40).replace(/"task":"[^"]*/, '"task":"torn-task'); // no newline
    await writeFile(logFile, Buffer.concat([validLog, Buffer.from(torn, 'utf8')]));

    const server = listening(await runServe(studiesDir, results));
    try {
      const health = (await (await fetch(`${server.base}/healthz`)).json()) as { status: string; studies: Array<{ id: string; status: string }> };
      expect(health.status).toBe('ok');
      expect(health.studies.map((s) => s.status)).toEqual(['serving', 'serving']);
      expect(await readFile(logFile)).toEqual(validLog);

      // A new vote follows the cut cleanly.
      const client = new Client(server.base);
      await arrive(client, BROKEN, '?rater=after-torn');
      const page = JSON.parse((await client.get(`/s/${BROKEN}/task`, 'application/json')).body) as { task: { id: string }; csrf: string };
      const reply = await client.request('POST', `/s/${BROKEN}/task`, {
        body: { json: { _csrf: page.csrf, task: page.task.id, answer: 'left' } },
        accept: 'application/json',
      });
      expect(reply.status, reply.body).toBe(200);
    } finally {
      await stop(server);
    }
    const lines = (await readFile(logFile, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(VOTES + 1);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.slice(0, VOTES).join('\n') + '\n').toBe(validLog.toString('utf8'));
  },
  SPAWN_TIMEOUT_MS,
);

it('a port already in use is said in one line, and the studies it opened are closed again', async () => {
  const first = await startTestServer([EXAMPLE_STUDY_DIR]);
  const results = await tempDir('port');
  const port = Number(new URL(first.base).port);
  const options = { studiesDir: first.studiesDir, resultsDir: results, host: '127.0.0.1', openService: openRatingService, env: { PREFSTUDY_ADMIN_TOKEN: 'x'.repeat(20) }, log: () => {} };
  try {
    await expect(startServer({ ...options, port })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(`port ${port} on 127.0.0.1 is already in use`) });
    // Its writer locks were released: the same results folder opens again in this process.
    const again = await startServer({ ...options, port: 0 });
    await again.close();
  } finally {
    await first.stop();
  }
});
