// The load of 50 raters against `prefstudy serve`, shared by the server benchmarks: a lean
// HTTP/1.1 client per rater, each rater fetching a pair (JSON) and posting a vote in a loop, with
// the latency of both requests; and the CPU time and memory of a process from /proc.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { quantileSorted } from '../src/stats/quantile.ts';

export const RATERS = 50;

const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux; 0 elsewhere). */
export function processCpuMs(pid: number | undefined): number {
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
export function residentMb(pid: number | undefined): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
    return Number(line.replace(/\D+/g, '')) / 1024;
  } catch {
    return 0;
  }
}

export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The q-quantile (R-7, as everywhere: src/stats/quantile.ts) of ascending latencies. */
export function percentile(sorted: number[], q: number): number {
  return quantileSorted(sorted, q);
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

async function rater(port: number, study: string, id: string, votes: number, postMs: number[], getMs: number[]): Promise<number> {
  const client = new LeanClient(port);
  try {
    const landing = await client.request('GET', `/s/${study}?rater=${id}`);
    if (landing.status !== 200) throw new Error(`landing answered ${landing.status}`);
    let done = 0;
    while (done < votes) {
      const t0 = performance.now();
      const page = await client.request('GET', `/s/${study}/task`);
      const t1 = performance.now();
      const body = JSON.parse(page.body) as { status: string; task?: { id: string }; csrf?: string };
      if (body.status !== 'task' || !body.task) break;
      const reply = await client.request('POST', `/s/${study}/task`, { _csrf: body.csrf, task: body.task.id, answer: done % 3 ? 'left' : 'right' });
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

export interface Round {
  votes: number;
  seconds: number;
  postMs: number[];
  getMs: number[];
}

/** 50 raters at once, rater i on ports[i % ports.length], each casting up to `votes` votes. */
export async function round(ports: number[], study: string, prefix: string, votes: number): Promise<Round> {
  const postMs: number[] = [];
  const getMs: number[] = [];
  const start = performance.now();
  const counts = await Promise.all(Array.from({ length: RATERS }, (_, i) => rater(ports[i % ports.length], study, `${prefix}${i}`, votes, postMs, getMs)));
  const seconds = (performance.now() - start) / 1000;
  return { votes: counts.reduce((a, b) => a + b, 0), seconds, postMs: postMs.sort((a, b) => a - b), getMs: getMs.sort((a, b) => a - b) };
}

