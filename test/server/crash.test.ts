// Invariant 3 under SIGKILL: a burst of concurrent votes from many raters, the server killed with
// kill -9 in the middle, then restarted. Every vote that got a success response must be in the
// store, the store must load, and no task or (rater, item) may be there twice. Repeated over
// several kill points on the same results folder, so each restart also recovers the last crash.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, loadJudgmentLog } from './support.ts';
import { spawnServer, writeLargeStudy, type ChildServer } from './child-server.ts';

const STUDY = 'crash-study';
const RATERS = 24;
const KILL_AFTER_ACKS = [15, 60, 5, 120];

interface RaterSession {
  id: string;
  cookies: Map<string, string>;
  csrf?: string;
}

/** One rater voting as fast as the server lets them, until stopped or done. Returns acked tasks. */
async function voteLoop(base: string, rater: RaterSession, acked: Set<string>, onAck: () => void, stop: () => boolean): Promise<void> {
  const client = new Client(base);
  for (const [k, v] of rater.cookies) client.cookies.set(k, v);
  try {
    if (!client.cookies.has('rater')) await client.get(`/s/${STUDY}?rater=${rater.id}`);
    while (!stop()) {
      const page = await client.get(`/s/${STUDY}/task`, 'application/json');
      const body = JSON.parse(page.body) as { status: string; task?: { id: string }; csrf?: string };
      if (body.status !== 'task' || !body.task) return;
      rater.csrf = body.csrf;
      const answer = ['left', 'right', 'tie', 'both-bad'][acked.size % 4];
      const reply = await client.request('POST', `/s/${STUDY}/task`, { body: { json: { _csrf: body.csrf, task: body.task.id, answer } }, accept: 'application/json' });
      if (reply.status === 200) {
        const status = (JSON.parse(reply.body) as { status: string }).status;
        if (status === 'recorded' || status === 'duplicate') {
          acked.add(body.task.id);
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

describe('crash safety: SIGKILL during a burst of votes', () => {
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

  it(`loses no acknowledged vote over ${KILL_AFTER_ACKS.length} kill points`, async () => {
    const raters: RaterSession[] = Array.from({ length: RATERS }, (_, i) => ({ id: `crash-rater-${i}`, cookies: new Map() }));
    const acked = new Set<string>();
    const rounds: string[] = [];
    for (const killAfter of KILL_AFTER_ACKS) {
      server = await spawnServer(studies, results);
      const running = server;
      let ackedThisRound = 0;
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        running.child.kill('SIGKILL');
      };
      const loops = raters.map((r) =>
        voteLoop(running.base, r, acked, () => {
          if (++ackedThisRound >= killAfter) kill();
        }, () => killed),
      );
      await Promise.all(loops);
      kill();
      expect(await running.exited).toBe('SIGKILL');
      rounds.push(`killed after ${ackedThisRound} acks this round (${acked.size} in all)`);

      // Restart on the same results: it must load, and hold every acknowledged vote.
      server = await spawnServer(studies, results);
      const health = await new Client(server.base).get('/healthz', 'application/json');
      expect(health.status).toBe(200);
      // A returning rater (same signed cookie, secret kept in results/.secret) carries on.
      const again = new Client(server.base);
      for (const [k, v] of raters[0].cookies) again.cookies.set(k, v);
      const resumed = await again.get(`/s/${STUDY}/task`, 'application/json');
      expect(resumed.status).toBe(200);
      expect(JSON.parse(resumed.body)).toMatchObject({ status: 'task' });
      server.child.kill('SIGTERM');
      await server.exited;

      const judgments = await loadJudgmentLog(results, STUDY);
      const stored = new Set(judgments.map((j) => j.task));
      const missing = [...acked].filter((task) => !stored.has(task));
      expect(missing, `acknowledged but not stored after: ${rounds.at(-1)}`).toEqual([]);
      expect(stored.size).toBe(judgments.length);
      const raterItems = judgments.map((j) => `${j.rater}\0${j.item}`);
      expect(new Set(raterItems).size).toBe(raterItems.length);
    }
    console.log(`crash test: ${rounds.join('; ')}`);
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS.reduce((a, b) => a + b, 0));
  });
});
