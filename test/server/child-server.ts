// `prefstudy serve` as a child process, the way it runs for real: for crash tests and benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/shared.ts';

export interface ChildServer {
  base: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit signal or code. */
  exited: Promise<string>;
}

/** `nodeArgs`: flags for the child's node (e.g. --cpu-prof for a benchmark). */
export async function spawnServer(studiesDir: string, resultsDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ChildServer> {
  const child = spawn(process.execPath, [...nodeArgs, join(REPO_ROOT, 'bin/prefstudy.js'), 'serve', '--port', '0', '--host', '127.0.0.1', '--studies', studiesDir, '--results', resultsDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'production', PREFSTUDY_ADMIN_TOKEN: 'child-admin-token', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  const base = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`server did not start in 30 s:\n${output}`)), 30_000).unref();
  });
  return { base, child, output: () => output, exited };
}

/** A study with `items` prompts and two systems, written to `<dir>/<id>/`. */
export async function writeLargeStudy(dir: string, id: string, items: number, opts: { raterLimit: number; votesPerPair?: number; leaseSeconds?: number }): Promise<void> {
  const studyDir = join(dir, id);
  await mkdir(studyDir, { recursive: true });
  const study = {
    id,
    title: 'Generated load study',
    instructions: 'Pick the better answer.',
    systems: ['alpha-model:greedy', 'beta-model:sample'],
    design: { kind: 'baseline', baseline: 'beta-model:sample' },
    votesPerPair: opts.votesPerPair ?? 1,
    raterLimit: opts.raterLimit,
    leaseSeconds: opts.leaseSeconds ?? 600,
    completion: { code: 'LOAD-DONE' },
    seed: 'load',
  };
  const lines = Array.from({ length: items }, (_, i) =>
    JSON.stringify({
      id: `gen-${i}`,
      prompt: `Question number ${i}: explain something in two sentences.`,
      completions: { 'alpha-model:greedy': `Answer one to question ${i}.`, 'beta-model:sample': `Answer two to question ${i}, a bit longer.` },
    }),
  );
  await writeFile(join(studyDir, 'study.json'), JSON.stringify(study, null, 2));
  await writeFile(join(studyDir, 'items.jsonl'), lines.join('\n') + '\n');
}

/** How a `prefstudy serve` run began: listening, or exited before it listened. */
export type ServeOutcome = { listening: true; server: ChildServer } | { listening: false; code: string; output: string };

/**
 * `prefstudy serve` with extra arguments (e.g. --skip-broken), for start-up tests: resolves once it
 * listens, or once it has exited without listening (with its exit code and everything it printed).
 */
export async function runServe(studiesDir: string, resultsDir: string, extraArgs: string[] = [], timeoutMs = 45_000): Promise<ServeOutcome> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin/prefstudy.js'), 'serve', '--port', '0', '--host', '127.0.0.1', '--studies', studiesDir, '--results', resultsDir, ...extraArgs],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: 'production', PREFSTUDY_ADMIN_TOKEN: 'child-admin-token' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  return new Promise<ServeOutcome>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`serve neither listened nor exited in ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    timer.unref();
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ listening: true, server: { base: match[1], child, output: () => output, exited } });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // 'close' comes after the output streams have ended, so nothing printed is missed.
    child.once('close', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ listening: false, code: signal ?? String(code), output });
    });
  });
}

/**
 * `count` instances of one deployment: `prefstudy serve` processes started together on one database
 * (PREFSTUDY_DATABASE_URL) and one studies folder, each with a results folder of its own under
 * `resultsRoot` (as on separate machines) and no PREFSTUDY_SECRET, so the cookie secret they share
 * is the one kept in the database. If one fails to start, the others are killed.
 */
export async function spawnInstances(count: number, studiesDir: string, resultsRoot: string, databaseUrl: string, env: Record<string, string> = {}): Promise<ChildServer[]> {
  const started = await Promise.allSettled(
    Array.from({ length: count }, async (_, i) => {
      const resultsDir = join(resultsRoot, `instance-${i}`);
      await mkdir(resultsDir, { recursive: true });
      return spawnServer(studiesDir, resultsDir, { PREFSTUDY_DATABASE_URL: databaseUrl, PREFSTUDY_SECRET: '', ...env });
    }),
  );
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(servers.map((s) => stopServer(s, 'SIGKILL')));
    throw failed.reason;
  }
  return servers;
}

/** Stops a child server (SIGTERM: it closes its stores; SIGKILL after 15 s) and waits for it to exit. */
export async function stopServer(server: ChildServer, signal: NodeJS.Signals = 'SIGTERM'): Promise<string> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill(signal);
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
    timer.unref();
    try {
      return await server.exited;
    } finally {
      clearTimeout(timer);
    }
  }
  return server.exited;
}
