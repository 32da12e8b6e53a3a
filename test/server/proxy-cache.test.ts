// Behind a TLS reverse proxy (--trust-proxy), the rater and admin cookies carry Secure when the
// proxy says the request came over https; without the option the header is not believed (a client
// could forge it). Every /admin response, downloads and errors included, is Cache-Control: no-store.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRatingService } from '../../src/rating/service.ts';
import { startServer, type RunningServer } from '../../src/server/start.ts';
import type { TrustProxy } from '../../src/server/app.ts';
import { ADMIN_TOKEN, Client, EXAMPLE_STUDY_DIR, arrive, studiesFolder } from './support.ts';
import { expectValidReport } from '../support/reportSchema.ts';

const HTTPS = { 'x-forwarded-proto': 'https' };

interface Started {
  base: string;
  server: RunningServer;
  logs: string[];
  stop(): Promise<void>;
}

async function start(trustProxy?: TrustProxy): Promise<Started> {
  const studiesDir = await studiesFolder([EXAMPLE_STUDY_DIR]);
  const resultsDir = await mkdtemp(join(tmpdir(), 'prefstudy-proxy-results-'));
  const logs: string[] = [];
  const server = await startServer({
    studiesDir,
    resultsDir,
    port: 0,
    host: '127.0.0.1',
    openService: openRatingService,
    env: { PREFSTUDY_ADMIN_TOKEN: ADMIN_TOKEN },
    log: (message) => logs.push(message),
    ...(trustProxy !== undefined ? { trustProxy } : {}),
  });
  return {
    base: server.url.replace(/\/$/, ''),
    server,
    logs,
    stop: async () => {
      await server.close();
      await rm(studiesDir, { recursive: true, force: true });
      await rm(resultsDir, { recursive: true, force: true });
    },
  };
}

/** The Set-Cookie line for one cookie name; fails when it was not set. */
function cookieLine(setCookies: string[], name: string): string {
  const line = setCookies.find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie set; got ${JSON.stringify(setCookies)}`);
  return line;
}

function attributes(line: string): string[] {
  return line
    .split(';')
    .slice(1)
    .map((a) => a.trim().toLowerCase());
}

/** GET /s/example (sets the rater cookie) and GET /admin?token=... (sets the admin cookie). */
async function cookiesFrom(base: string, headers: Record<string, string>): Promise<{ rater: string; admin: string }> {
  const landing = await new Client(base).request('GET', '/s/example?rater=proxy-rater', { headers });
  expect(landing.status).toBe(200);
  const login = await new Client(base).request('GET', `/admin?token=${ADMIN_TOKEN}`, { headers });
  expect(login.status).toBe(303);
  return { rater: cookieLine(landing.setCookies, 'rater'), admin: cookieLine(login.setCookies, 'admin') };
}

describe('--trust-proxy loopback: the proxy says https', () => {
  let t: Started;
  beforeAll(async () => {
    t = await start('loopback');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('the rater and admin cookies are Secure (and keep HttpOnly, SameSite and their paths)', async () => {
    const { rater, admin } = await cookiesFrom(t.base, HTTPS);
    expect(attributes(rater)).toContain('secure');
    expect(attributes(rater)).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/s/example']));
    expect(attributes(admin)).toContain('secure');
    expect(attributes(admin)).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/admin']));
  });

  it('over plain http through the same trusted proxy, they are not', async () => {
    const { rater, admin } = await cookiesFrom(t.base, { 'x-forwarded-proto': 'http' });
    expect(attributes(rater)).not.toContain('secure');
    expect(attributes(admin)).not.toContain('secure');
  });

  it('the Secure admin cookie opens /admin over the proxy', async () => {
    const admin = new Client(t.base);
    const login = await admin.request('GET', `/admin?token=${ADMIN_TOKEN}`, { headers: HTTPS });
    expect(login.location).toBe('/admin');
    const page = await admin.request('GET', '/admin', { headers: HTTPS });
    expect(page.status).toBe(200);
  });
});

describe('without --trust-proxy: X-Forwarded-Proto is not believed', () => {
  let t: Started;
  beforeAll(async () => {
    t = await start();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('the rater and admin cookies are not Secure even when a client claims https', async () => {
    const { rater, admin } = await cookiesFrom(t.base, HTTPS);
    expect(attributes(rater)).not.toContain('secure');
    expect(attributes(admin)).not.toContain('secure');
  });

  describe('Cache-Control: no-store on every /admin response', () => {
    const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };

    beforeAll(async () => {
      // One vote, so the reports and the CSV are made from a real log.
      const client = new Client(t.base);
      await arrive(client, 'example', '?rater=cache-rater');
      const task = JSON.parse((await client.get('/s/example/task', 'application/json')).body) as { task: { id: string }; csrf: string };
      const vote = await client.request('POST', '/s/example/task', {
        body: { json: { _csrf: task.csrf, task: task.task.id, answer: 'left' } },
        accept: 'application/json',
      });
      expect(vote.status, vote.body).toBe(200);
    });

    function expectNoStore(reply: { headers: Headers }): void {
      expect(reply.headers.get('cache-control')).toBe('no-store');
    }

    it.each([
      ['/admin', 'text/html'],
      ['/admin/studies/example/report.json', 'application/json'],
      ['/admin/studies/example/judgments.csv', 'text/csv'],
      ['/admin/studies/example/report.html', 'text/html'],
      ['/admin/studies/example/report.md', 'text/markdown'],
      ['/admin/studies/example/report', 'text/html'],
      ['/admin/studies/example/progress', 'application/json'],
    ])('%s', async (path, type) => {
      const reply = await new Client(t.base).request('GET', path, { headers: bearer, accept: '*/*' });
      expect(reply.status, reply.body.slice(0, 300)).toBe(200);
      expect(reply.headers.get('content-type')).toContain(type);
      expectNoStore(reply);
      if (path.endsWith('report.json')) expectValidReport(reply.body);
    });

    it('the CSV holds the vote', async () => {
      const csv = await new Client(t.base).request('GET', '/admin/studies/example/judgments.csv', { headers: bearer, accept: '*/*' });
      expect(csv.body.trim().split('\n')).toHaveLength(2); // header and one vote
    });

    it('errors: 403 without or with a wrong token (HTML and JSON), 404 for an unknown study, the login redirect', async () => {
      const anonymous = new Client(t.base);
      const html = await anonymous.get('/admin');
      expect(html.status).toBe(403);
      expectNoStore(html);
      const json = await anonymous.get('/admin/studies/example/report.json', 'application/json');
      expect(json.status).toBe(403);
      expectNoStore(json);
      const wrong = await anonymous.request('GET', '/admin/studies/example/judgments.csv', { headers: { authorization: 'Bearer wrong-token' } });
      expect(wrong.status).toBe(403);
      expectNoStore(wrong);
      const wrongQuery = await anonymous.get('/admin?token=wrong-token');
      expect(wrongQuery.status).toBe(403);
      expectNoStore(wrongQuery);

      const missing = await new Client(t.base).request('GET', '/admin/studies/no-such-study/report.json', { headers: bearer, accept: 'application/json' });
      expect(missing.status).toBe(404);
      expectNoStore(missing);

      const login = await new Client(t.base).get(`/admin?token=${ADMIN_TOKEN}`);
      expect(login.status).toBe(303);
      expectNoStore(login);
    });
  });
});
