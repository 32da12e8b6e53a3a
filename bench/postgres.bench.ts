// Durable votes per second and the latency of pair fetch and vote with 50 concurrent raters,
// against PostgreSQL on 1 and on 2 server instances (one database, raters split between the
// instances), beside the embedded store in the same run. Each instance is `prefstudy serve` as a
// child process; a vote is acknowledged only once committed (PostgreSQL) or fsynced (embedded).
// Prints figures; asserts nothing. PREFSTUDY_BENCH_DATABASE_URL picks the database (default: the
// test database of this project's machines); each configuration gets a fresh schema.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { spawnServer, writeLargeStudy, type ChildServer } from '../test/server/child-server.ts';
import { RATERS, percentile, processCpuMs, round } from './load-client.ts';

const STUDY = 'pg-bench-study';
const VOTES_PER_RATER = 60;
const WARMUP_VOTES_PER_RATER = 5;
const ITEMS = 2_000;
const DATABASE_URL = process.env.PREFSTUDY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Setup {
  name: string;
  instances: number;
  database: boolean;
}

const SETUPS: Setup[] = [
  { name: 'embedded, 1 instance', instances: 1, database: false },
  { name: 'PostgreSQL, 1 instance', instances: 1, database: true },
  { name: 'PostgreSQL, 2 instances', instances: 2, database: true },
];

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A URL on a fresh schema, and how to drop it. */
async function freshSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => admin((c) => c.query(`DROP SCHEMA ${schema} CASCADE`)).then(() => undefined) };
}

async function measure(setup: Setup, studies: string): Promise<string> {
  const results = await mkdtemp(join(tmpdir(), 'prefstudy-pg-bench-results-'));
  const schema = setup.database ? await freshSchema() : undefined;
  const env: Record<string, string> = { PREFSTUDY_ADMIN_TOKEN: 'bench-admin-token', ...(schema ? { PREFSTUDY_DATABASE_URL: schema.url } : {}) };
  const servers: ChildServer[] = [];
  try {
    // One after another: the first applies the migrations and creates the slots.
    for (let i = 0; i < setup.instances; i++) servers.push(await spawnServer(studies, results, env));
    const ports = servers.map((s) => Number(new URL(s.base).port));
    await round(ports, STUDY, 'warm-', WARMUP_VOTES_PER_RATER);
    const cpuBefore = servers.map((s) => processCpuMs(s.child.pid));
    const r = await round(ports, STUDY, 'rater-', VOTES_PER_RATER);
    const serverCpu = servers.reduce((sum, s, i) => sum + processCpuMs(s.child.pid) - cpuBefore[i], 0);
    const rate = r.votes / r.seconds;
    return (
      `${setup.name.padEnd(24)} | ${rate.toFixed(0).padStart(5)} votes/s | pair GET p50 ${percentile(r.getMs, 0.5).toFixed(1)} p99 ${percentile(r.getMs, 0.99).toFixed(1)} ms | ` +
      `vote POST p50 ${percentile(r.postMs, 0.5).toFixed(1)} p99 ${percentile(r.postMs, 0.99).toFixed(1)} ms | server CPU per vote ${(serverCpu / r.votes).toFixed(3)} ms`
    );
  } finally {
    for (const server of servers) server.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await schema?.drop();
    await rm(results, { recursive: true, force: true });
  }
}

export default async function benchPostgres(): Promise<void> {
  try {
    await admin((c) => c.query('SELECT 1'));
  } catch (error) {
    console.log(`postgres: skipped, ${DATABASE_URL} does not answer (${(error as Error).message})`);
    return;
  }
  const studies = await mkdtemp(join(tmpdir(), 'prefstudy-pg-bench-studies-'));
  await writeLargeStudy(studies, STUDY, ITEMS, { raterLimit: VOTES_PER_RATER + WARMUP_VOTES_PER_RATER, votesPerPair: 2 * RATERS });
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`postgres: ${RATERS} concurrent raters, each GET pair + POST vote, ${VOTES_PER_RATER} votes each after ${WARMUP_VOTES_PER_RATER} warm-up; one 2-core machine runs the instances, PostgreSQL and the load client; load average before: ${load}`);
  try {
    for (const setup of SETUPS) console.log(await measure(setup, studies));
  } finally {
    await rm(studies, { recursive: true, force: true });
  }
}
