// Helpers for HTTP tests of the server: a real server on 127.0.0.1 port 0 over temp results, and
// a tiny cookie-keeping client that never follows redirects, so every response can be inspected.
import { mkdtemp, mkdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/shared.ts';
import { startServer, type RunningServer } from '../../src/server/start.ts';
import { openRatingService } from '../../src/rating/service.ts';
import { openJudgmentLog } from '../../src/store/embedded/judgment-log.ts';
import { Judgment } from '../../src/judgments/record.ts';

export const EXAMPLE_STUDY_DIR = join(REPO_ROOT, 'studies', 'example');
export const FIVE_POINT_STUDY_DIR = join(REPO_ROOT, 'test', 'fixtures', 'server', 'studies', 'five-point');
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestServer {
  base: string;
  server: RunningServer;
  studiesDir: string;
  resultsDir: string;
  logs: string[];
  stop(): Promise<void>;
}

/** A temp folder holding links to the given study folders. */
export async function studiesFolder(studyDirs: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'prefstudy-studies-'));
  for (const studyDir of studyDirs) await symlink(studyDir, join(dir, studyDir.split('/').filter(Boolean).pop() ?? 'study'));
  return dir;
}

/** `now`: the rating services' clock, so a test can let leases expire without waiting. */
export async function startTestServer(studyDirs: string[], opts: { resultsDir?: string; now?: () => Date } = {}): Promise<TestServer> {
  const { resultsDir, now } = opts;
  const studiesDir = await studiesFolder(studyDirs);
  const results = resultsDir ?? (await mkdtemp(join(tmpdir(), 'prefstudy-results-')));
  await mkdir(results, { recursive: true });
  const logs: string[] = [];
  const server = await startServer({
    studiesDir,
    resultsDir: results,
    port: 0,
    host: '127.0.0.1',
    openService: (o) => openRatingService({ ...o, ...(now ? { now } : {}) }),
    env: { PREFSTUDY_ADMIN_TOKEN: ADMIN_TOKEN },
    log: (message) => logs.push(message),
  });
  return {
    base: server.url.replace(/\/$/, ''),
    server,
    studiesDir,
    resultsDir: results,
    logs,
    stop: async () => {
      await server.close();
      await rm(studiesDir, { recursive: true, force: true });
      if (!resultsDir) await rm(results, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  body: string;
  location?: string;
  setCookies: string[];
  url: string;
}

type Body = { form: Record<string, string> } | { json: unknown } | { raw: string; type: string };

/** One browser-like client: keeps cookies by name, sends them back, never follows redirects. */
export class Client {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string, readonly userAgent = 'prefstudy-test') {}

  async request(method: string, path: string, opts: { body?: Body; accept?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, accept: opts.accept ?? 'text/html', ...opts.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (opts.body && 'form' in opts.body) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.body.form).toString();
    } else if (opts.body && 'json' in opts.body) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body.json);
    } else if (opts.body) {
      headers['content-type'] = opts.body.type;
      body = opts.body.raw;
    }
    const url = path.startsWith('http') ? path : this.base + path;
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, headers: res.headers, body: await res.text(), ...(location ? { location } : {}), setCookies, url };
  }

  get(path: string, accept?: string): Promise<Reply> {
    return this.request('GET', path, accept ? { accept } : {});
  }

  postForm(path: string, form: Record<string, string>, accept?: string): Promise<Reply> {
    return this.request('POST', path, { body: { form }, ...(accept ? { accept } : {}) });
  }
}

/** The value of a hidden input in a page. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name} in page`);
  return match[1];
}

/** Arrives at a study (query string included), consents when asked, and returns the CSRF token. */
export async function arrive(client: Client, studyId: string, query = ''): Promise<string> {
  const landing = await client.get(`/s/${studyId}${query}`);
  if (landing.status !== 200) throw new Error(`landing answered ${landing.status}`);
  const csrf = hiddenField(landing.body, '_csrf');
  const start = await client.postForm(`/s/${studyId}/start`, { _csrf: csrf, consent: 'yes' });
  if (start.status !== 303) throw new Error(`start answered ${start.status}: ${start.body}`);
  return csrf;
}

export function judgmentLogPath(resultsDir: string, studyId: string): string {
  return join(resultsDir, studyId, 'judgments.jsonl');
}

/** Every judgment in a study's log, read without opening the store (a live server holds it). */
export async function storedJudgments(resultsDir: string, studyId: string): Promise<Judgment[]> {
  const text = await readFile(judgmentLogPath(resultsDir, studyId), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.trim()).map((line) => Judgment.parse(JSON.parse(line)));
}

/** Every judgment, through the embedded store itself (only once no server holds it). */
export async function loadJudgmentLog(resultsDir: string, studyId: string): Promise<Judgment[]> {
  const judgments: Judgment[] = [];
  const log = await openJudgmentLog(judgmentLogPath(resultsDir, studyId), (j) => judgments.push(j));
  try {
    return judgments;
  } finally {
    await log.close();
  }
}
