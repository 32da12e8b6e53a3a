// Durable votes per second and the latency of both requests a rater makes (pair fetch and vote)
// against the running server (`prefstudy serve` as a child process, as in production), with 50
// concurrent raters on loopback, at 0, 100,000 and 1,000,000 judgments already stored; plus the
// time from starting the process to listening, and the server's memory. A vote is acknowledged
// only once it is synced to disk.
// Goals (issue 10): >= 1,000 durable votes/s and pair-fetch p99 < 50 ms at every size, start-up at
// 1M < 5 s, and the same cost at 1M as at 0. Printed, not asserted.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, writeLargeStudy } from '../test/server/child-server.ts';
import { writeStoredJudgments } from './stored-judgments.ts';

const STUDY = 'bench-study';
const RATERS = 50;
const VOTES_PER_RATER = 80;
const WARMUP_VOTES_PER_RATER = 5;
/** Enough items and votes per item for a million stored judgments plus the benchmark's own. */
const ITEMS = 20_000;
const VOTES_PER_ITEM = 60;
const SIZES = (process.env.SERVER_BENCH_SIZES ?? '0,100000,1000000').split(',').map(Number);

const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux; 0 elsewhere). */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Resident memory of a process in MB, from /proc. */
function residentMb(pid: number | undefined): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
    return Number(line.replace(/\D+/g, '')) / 1024;
  } catch {
    return 0;
  }
}

function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * A lean HTTP/1.1 client for one rater: one keep-alive socket, requests written as text, replies
 * framed by Content-Length (the server sends it on every reply here), the rater cookie kept by
 * hand. fetch() cost the shared cores about as much CPU per vote as the server; node:http a third.
 */
class LeanClient {
  private readonly socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (reply: { status: number; body: string }) => void; reject: (error: Error) => void } | undefined;
  private cookie = '';

  constructor(port: number) {
    this.socket = connect({ host: '127.0.0.1', port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.received(chunk));
    const fail = (error: Error) => this.waiting?.reject(error);
    this.socket.on('error', fail);
    this.socket.on('close', () => fail(new Error('the server closed the connection')));
  }

  request(method: 'GET' | 'POST', path: string, json?: unknown): Promise<{ status: number; body: string }> {
    const body = json === undefined ? '' : JSON.stringify(json);
    let head = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nUser-Agent: prefstudy-bench\r\n`;
    if (this.cookie) head += `Cookie: ${this.cookie}\r\n`;
    if (json !== undefined) head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(`${head}\r\n${body}`);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private received(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd === -1) return;
    const lines = this.buffer.toString('latin1', 0, headEnd).split('\r\n');
    let length = -1;
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      if (name === 'content-length') length = Number(line.slice(colon + 1));
      else if (name === 'set-cookie') this.cookie = line.slice(colon + 1).trim().split(';')[0];
    }
    if (length < 0) throw new Error(`a reply without Content-Length: ${lines[0]}`);
    const end = headEnd + 4 + length;
    if (this.buffer.length < end) return;
    const reply = { status: Number(lines[0].split(' ')[1]), body: this.buffer.toString('utf8', headEnd + 4, end) };
    this.buffer = this.buffer.subarray(end);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(reply);
  }
}

async function rater(port: number, id: string, votes: number, postMs: number[], getMs: number[]): Promise<number> {
  const client = new LeanClient(port);
  try {
    const landing = await client.request('GET', `/s/${STUDY}?rater=${id}`);
    if (landing.status !== 200) throw new Error(`landing answered ${landing.status}`);
    let done = 0;
    while (done < votes) {
      const t0 = performance.now();
      const page = await client.request('GET', `/s/${STUDY}/task`);
      const t1 = performance.now();
      const body = JSON.parse(page.body) as { status: string; task?: { id: string }; csrf?: string };
      if (body.status !== 'task' || !body.task) break;
      const reply = await client.request('POST', `/s/${STUDY}/task`, { _csrf: body.csrf, task: body.task.id, answer: done % 3 ? 'left' : 'right' });
      const t2 = performance.now();
      if (reply.status !== 200 || (JSON.parse(reply.body) as { status: string }).status !== 'recorded') {
        throw new Error(`vote answered ${reply.status}: ${reply.body}`);
      }
      getMs.push(t1 - t0);
      postMs.push(t2 - t1);
      done++;
    }
    return done;
  } finally {
    client.close();
  }
}

async function round(port: number, prefix: string, votes: number) {
  const postMs: number[] = [];
  const getMs: number[] = [];
  const start = performance.now();
  const counts = await Promise.all(Array.from({ length: RATERS }, (_, i) => rater(port, `${prefix}${i}`, votes, postMs, getMs)));
  const seconds = (performance.now() - start) / 1000;
  return { votes: counts.reduce((a, b) => a + b, 0), seconds, postMs: postMs.sort((a, b) => a - b), getMs: getMs.sort((a, b) => a - b) };
}

interface SizeFigures {
  stored: number;
  startSeconds: number;
  rssMb: number;
  votes: number;
  rate: number;
  post: { p50: number; p99: number; max: number };
  get: { p50: number; p99: number; max: number };
  serverCpuPerVote: number;
  clientCpuPerVote: number;
}

async function measureSize(stored: number): Promise<SizeFigures> {
  const studies = await mkdtemp(join(tmpdir(), 'prefstudy-bench-studies-'));
  const results = await mkdtemp(join(tmpdir(), 'prefstudy-bench-results-'));
  await writeLargeStudy(studies, STUDY, ITEMS, { raterLimit: VOTES_PER_RATER + WARMUP_VOTES_PER_RATER, votesPerPair: VOTES_PER_ITEM });
  await writeStoredJudgments(join(results, STUDY, 'judgments.jsonl'), STUDY, stored, ITEMS);
  // PREFSTUDY_BENCH_PROFILE=<dir>: write a CPU profile of the server to that folder.
  const profileDir = process.env.PREFSTUDY_BENCH_PROFILE;
  const started = performance.now();
  const server = await spawnServer(studies, results, {}, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const startSeconds = (performance.now() - started) / 1000;
  const port = Number(new URL(server.base).port);
  try {
    await round(port, 'warm-', WARMUP_VOTES_PER_RATER);
    const serverCpu0 = processCpuMs(server.child.pid);
    const clientCpu0 = ownCpuMs();
    const r = await round(port, 'rater-', VOTES_PER_RATER);
    const serverCpu = processCpuMs(server.child.pid) - serverCpu0;
    const clientCpu = ownCpuMs() - clientCpu0;
    const spread = (xs: number[]) => ({ p50: percentile(xs, 0.5), p99: percentile(xs, 0.99), max: xs.at(-1) ?? NaN });
    return {
      stored,
      startSeconds,
      rssMb: residentMb(server.child.pid),
      votes: r.votes,
      rate: r.votes / r.seconds,
      post: spread(r.postMs),
      get: spread(r.getMs),
      serverCpuPerVote: serverCpu / r.votes,
      clientCpuPerVote: clientCpu / r.votes,
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await rm(studies, { recursive: true, force: true });
    await rm(results, { recursive: true, force: true });
  }
}

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

export default async function benchServer(): Promise<void> {
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`server: ${RATERS} concurrent raters, each GET pair (JSON) + POST vote, ${VOTES_PER_RATER} votes each after ${WARMUP_VOTES_PER_RATER} warm-up; load average before: ${load}`);
  console.log('  (votes/s is also full cycles/s; the load client shares the 2 cores with the server)');
  const all: SizeFigures[] = [];
  for (const stored of SIZES) {
    const f = await measureSize(stored);
    all.push(f);
    console.log(
      `${String(f.stored).padStart(9)} stored | start ${f.startSeconds.toFixed(2)} s, ${f.rssMb.toFixed(0)} MB | ${f.rate.toFixed(0)} votes/s | ` +
        `pair GET p50 ${f.get.p50.toFixed(1)} p99 ${f.get.p99.toFixed(1)} max ${f.get.max.toFixed(1)} ms | ` +
        `vote POST p50 ${f.post.p50.toFixed(1)} p99 ${f.post.p99.toFixed(1)} max ${f.post.max.toFixed(1)} ms | ` +
        `CPU/vote server ${f.serverCpuPerVote.toFixed(3)} ms, client ${f.clientCpuPerVote.toFixed(3)} ms`,
    );
    console.log(
      `           goals: >= 1000 votes/s ${met(f.rate >= 1000)} (${(f.rate / 1000).toFixed(2)}), pair p99 < 50 ms ${met(f.get.p99 < 50)} (${(f.get.p99 / 50).toFixed(2)}), ` +
        `vote p99 < 50 ms ${met(f.post.p99 < 50)} (${(f.post.p99 / 50).toFixed(2)})` +
        (f.stored >= 1_000_000 ? `, start-up < 5 s ${met(f.startSeconds < 5)} (${(f.startSeconds / 5).toFixed(2)})` : ''),
    );
  }
  const empty = all.find((f) => f.stored === 0);
  const million = all.find((f) => f.stored === 1_000_000);
  if (empty && million) {
    console.log(
      `ratio 1M / 0: votes/s ${(million.rate / empty.rate).toFixed(2)}, pair GET p99 ${(million.get.p99 / empty.get.p99).toFixed(2)}, ` +
        `vote POST p99 ${(million.post.p99 / empty.post.p99).toFixed(2)}, server CPU per vote ${(million.serverCpuPerVote / empty.serverCpuPerVote).toFixed(2)}`,
    );
  }
}
