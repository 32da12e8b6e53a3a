// The compiled build (`npm run build`, scripts/build.mjs): bin/prefstudy.js runs dist/ when it was
// built from the sources as they are, and the TypeScript sources through tsx otherwise. The build
// runs once, in a copy of the repository (with a link to its node_modules), so this file neither
// races other test files that start bin/prefstudy.js nor touches the working tree's dist/ or src/.
// Which code ran is read from a module log (record-modules.mjs), not from anything the CLI prints.
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, realpath, rm, stat, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.ts';
import { expectValidReport } from '../support/reportSchema.ts';

const RECORDER = join(REPO_ROOT, 'test/build/record-modules.mjs');
/** What the build reads or the CLI needs at run time, copied from the repository. */
const COPIED = ['bin', 'scripts', 'src', 'views', 'public', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

let root: string;
let scratch: string;
let logs = 0;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** URLs of every module the process loaded, in any thread. */
  modules: string[];
}

/** `node --import record-modules.mjs <args>` in the copy. */
function node(args: string[]): Promise<Run> {
  const log = join(scratch, `modules-${logs++}.log`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', pathToFileURL(RECORDER).href, ...args],
      { cwd: root, env: { ...process.env, PREFSTUDY_MODULE_LOG: log }, maxBuffer: 16 << 20 },
      async (error, stdout, stderr) => {
        const modules = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, modules });
      },
    );
  });
}

const inDist = (run: Run, file: string) => run.modules.includes(pathToFileURL(join(root, 'dist', file)).href);
const usedTsx = (run: Run) => run.modules.some((url) => url.includes('/node_modules/tsx/'));
const usedSources = (run: Run) => run.modules.some((url) => url.startsWith(pathToFileURL(join(root, 'src')).href + '/'));

/** The copy's scripts/source-stamp.mjs, as bin/prefstudy.js uses it. */
async function distIsFresh(): Promise<boolean> {
  const stamp = (await import(pathToFileURL(join(root, 'scripts/source-stamp.mjs')).href)) as { distIsFresh(root: string): boolean };
  return stamp.distIsFresh(root);
}

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'prefstudy-build-')));
  scratch = join(root, 'scratch');
  for (const path of COPIED) await cp(join(REPO_ROOT, path), join(root, path), { recursive: true });
  await cp(join(REPO_ROOT, 'studies/example'), join(root, 'scratch/studies/example'), { recursive: true });
  await symlink(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  const build = await node(['scripts/build.mjs']);
  expect(build.stderr).toBe('');
  expect(build.code).toBe(0);
}, 120_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the compiled build', () => {
  it('builds dist/ with the migrations beside their loader and a stamp of the sources', async () => {
    expect(await readdir(join(root, 'dist/store/postgres/migrations'))).toEqual(await readdir(join(root, 'src/store/postgres/migrations')));
    // The tsx loader of the worker is for the sources only; compiled, offload.js starts worker.js.
    expect(await readdir(join(root, 'dist/report/offload'))).not.toContain('worker.mjs');
    expect((await readdir(join(root, 'dist'), { recursive: true })).filter((f) => f.endsWith('.test.js'))).toEqual([]);
    expect(await distIsFresh()).toBe(true);
  });

  it('runs --help compiled, without loading tsx or a TypeScript source', async () => {
    const run = await node(['bin/prefstudy.js', '--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: prefstudy /);
    expect(inDist(run, 'cli.js')).toBe(true);
    expect(usedTsx(run)).toBe(false);
    expect(usedSources(run)).toBe(false);
  });

  it('serves a vote and reports it, compiled', async () => {
    const results = join(scratch, 'results');
    const serve = await startServe(['bin/prefstudy.js', 'serve', '--port', '0', '--host', '127.0.0.1', '--studies', join(scratch, 'studies'), '--results', results]);
    try {
      expect(await vote(serve.base, 'example')).toBe('recorded');
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
    const modules = (await readFile(serve.log, 'utf8')).split('\n').filter(Boolean);
    const served: Run = { code: 0, stdout: '', stderr: '', modules };
    expect(inDist(served, 'server/app.js')).toBe(true);
    expect(usedTsx(served)).toBe(false);
    expect(usedSources(served)).toBe(false);

    const out = join(scratch, 'report');
    const report = await node(['bin/prefstudy.js', 'report', join(scratch, 'studies/example'), '--results', results, '--format', 'json,html', '--out', out]);
    expect(report.code, report.stderr).toBe(0);
    expect(inDist(report, 'commands/report.js')).toBe(true);
    expect(usedTsx(report)).toBe(false);
    expect(usedSources(report)).toBe(false);
    expectValidReport(await readFile(join(out, 'report.json'), 'utf8'));
    const json = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { study: string; provenance: { judgmentsRead: number } };
    expect(json.study).toBe('example');
    expect(json.provenance.judgmentsRead).toBe(1);
    // html.ts finds views/report.ejs from dist/ as from src/.
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('runs the report\'s bootstraps in the compiled worker, and finds package.json and the migrations', async () => {
    // buildReport({ worker: true }) starts the worker even for a small report; every message a
    // Worker emits is a job's result, so counting them tells that the worker did the jobs (a worker
    // that fails is replaced by running them inline, with the same report).
    const script = `
      import { Worker } from 'node:worker_threads';
      const dist = ${JSON.stringify(pathToFileURL(join(root, 'dist')).href)};
      let answered = 0;
      const emit = Worker.prototype.emit;
      Worker.prototype.emit = function (event, ...args) {
        if (event === 'message') answered++;
        return emit.call(this, event, ...args);
      };
      const { buildReport } = await import(dist + '/report/model.js');
      const { renderJson } = await import(dist + '/report/json.js');
      const { APP_VERSION } = await import(dist + '/version.js');
      const { migrations } = await import(dist + '/store/postgres/migrate.js');
      const systems = ['a', 'b', 'c'];
      const judgments = Array.from({ length: 600 }, (_, t) => ({
        v: 1, study: 's', task: 't' + t, rater: 'r' + (t % 7), item: 'i' + (t % 40),
        left: systems[t % 3], right: systems[(t + 1 + (t % 2)) % 3], choice: ['left', 'right', 'left', 'tie'][t % 4],
      }));
      const source = { format: 'csv', file: 'mem.csv', study: 's', judgments, items: new Map(), counts: { read: 600, used: 600, dropped: 0, dropReasons: {} } };
      const report = (worker) => buildReport({ sources: [source], settings: { seed: 1, resamples: 200 }, generatedAt: 'T', worker });
      const inWorker = renderJson(await report(true));
      const answeredByWorker = answered;
      const same = inWorker === renderJson(await report(false));
      console.log(JSON.stringify({ answeredByWorker, same, version: APP_VERSION, migrations: migrations().map((m) => m.name) }));
    `;
    // A file, not \`node --input-type=module -e\`: a worker inherits its parent's node flags, and
    // --input-type makes it refuse its own file (ERR_INPUT_TYPE_NOT_ALLOWED).
    const file = join(scratch, 'worker-check.mjs');
    await writeFile(file, script);
    const run = await node([file]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { answeredByWorker: number; same: boolean; version: string; migrations: string[] };
    expect(result.answeredByWorker).toBeGreaterThan(0);
    expect(result.same).toBe(true);
    expect(result.version).toBe((JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version);
    expect(result.migrations).toEqual((await readdir(join(root, 'src/store/postgres/migrations'))).sort());
    expect(inDist(run, 'report/offload/worker.js')).toBe(true);
    expect(run.modules.some((url) => url.endsWith('/worker.mjs'))).toBe(false);
    expect(usedTsx(run)).toBe(false);
  });

  // Last: it leaves the copy's dist/ stale.
  it('falls back to the sources when src/ changed after the build', async () => {
    // A new file makes dist/ stale, and removing it again makes it fresh: the stamp is exact.
    const extra = join(root, 'src/new-module.ts');
    await writeFile(extra, 'export const x = 1;\n');
    expect(await distIsFresh()).toBe(false);
    await unlink(extra);
    expect(await distIsFresh()).toBe(true);

    // An edit (here only the modification time: the content is the same).
    const edited = join(root, 'src/version.ts');
    const { mtime } = await stat(edited);
    await utimes(edited, new Date(), new Date(mtime.getTime() + 5_000));
    expect(await distIsFresh()).toBe(false);
    const run = await node(['bin/prefstudy.js', '--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: prefstudy /);
    expect(usedTsx(run)).toBe(true);
    expect(run.modules).toContain(pathToFileURL(join(root, 'src/cli.ts')).href);
    expect(run.modules.some((url) => url.startsWith(pathToFileURL(join(root, 'dist')).href + '/'))).toBe(false);
  });
});

interface Serve {
  base: string;
  child: ReturnType<typeof spawn>;
  exited: Promise<unknown>;
  log: string;
}

/** `node --import record-modules.mjs <args>` as a server: resolves once it listens. */
function startServe(args: string[]): Promise<Serve> {
  const log = join(scratch, `modules-${logs++}.log`);
  const child = spawn(process.execPath, ['--import', pathToFileURL(RECORDER).href, ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', PREFSTUDY_ADMIN_TOKEN: 'build-test-admin-token', PREFSTUDY_MODULE_LOG: log },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match) resolve({ base: match[1], child, exited, log });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${output}`)));
  });
}

/** One rater arrives, consents and answers one pair; returns the vote's status. */
async function vote(base: string, study: string): Promise<string> {
  const cookies = new Map<string, string>();
  const request = async (method: string, path: string, body?: { form: Record<string, string> } | { json: unknown }, accept = 'text/html') => {
    const headers: Record<string, string> = { accept, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    let payload: string | undefined;
    if (body && 'form' in body) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(body.form).toString();
    } else if (body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    }
    const res = await fetch(base + path, { method, headers, body: payload, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return { status: res.status, body: await res.text() };
  };
  const landing = await request('GET', `/s/${study}?rater=build-test`);
  expect(landing.status).toBe(200);
  const csrf = /name="_csrf" value="([^"]*)"/.exec(landing.body)?.[1] ?? '';
  expect((await request('POST', `/s/${study}/start`, { form: { _csrf: csrf, consent: 'yes' } })).status).toBe(303);
  const pair = JSON.parse((await request('GET', `/s/${study}/task`, undefined, 'application/json')).body) as { status: string; task?: { id: string }; csrf?: string };
  expect(pair.status).toBe('task');
  const answer = await request('POST', `/s/${study}/task`, { json: { _csrf: pair.csrf, task: pair.task?.id, answer: 'left' } }, 'application/json');
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.body) as { status: string }).status;
}
