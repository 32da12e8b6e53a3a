// Invariant 1, blind: walk every page and response a rater can reach (HTML, JSON, redirects,
// headers, cookies, error pages, static files) and look for anything that names a system, a model,
// an item or a source file. Run on the example study, a fixture, and a study imported from the
// real OpenAssistant sampling reports.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStudy } from '../../src/study/load.ts';
import type { Study } from '../../src/study/schema.ts';
import { REPO_ROOT, describeWithSharedData, sharedData } from '../support/shared.ts';
import { Client, EXAMPLE_STUDY_DIR, FIVE_POINT_STUDY_DIR, hiddenField, startTestServer, storedJudgments, type Reply, type TestServer } from './support.ts';

/** Strings that would unblind a rater: system ids, their model part, generators, item ids, file names. */
function forbiddenTerms(study: Study): string[] {
  const terms = new Set<string>();
  for (const system of study.systems) {
    terms.add(system);
    terms.add(system.split(':')[0]);
  }
  for (const source of study.provenance?.sources ?? []) {
    terms.add(basename(source.file));
    if (source.generator) {
      terms.add(source.generator);
      terms.add(source.generator.split('/').pop() ?? source.generator);
    }
    if (source.system) terms.add(source.system);
  }
  for (const item of study.items) terms.add(item.id);
  for (const check of study.attentionChecks?.items ?? []) terms.add(check.id);
  return [...terms].filter((t) => t.length >= 3);
}

/** Every place a term could hide in a response, with a label saying where. */
function surfaces(reply: Reply): Array<[string, string]> {
  const out: Array<[string, string]> = [[`url ${reply.url}`, decodeURIComponent(reply.url)]];
  reply.headers.forEach((value, name) => out.push([`header ${name} of ${reply.url}`, decodeURIComponent(value)]));
  out.push([`body of ${reply.url}`, reply.body]);
  return out;
}

function findLeaks(replies: Reply[], terms: string[]): string[] {
  const leaks = new Set<string>();
  for (const reply of replies) {
    for (const [where, text] of surfaces(reply)) {
      const lower = text.toLowerCase();
      for (const term of terms) if (lower.includes(term.toLowerCase())) leaks.add(`"${term}" in ${where}`);
    }
  }
  return [...leaks];
}

/** One rater through the whole study, keeping every response. */
async function walkRater(client: Client, studyId: string, query: string, json: boolean): Promise<{ replies: Reply[]; pairs: number }> {
  const replies: Reply[] = [];
  const keep = (r: Reply) => (replies.push(r), r);
  const landing = keep(await client.get(`/s/${studyId}${query}`));
  expect(landing.status).toBe(200);
  const csrf = hiddenField(landing.body, '_csrf');
  keep(await client.get(`/s/${studyId}/done`)); // too early: a redirect
  keep(await client.postForm(`/s/${studyId}/start`, { _csrf: csrf, consent: 'yes' }));
  let pairs = 0;
  for (let guard = 0; guard < 100; guard++) {
    if (json) {
      const page = keep(await client.get(`/s/${studyId}/task`, 'application/json'));
      const body = JSON.parse(page.body) as { status: string; task?: { id: string }; answers?: string[] };
      if (body.status !== 'task' || !body.task || !body.answers) break;
      pairs++;
      const answer = body.answers[pairs % body.answers.length];
      keep(await client.request('POST', `/s/${studyId}/task`, { body: { json: { _csrf: csrf, task: body.task.id, answer, rationale: 'because' } }, accept: 'application/json' }));
    } else {
      const page = keep(await client.get(`/s/${studyId}/task`));
      if (page.status !== 200) break;
      pairs++;
      const task = hiddenField(page.body, 'task');
      const answers = [...page.body.matchAll(/name="answer" value="([^"]+)"/g)].map((m) => m[1]);
      const form = { _csrf: csrf, task, answer: answers[pairs % answers.length], rationale: 'it reads better' };
      keep(await client.postForm(`/s/${studyId}/task`, form));
      if (pairs === 1) {
        keep(await client.postForm(`/s/${studyId}/task`, form)); // a replay
        keep(await client.postForm(`/s/${studyId}/task`, { ...form, task: 'not-a-task' })); // 403
        keep(await client.postForm(`/s/${studyId}/task`, { ...form, answer: 'nonsense' })); // 400
      }
    }
  }
  keep(await client.get(`/s/${studyId}/task`)); // redirect to done
  keep(await client.get(`/s/${studyId}/done`));
  keep(await client.get(`/s/${studyId}`)); // landing once finished
  return { replies, pairs };
}

/** Everything a rater's browser can fetch besides the flow itself. */
async function walkAround(base: string, studyId: string): Promise<Reply[]> {
  const client = new Client(base);
  return [
    await client.get('/'),
    await client.get('/', 'application/json'),
    await client.get('/healthz', 'application/json'),
    await client.get('/static/rater.css'),
    await client.get('/static/rater.js'),
    await client.get('/static/nothing.js'),
    await client.get(`/s/${studyId}/task`),
    await client.get(`/s/${studyId}/task`, 'application/json'),
    await client.postForm(`/s/${studyId}/task`, { task: 'x', answer: 'left' }),
    await client.get('/s/Bad_Study_Id'),
    await client.get(`/s/${studyId}?rater=${'x'.repeat(200)}`),
    await client.get('/admin'),
  ];
}

async function crawl(t: TestServer, study: Study): Promise<{ replies: Reply[]; pairs: number }> {
  const walks = await Promise.all([
    walkRater(new Client(t.base), study.id, '?PROLIFIC_PID=5f1a2b3c4d5e6f7a8b9c0d1e&STUDY_ID=study42&SESSION_ID=sess42', false),
    walkRater(new Client(t.base), study.id, '?rater=blind-json', true),
    walkRater(new Client(t.base), study.id, '', false),
  ]);
  const around = await walkAround(t.base, study.id);
  return { replies: [...walks.flatMap((w) => w.replies), ...around], pairs: walks.reduce((n, w) => n + w.pairs, 0) };
}

describe('blind: the example study and a five-point fixture', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer([EXAMPLE_STUDY_DIR, FIVE_POINT_STUDY_DIR]);
  });
  afterAll(async () => {
    await t?.stop();
  });

  for (const dir of [EXAMPLE_STUDY_DIR, FIVE_POINT_STUDY_DIR]) {
    it(`nothing a rater can reach names a system, model, item or file (${basename(dir)})`, async () => {
      const study = await loadStudy(dir);
      const terms = forbiddenTerms(study);
      const { replies, pairs } = await crawl(t, study);
      expect(pairs).toBeGreaterThanOrEqual(3);
      // The crawl saw every kind of response.
      const statuses = new Set(replies.map((r) => r.status));
      for (const status of [200, 303, 400, 403, 404]) expect(statuses).toContain(status);
      expect(replies.some((r) => (r.headers.get('content-type') ?? '').includes('json'))).toBe(true);
      // The terms are real: the server did store them with the votes it took.
      const judgments = await storedJudgments(t.resultsDir, study.id);
      expect(judgments.length).toBeGreaterThanOrEqual(pairs);
      for (const j of judgments.filter((x) => !x.attention)) {
        expect(terms).toContain(j.left);
        expect(terms).toContain(j.item);
      }
      expect(findLeaks(replies, terms)).toEqual([]);
    });
  }

  it('the leak finder finds a planted leak', () => {
    const fake: Reply = { status: 200, headers: new Headers({ 'x-model': 'aurora-7b' }), body: '', setCookies: [], url: 'http://h/s/x' };
    expect(findLeaks([fake], ['aurora-7b:greedy', 'aurora-7b'])).toEqual(['"aurora-7b" in header x-model of http://h/s/x']);
  });
});

describeWithSharedData('blind: a study imported from the OpenAssistant sampling reports', () => {
  let t: TestServer;
  let work: string;
  let study: Study;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'prefstudy-oasst-'));
    const reports = 'oasst_model_eval/sampling_reports';
    await promisify(execFile)(
      process.execPath,
      [
        join(REPO_ROOT, 'bin/prefstudy.js'), 'import', 'oasst-report',
        sharedData(reports, 'oasst-sft/2023-04-03_andreaskoepf_oasst-sft-4-pythia-12b-epoch-3_5_sampling_noprefix_lottery.json'),
        sharedData(reports, 'chat-gpt/2023-04-11_gpt-3.5-turbo_sample.json'),
        '--out', join(work, 'oasst-real'),
      ],
      { cwd: REPO_ROOT },
    );
    study = await loadStudy(join(work, 'oasst-real'));
    t = await startTestServer([join(work, 'oasst-real')]);
  });
  afterAll(async () => {
    await t?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('nothing a rater can reach names a system, model, item or source file', async () => {
    expect(study.items.length).toBe(250);
    const terms = forbiddenTerms(study);
    for (const term of ['gpt-3.5-turbo', 'oasst-sft-4-pythia-12b-epoch-3.5', '2023-04-11_gpt-3.5-turbo_sample.json']) expect(terms).toContain(term);
    const { replies, pairs } = await crawl(t, study);
    expect(pairs).toBe(3 * study.raterLimit);
    expect(findLeaks(replies, terms)).toEqual([]);
  });
});
