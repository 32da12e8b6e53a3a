// Error pages are for raters, not developers: plain words for what happened and what to do next,
// a way back to their study, and never an error code (JSON clients keep the machine-readable code).
// The pair page links back to the instructions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrefstudyError } from '../../src/errors.ts';
import { RequestError, presentErrorPage } from '../../src/server/errors.ts';
import { Client, EXAMPLE_STUDY_DIR, FIVE_POINT_STUDY_DIR, arrive, hiddenField, startTestServer, type Reply, type TestServer } from './support.ts';

const CODES = /\b(invalid-input|forbidden|gone|not-found|internal|too-large|conflict)\b/i;

let clockOffsetMs = 0;
const clock = () => new Date(Date.now() + clockOffsetMs);
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer([EXAMPLE_STUDY_DIR, FIVE_POINT_STUDY_DIR], { now: clock });
});
afterAll(async () => {
  await t?.stop();
});

/** A rater who has arrived, with their CSRF token and pending task id. */
async function raterWithTask(rater: string, study = 'example') {
  const client = new Client(t.base);
  const csrf = await arrive(client, study, `?rater=${rater}`);
  const page = await client.get(`/s/${study}/task`);
  expect(page.status).toBe(200);
  return { client, csrf, task: hiddenField(page.body, 'task'), page };
}

/** The words a rater reads (tags dropped, whitespace collapsed). */
function textOf(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();
}

function links(html: string): Array<{ href: string; text: string }> {
  return [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({ href: m[1], text: textOf(m[2]) }));
}

function expectPlainPage(reply: Reply, status: number): string {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/text\/html/);
  // Not in the text and not anywhere in the markup either.
  expect(reply.body).not.toMatch(CODES);
  expect(reply.body).not.toMatch(/\(\s*[a-z]+-[a-z-]+\s*\)/); // no "(some-code)" left over
  return textOf(reply.body);
}

describe('error pages in plain words', () => {
  it('a forged answer post (bad CSRF) gets a 403 page that says what to do and links back to the study', async () => {
    const a = await raterWithTask('forged');
    const reply = await a.client.postForm('/s/example/task', { _csrf: 'forged-token', task: a.task, answer: 'left' });
    const text = expectPlainPage(reply, 403);
    expect(text).toContain('This page was open too long or came from elsewhere. Reload and try again.');
    expect(links(reply.body)).toContainEqual({ href: '/s/example', text: 'Back to the study' });
    // A post from a client without any cookie reads the same.
    const stranger = await new Client(t.base).postForm('/s/example/task', { _csrf: a.csrf, task: a.task, answer: 'left' });
    expect(expectPlainPage(stranger, 403)).toContain('This page was open too long or came from elsewhere.');
  });

  it('an unknown study is a 404 in plain words', async () => {
    const reply = await new Client(t.base).get('/s/no-such-study');
    const text = expectPlainPage(reply, 404);
    expect(text).toContain('We could not find this page. Check the link you were given.');
    // The missing study's own page is not offered as the way back.
    expect(links(reply.body).map((l) => l.href)).not.toContain('/s/no-such-study');
  });

  it('an unknown page under a study links back to that study', async () => {
    const reply = await new Client(t.base).get('/s/example/nowhere');
    expect(expectPlainPage(reply, 404)).toContain('We could not find this page.');
    expect(links(reply.body)).toContainEqual({ href: '/s/example', text: 'Back to the study' });
    const outside = await new Client(t.base).get('/nowhere');
    expect(expectPlainPage(outside, 404)).toContain('Check the link you were given.');
    expect(links(outside.body)).toEqual([]);
  });

  it('an expired pair is a 410 with a button on to the next pair, which works', async () => {
    const a = await raterWithTask('slow-reader');
    clockOffsetMs += 901_000; // the example study's lease is 900 s
    try {
      const reply = await a.client.postForm('/s/example/task', { _csrf: a.csrf, task: a.task, answer: 'left' });
      const text = expectPlainPage(reply, 410);
      expect(text).toContain('This pair has expired');
      expect(text).toContain('This pair was open too long, so we gave it back to the pool. Your earlier answers are saved.');
      const found = links(reply.body);
      expect(found).toContainEqual({ href: '/s/example/task', text: 'Continue with the next pair' });
      expect(found).toContainEqual({ href: '/s/example', text: 'Back to the study' });
      const next = await a.client.get('/s/example/task');
      expect(next.status).toBe(200);
      expect(hiddenField(next.body, 'task')).toMatch(/\S/);
    } finally {
      clockOffsetMs -= 901_000;
    }
  });

  it('field problems are listed in plain words, without field names', async () => {
    const a = await raterWithTask('terse', 'five-point');
    const missing = await a.client.postForm('/s/five-point/task', { _csrf: a.csrf, task: a.task, answer: 'left-2' });
    const text = expectPlainPage(missing, 400);
    expect(text).toContain('Please explain your choice in a few words.');
    expect(text).toContain('Your explanation is missing.');
    expect(text).not.toMatch(/\brationale\b/);
    expect(links(missing.body)).toContainEqual({ href: '/s/five-point', text: 'Back to the study' });
    const long = await a.client.postForm('/s/five-point/task', { _csrf: a.csrf, task: a.task, answer: 'left-2', rationale: 'x'.repeat(51) });
    expect(expectPlainPage(long, 400)).toContain('Your explanation is too long.');
    const noTask = await a.client.postForm('/s/five-point/task', { _csrf: a.csrf, answer: 'left-2', rationale: 'why' });
    expect(expectPlainPage(noTask, 400)).toContain('The pair is missing.');
  });

  it('a body too large is a 413 in plain words', async () => {
    const a = await raterWithTask('wordy');
    const reply = await a.client.postForm('/s/example/task', { _csrf: a.csrf, task: a.task, answer: 'left', rationale: 'y'.repeat(20_000) });
    expect(expectPlainPage(reply, 413)).toContain('Shorten your explanation');
  });

  it('JSON clients still get { error: { code, message, issues } }', async () => {
    const a = await raterWithTask('scripted');
    const json = 'application/json';
    const forged = await a.client.postForm('/s/example/task', { _csrf: 'forged-token', task: a.task, answer: 'left' }, json);
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body)).toEqual({ error: { code: 'forbidden', message: expect.any(String), issues: [] } });
    const unknown = await new Client(t.base).get('/s/no-such-study', json);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'not-found' } });
    const bad = await a.client.postForm('/s/example/task', { _csrf: a.csrf, task: a.task, answer: 'nope' }, json);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ error: { code: 'invalid-input', message: expect.any(String), issues: ['answer: not one of the choices'] } });
    clockOffsetMs += 901_000;
    try {
      const expired = await a.client.postForm('/s/example/task', { _csrf: a.csrf, task: a.task, answer: 'left' }, json);
      expect(expired.status).toBe(410);
      expect(JSON.parse(expired.body)).toMatchObject({ error: { code: 'gone' } });
    } finally {
      clockOffsetMs -= 901_000;
    }
  });
});

describe('the error page view', () => {
  it('a 500 says only the plain sentence, whatever the error named', () => {
    const page = presentErrorPage(new Error('cannot read aurora-7b:greedy from items.jsonl'), { method: 'POST', path: '/s/example/task' });
    expect(page).toEqual({
      status: 500,
      heading: 'Something went wrong',
      message: 'Something went wrong on our side. Your earlier answers are saved. Try again in a minute.',
      issues: [],
      studyPath: '/s/example',
    });
  });

  it('messages and issues of deeper errors stay private; RequestError ones may show', () => {
    const deep = presentErrorPage(new PrefstudyError('invalid-input', 'zephyr-secret-model:v1 rejected', [{ field: 'system', message: 'zephyr-secret-model:v1' }]), { method: 'POST', path: '/s/x/task' });
    expect(JSON.stringify(deep)).not.toContain('zephyr');
    expect(deep.issues).toEqual([]);
    const own = presentErrorPage(new RequestError('invalid-input', 'Please tick the consent box to take part.', [{ field: 'consent', message: 'required' }]), { method: 'POST', path: '/s/x/start' });
    expect(own.message).toContain('Please tick the consent box to take part.');
    expect(own.issues).toEqual(['Please tick the consent box.']);
  });

  it('a 403 outside a form keeps the public reason; no study link outside /s/', () => {
    const page = presentErrorPage(new RequestError('forbidden', 'The admin pages need the admin token.'), { method: 'GET', path: '/admin' });
    expect(page.heading).toBe('You cannot open this page');
    expect(page.message).toContain('The admin pages need the admin token.');
    expect(page.studyPath).toBeUndefined();
    expect(page.action).toBeUndefined();
  });
});

describe('the pair page', () => {
  it('has an Instructions link in the top bar to the study\'s landing page', async () => {
    const { client, page } = await raterWithTask('curious');
    const topbar = /<header class="topbar">([\s\S]*?)<\/header>/.exec(page.body)?.[1] ?? '';
    expect(links(topbar)).toContainEqual({ href: '/s/example', text: 'Instructions' });
    expect(topbar).not.toMatch(/\sstyle\s*=|\son[a-z]+\s*=/i);
    const landing = await client.get('/s/example');
    expect(landing.status).toBe(200);
  });
});
