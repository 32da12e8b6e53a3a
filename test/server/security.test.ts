// Every hostile or broken POST gets a 4xx and records nothing; every page carries a CSP that
// allows no inline script; the admin pages need the token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, Client, EXAMPLE_STUDY_DIR, FIVE_POINT_STUDY_DIR, arrive, hiddenField, startTestServer, storedJudgments, type Reply, type TestServer } from './support.ts';

let clockOffsetMs = 0;
const clock = () => new Date(Date.now() + clockOffsetMs);
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer([EXAMPLE_STUDY_DIR, FIVE_POINT_STUDY_DIR], { now: clock });
});
afterAll(async () => {
  await t?.stop();
});

const count = async (study = 'example') => (await storedJudgments(t.resultsDir, study)).length;

/** A rater who has arrived, with their CSRF token and pending task id. */
async function raterWithTask(query: string, study = 'example') {
  const client = new Client(t.base);
  const csrf = await arrive(client, study, query);
  const page = await client.get(`/s/${study}/task`);
  expect(page.status).toBe(200);
  return { client, csrf, task: hiddenField(page.body, 'task'), page };
}

function expectNoInlineScript(reply: Reply): void {
  const csp = reply.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  if (!(reply.headers.get('content-type') ?? '').includes('text/html')) return;
  const tags = reply.body.match(/<[a-zA-Z][^>]*>/g) ?? [];
  for (const tag of tags) {
    if (/^<script\b/i.test(tag)) expect(tag).toMatch(/\bsrc="\/static\/[\w.-]+\.js"/);
    expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tag).not.toMatch(/\sstyle\s*=/i);
    expect(tag).not.toMatch(/javascript:/i);
  }
}

describe('posts that must record nothing', () => {
  it('a made-up task id is refused (as no longer open: it cannot be told from one lost in a crash) and records nothing', async () => {
    const { client, csrf } = await raterWithTask('?rater=forger1');
    const before = await count();
    const reply = await client.postForm('/s/example/task', { _csrf: csrf, task: 'AAAAAAAAAAAAAAAAAAAAAAAA', answer: 'left' });
    expect(reply.status).toBe(410);
    expect(await count()).toBe(before);
  });

  it('a post without the CSRF token, or with another rater\'s token, is refused', async () => {
    const a = await raterWithTask('?rater=csrf-a');
    const b = await raterWithTask('?rater=csrf-b');
    const before = await count();
    const missing = await a.client.postForm('/s/example/task', { task: a.task, answer: 'left' });
    const empty = await a.client.postForm('/s/example/task', { _csrf: '', task: a.task, answer: 'left' });
    const borrowed = await a.client.postForm('/s/example/task', { _csrf: b.csrf, task: a.task, answer: 'left' });
    expect([missing.status, empty.status, borrowed.status]).toEqual([403, 403, 403]);
    expect(await count()).toBe(before);
    // The task is still the rater's and still answerable.
    const ok = await a.client.postForm('/s/example/task', { _csrf: a.csrf, task: a.task, answer: 'left' });
    expect(ok.status).toBe(303);
    expect(await count()).toBe(before + 1);
  });

  it('a cross-rater post (someone else\'s task with one\'s own valid token) is refused', async () => {
    const a = await raterWithTask('?rater=cross-a');
    const b = await raterWithTask('?rater=cross-b');
    const before = await count();
    const reply = await b.client.postForm('/s/example/task', { _csrf: b.csrf, task: a.task, answer: 'right' });
    expect(reply.status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('a replayed post: one judgment for the rater, 403 from a client without the cookie', async () => {
    const a = await raterWithTask('?rater=replayer');
    const before = await count();
    const form = { _csrf: a.csrf, task: a.task, answer: 'tie' };
    const first = await a.client.postForm('/s/example/task', form);
    const again = await a.client.postForm('/s/example/task', form);
    expect([first.status, again.status]).toEqual([303, 303]);
    const stranger = new Client(t.base);
    const replay = await stranger.postForm('/s/example/task', form);
    expect(replay.status).toBe(403);
    const judgments = await storedJudgments(t.resultsDir, 'example');
    expect(judgments.length).toBe(before + 1);
    expect(judgments.filter((j) => j.task === a.task)).toHaveLength(1);
  });

  it('a tampered rater cookie counts as no rater', async () => {
    const a = await raterWithTask('?rater=tamper-a');
    const before = await count();
    const cookie = a.client.cookies.get('rater') ?? '';
    a.client.cookies.set('rater', cookie.replace('tamper-a', 'tamper-b'));
    const reply = await a.client.postForm('/s/example/task', { _csrf: a.csrf, task: a.task, answer: 'left' });
    expect(reply.status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('an expired task gets 410 Gone and records nothing', async () => {
    const a = await raterWithTask('?rater=sleepy', 'five-point');
    const before = await count('five-point');
    clockOffsetMs += 11_000; // the fixture's lease is 10 s
    try {
      const reply = await a.client.postForm('/s/five-point/task', { _csrf: a.csrf, task: a.task, answer: 'left-2', rationale: 'late' });
      expect(reply.status).toBe(410);
      expect(reply.body).toContain('expired');
      expect(await count('five-point')).toBe(before);
    } finally {
      clockOffsetMs -= 11_000;
    }
  });

  it('malformed answers are 400 and record nothing', async () => {
    const a = await raterWithTask('?rater=sloppy', 'five-point');
    const before = await count('five-point');
    const post = (form: Record<string, string>) => a.client.postForm('/s/five-point/task', { _csrf: a.csrf, ...form });
    const replies = await Promise.all([
      post({ task: a.task, answer: 'left', rationale: 'not on this scale' }),
      post({ task: a.task, answer: 'both-bad', rationale: 'not allowed in this study' }),
      post({ task: a.task, answer: 'left-2' }), // rationale required
      post({ task: a.task, answer: 'left-2', rationale: 'x'.repeat(51) }), // over the study's 50
      post({ answer: 'left-2', rationale: 'no task' }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    const json = await a.client.request('POST', '/s/five-point/task', { body: { raw: '{"task": ', type: 'application/json' }, accept: 'application/json' });
    expect(json.status).toBe(400);
    expect(JSON.parse(json.body)).toMatchObject({ error: { code: 'invalid-input' } });
    expect(await count('five-point')).toBe(before);
  });

  it('oversized bodies are refused with 413 before anything runs', async () => {
    const a = await raterWithTask('?rater=verbose');
    const before = await count();
    const big = await a.client.postForm('/s/example/task', { _csrf: a.csrf, task: a.task, answer: 'left', rationale: 'y'.repeat(20_000) });
    expect(big.status).toBe(413);
    const bigJson = await a.client.request('POST', '/s/example/task', {
      body: { json: { _csrf: a.csrf, task: a.task, answer: 'left', rationale: 'z'.repeat(20_000) } },
      accept: 'application/json',
    });
    expect(bigJson.status).toBe(413);
    // Under 16 kB but over the example study's 1000-character rationale limit.
    const long = await a.client.postForm('/s/example/task', { _csrf: a.csrf, task: a.task, answer: 'left', rationale: 'w'.repeat(1_001) });
    expect(long.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('a start without consent is refused and the pair page stays closed', async () => {
    const client = new Client(t.base);
    const landing = await client.get('/s/example?rater=no-consent');
    const csrf = hiddenField(landing.body, '_csrf');
    const start = await client.postForm('/s/example/start', { _csrf: csrf });
    expect(start.status).toBe(400);
    const pair = await client.get('/s/example/task');
    expect(pair.status).toBe(303);
    expect(pair.location).toBe('/s/example');
  });
});

describe('headers and pages', () => {
  it('every page a rater sees has the CSP and no inline script, style or handler', async () => {
    const { client, csrf, task, page } = await raterWithTask('?rater=csp-check');
    const replies = [
      page,
      await client.get('/'),
      await client.get('/healthz', 'application/json'),
      await client.get('/s/example'),
      await client.get('/s/no-such-study'),
      await client.get('/nowhere'),
      await client.postForm('/s/example/task', { _csrf: csrf, task, answer: 'nope' }),
      await client.get('/static/rater.js'),
    ];
    for (const reply of replies) expectNoInlineScript(reply);
    expect(replies[4].status).toBe(404);
    expect(replies[5].status).toBe(404);
    expect(replies[6].status).toBe(400);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('the rater cookie is signed, HttpOnly, SameSite=Lax and scoped to the study', async () => {
    const client = new Client(t.base);
    const landing = await client.get('/s/example?rater=cookie-check');
    const cookie = landing.setCookies.find((c) => c.startsWith('rater='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/s\/example/);
    expect(decodeURIComponent(cookie ?? '')).toMatch(/^rater=s:cookie-check\./);
  });

  it('errors are JSON when JSON is asked for', async () => {
    const reply = await new Client(t.base).get('/s/no-such-study/task', 'application/json');
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'not-found' } });
  });
});

describe('admin', () => {
  it('refuses requests without the right token', async () => {
    const client = new Client(t.base);
    expect((await client.get('/admin')).status).toBe(403);
    expect((await client.get('/admin?token=wrong')).status).toBe(403);
    const bearerWrong = await client.request('GET', '/admin', { headers: { authorization: 'Bearer wrong' } });
    expect(bearerWrong.status).toBe(403);
    expect(bearerWrong.body).not.toContain('cirrus-chat');
  });

  it('accepts the bearer token, or ?token= once then its cookie', async () => {
    const bearer = await new Client(t.base).request('GET', '/admin', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(bearer.status).toBe(200);
    expect(bearer.body).toContain('cirrus-chat:default');

    const client = new Client(t.base);
    const once = await client.get(`/admin?token=${ADMIN_TOKEN}`);
    expect(once.status).toBe(303);
    expect(once.location).toBe('/admin');
    const after = await client.get('/admin');
    expect(after.status).toBe(200);
    expect(after.body).toContain('Five-point fixture');
    expectNoInlineScript(after);
  });
});
