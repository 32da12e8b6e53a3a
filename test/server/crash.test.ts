// Invariant 3 under SIGKILL: a burst of concurrent votes from many raters, the server killed with
// kill -9 in the middle, the rater state damaged the way a power cut or an operator can damage it
// (emptied, cut off mid-line, deleted), then restarted on the same results folder. Every vote that
// got a success response must be in the store; no task or (rater, item) may be there twice; every
// rater carries on where they were: the same pending pair when its lease survived, otherwise the
// next pair at the right position, and the old pair's answer is refused as no longer open (410).
// Each round's server is the restart of the previous round, so the test starts only the servers it
// needs (cold starts are slow on a loaded machine).
import { readFile, rm, mkdtemp, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, loadJudgmentLog, storedJudgments } from './support.ts';
import { spawnServer, writeLargeStudy, type ChildServer } from './child-server.ts';

const STUDY = 'crash-study';
const RATERS = 24;
type Damage = 'none' | 'emptied' | 'truncated' | 'deleted';
const ROUNDS: Array<{ killAfter: number; damage: Damage }> = [
  { killAfter: 15, damage: 'none' },
  { killAfter: 60, damage: 'emptied' },
  { killAfter: 5, damage: 'truncated' },
  { killAfter: 120, damage: 'deleted' },
];

interface RaterSession {
  id: string;
  cookies: Map<string, string>;
  /** The last pair the rater was shown and has no acknowledgment for. */
  pending?: string;
}

interface PairReply {
  status: string;
  task?: { id: string; position: number };
  csrf?: string;
}

function clientOf(base: string, rater: RaterSession): Client {
  const client = new Client(base);
  for (const [k, v] of rater.cookies) client.cookies.set(k, v);
  return client;
}

async function fetchPair(client: Client): Promise<PairReply> {
  return JSON.parse((await client.get(`/s/${STUDY}/task`, 'application/json')).body) as PairReply;
}

/** One rater voting as fast as the server lets them, until stopped or done. */
async function voteLoop(base: string, rater: RaterSession, acked: Set<string>, onAck: () => void, stop: () => boolean): Promise<void> {
  const client = clientOf(base, rater);
  try {
    if (!client.cookies.has('rater')) await client.get(`/s/${STUDY}?rater=${rater.id}`);
    while (!stop()) {
      const body = await fetchPair(client);
      if (body.status !== 'task' || !body.task) return;
      rater.pending = body.task.id;
      const answer = ['left', 'right', 'tie', 'both-bad'][acked.size % 4];
      const reply = await client.request('POST', `/s/${STUDY}/task`, { body: { json: { _csrf: body.csrf, task: body.task.id, answer } }, accept: 'application/json' });
      if (reply.status === 200) {
        const status = (JSON.parse(reply.body) as { status: string }).status;
        if (status === 'recorded' || status === 'duplicate') {
          acked.add(body.task.id);
          rater.pending = undefined;
          onAck();
        }
      }
    }
  } catch {
    // The connection died with the server: this vote was never acknowledged.
  } finally {
    for (const [k, v] of client.cookies) rater.cookies.set(k, v);
  }
}

/** Damages the rater journal of a stopped server. */
async function damage(file: string, how: Damage): Promise<void> {
  if (how === 'emptied') await writeFile(file, '');
  if (how === 'deleted') await rm(file);
  if (how === 'truncated') {
    // Cut in the middle of a line, half-way through the file: a torn tail and every later line lost.
    const size = (await readFile(file)).length;
    await truncate(file, Math.floor(size / 2) + 7);
  }
}

describe('crash safety: SIGKILL during a burst of votes, with the rater state damaged', () => {
  let studies: string;
  let results: string;
  let server: ChildServer | undefined;
  beforeAll(async () => {
    studies = await mkdtemp(join(tmpdir(), 'prefstudy-crash-studies-'));
    results = await mkdtemp(join(tmpdir(), 'prefstudy-crash-results-'));
    await writeLargeStudy(studies, STUDY, 400, { raterLimit: 400 });
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await rm(studies, { recursive: true, force: true });
    await rm(results, { recursive: true, force: true });
  });

  it(`loses no acknowledged vote and every rater carries on, over ${ROUNDS.length} kill points`, async () => {
    const raters: RaterSession[] = Array.from({ length: RATERS }, (_, i) => ({ id: `crash-rater-${i}`, cookies: new Map() }));
    const acked = new Set<string>();
    const rounds: string[] = [];
    let previous: Damage | undefined;
    // One more start than kills: the last one only checks the recovery from the last kill.
    for (let round = 0; round <= ROUNDS.length; round++) {
      server = await spawnServer(studies, results);
      const running = server;
      expect((await new Client(running.base).get('/healthz', 'application/json')).status).toBe(200);

      if (previous !== undefined) {
        // Everyone who was shown a pair and not acknowledged comes back to the study.
        const stored = new Map((await storedJudgments(results, STUDY)).map((j) => [j.task, j]));
        const answered = (id: string) => [...stored.values()].filter((j) => j.rater === id).length;
        for (const rater of raters.filter((r) => r.pending)) {
          const pending = rater.pending as string;
          const client = clientOf(running.base, rater);
          const body = await fetchPair(client);
          expect(body.status, `${rater.id} after damage "${previous}"`).toBe('task');
          const task = body.task as { id: string; position: number };
          // Answered (the ack was lost with the process), or shown again, or (state lost) the next pair.
          if (stored.has(pending)) {
            expect(task.id).not.toBe(pending);
          } else if (previous === 'none') {
            expect(task.id, `${rater.id} resumes the same pair`).toBe(pending);
          } else if (task.id !== pending) {
            const late = await client.request('POST', `/s/${STUDY}/task`, { body: { json: { _csrf: body.csrf, task: pending, answer: 'left' } }, accept: 'application/json' });
            expect(late.status, `${rater.id} answers a pair lost with the state`).toBe(410);
          }
          expect(task.position).toBe(answered(rater.id) + 1);
          rater.pending = task.id;
        }
      }
      const step = ROUNDS[round];
      if (!step) break;
      const { killAfter, damage: how } = step;

      let ackedThisRound = 0;
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        running.child.kill('SIGKILL');
      };
      const loops = raters.map((r) => voteLoop(running.base, r, acked, () => ++ackedThisRound >= killAfter && kill(), () => killed));
      await Promise.all(loops);
      kill();
      expect(await running.exited).toBe('SIGKILL');
      await damage(join(results, STUDY, 'raters.jsonl'), how);
      previous = how;
      rounds.push(`killed after ${ackedThisRound} acks (${acked.size} in all), rater state ${how}`);

      // Through the store itself: the log must open after the crash (the dead server's lock is stale).
      const judgments = await loadJudgmentLog(results, STUDY);
      const stored = new Set(judgments.map((j) => j.task));
      const missing = [...acked].filter((task) => !stored.has(task));
      expect(missing, `acknowledged but not stored after: ${rounds.at(-1)}`).toEqual([]);
      expect(stored.size).toBe(judgments.length);
      const raterItems = judgments.map((j) => `${j.rater}\0${j.item}`);
      expect(new Set(raterItems).size).toBe(raterItems.length);
    }
    server?.child.kill('SIGTERM');
    await server?.exited;
    console.log(`crash test: ${rounds.join('; ')}`);
    expect(acked.size).toBeGreaterThanOrEqual(ROUNDS.reduce((sum, r) => sum + r.killAfter, 0));
  }, 240_000);
});
