// Durable votes per second and vote latency of the running server (`prefstudy serve` as a child
// process, as in production) with 50 concurrent raters on loopback. Each rater fetches its pair
// (JSON) and posts a vote; a vote is acknowledged only once it is synced to disk.
// Goals (issue 3): >= 1,000 durable votes/s, p99 < 50 ms on the 2-core machine. Printed, not asserted.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storedJudgments } from '../test/server/support.ts';
import { spawnServer, writeLargeStudy } from '../test/server/child-server.ts';

const STUDY = 'bench-study';
const RATERS = 50;
const VOTES_PER_RATER = 80;
const WARMUP_VOTES_PER_RATER = 5;

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

export default async function benchServer(): Promise<void> {
  const studies = await mkdtemp(join(tmpdir(), 'prefstudy-bench-studies-'));
  const results = await mkdtemp(join(tmpdir(), 'prefstudy-bench-results-'));
  const items = (VOTES_PER_RATER + WARMUP_VOTES_PER_RATER) * 2;
  await writeLargeStudy(studies, STUDY, items, { raterLimit: items, votesPerPair: 2 * RATERS });
  // PREFSTUDY_BENCH_PROFILE=<dir>: write a CPU profile of the server to that folder.
  const profileDir = process.env.PREFSTUDY_BENCH_PROFILE;
  const server = await spawnServer(studies, results, {}, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const port = Number(new URL(server.base).port);
  try {
    await round(port, 'warm-', WARMUP_VOTES_PER_RATER);
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const serverCpu0 = processCpuMs(server.child.pid);
    const clientCpu0 = ownCpuMs();
    const r = await round(port, 'rater-', VOTES_PER_RATER);
    const serverCpu = processCpuMs(server.child.pid) - serverCpu0;
    const clientCpu = ownCpuMs() - clientCpu0;
    const stored = (await storedJudgments(results, STUDY)).length;
    const rate = r.votes / r.seconds;
    const p50 = percentile(r.postMs, 0.5);
    const p99 = percentile(r.postMs, 0.99);
    console.log(`server: ${RATERS} concurrent raters, ${r.votes} votes in ${r.seconds.toFixed(2)} s (${stored} judgments stored in all, warm-up included)`);
    console.log(`  durable votes/s: ${rate.toFixed(0)}   goal >= 1000: ${rate >= 1000 ? 'met' : 'NOT met'} (ratio ${(rate / 1000).toFixed(2)})`);
    console.log(`  vote POST latency: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${r.postMs.at(-1)?.toFixed(1)} ms   goal p99 < 50 ms: ${p99 < 50 ? 'met' : 'NOT met'} (ratio ${(p99 / 50).toFixed(2)})`);
    console.log(`  pair GET latency:  p50 ${percentile(r.getMs, 0.5).toFixed(1)} ms, p99 ${percentile(r.getMs, 0.99).toFixed(1)} ms`);
    console.log(`  CPU per vote (GET + POST): server ${(serverCpu / r.votes).toFixed(3)} ms, load client ${(clientCpu / r.votes).toFixed(3)} ms   (load average before: ${load})`);
    console.log('  (each rater alternates GET pair + POST vote, so votes/s is also full cycles/s; the load client shares the 2 cores)');
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await rm(studies, { recursive: true, force: true });
    await rm(results, { recursive: true, force: true });
  }
}
