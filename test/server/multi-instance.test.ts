// Several `prefstudy serve` instances on one PostgreSQL database (issue 11, "How to check"): child
// processes on ports of their own, one fresh schema, one studies folder, a results folder each and
// no PREFSTUDY_SECRET (so the cookie secret they share is the database's). 50 raters vote as fast
// as the servers let them, each request of a rater going to any instance with the rater's cookie.
// The study must fill to exactly its target, checked from the database: every (item, pair) slot has
// its votes, no task is stored twice, no rater judged an item twice, every acknowledged vote is
// stored, and every instance reports the study complete. With four instances, raters also ask for
// their next pair on two instances at once (the same pair, twice), answer on two at once (one
// "recorded", one "duplicate") and replay an answer on another instance ("duplicate").
// Then one instance is killed with kill -9 in the middle of the burst, just after it acknowledged a
// vote: of the raters looking at a pair it showed, half walk away (their leases must run out, and
// their slots go to others after that) and half answer it on another instance; raters whose request
// it never answered carry on with the others; the study still fills to exactly its target.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import seedrandom from 'seedrandom';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildPlan } from '../../src/assign/plan.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import { loadStudy } from '../../src/study/load.ts';
import type { Study } from '../../src/study/schema.ts';
import { describeWithPostgres, testDatabase, type TestDatabase } from '../support/postgres.ts';
import { spawnInstances, stopServer, writeLargeStudy, type ChildServer } from './child-server.ts';
import { Client, type Reply } from './support.ts';

const ITEMS = 60;
const VOTES_PER_PAIR = 3;
const RATER_LIMIT = 10;
const RATERS = 50;
/** The shortest lease a study may have: the kill test waits this out. */
const LEASE_SECONDS = 10;
const ADMIN_TOKEN = 'child-admin-token';
/** How long a rater told "done" waits before asking again while the study is not yet full. */
const DONE_RETRY_MS = 400;

interface Instance {
  index: number;
  server: ChildServer;
  alive: boolean;
  /** Requests sent to it and not yet answered. */
  inFlight: number;
}

interface Rater {
  id: string;
  cookies: Map<string, string>;
  /** The pair the rater was shown and has no acknowledgment for, and which instance showed it. */
  pending?: { task: string; csrf: string; from: number };
  /** Looking at the pending pair (its answer not sent yet). */
  thinking: boolean;
  /** Requests sent, and answers posted. */
  step: number;
  answers: number;
  quit: boolean;
}

/** What the raters saw, to be checked against the database. */
interface Observed {
  /** Task -> rater, for every vote answered "recorded" or "duplicate". */
  acked: Map<string, string>;
  /** Tasks answered "recorded" (a second "recorded" for one task is a vote counted twice). */
  recorded: Set<string>;
  recordedTwice: string[];
  /** Anything a live instance answered that a well-behaved rater should never see. */
  errors: string[];
  replays: number;
  races: number;
  /** Pairs asked of two instances at once. */
  tabs: number;
  /** Votes each instance answered "recorded". */
  recordedBy: Map<number, number>;
  /** Raters a request of whom went unanswered because its instance was killed. */
  cutOff: Set<string>;
}

function observed(): Observed {
  return { acked: new Map(), recorded: new Set(), recordedTwice: [], errors: [], replays: 0, races: 0, tabs: 0, recordedBy: new Map(), cutOff: new Set() };
}

interface Burst {
  study: string;
  instances: Instance[];
  /** Which live instance serves a rater's next request. */
  pick(rater: Rater): Instance;
  seen: Observed;
  /** True once the database holds the study's target. */
  full(): boolean;
  deadline: number;
  /** Told after each acknowledgment and each pair shown, with the instance that answered. */
  onProgress?: (instance: Instance, event: 'ack' | 'pair') => void;
  /** Checked before each request: the rater walks away (their open pair is abandoned). */
  walksAway?: (rater: Rater) => boolean;
  /**
   * Cross-instance checks: every second pair a rater asks for is asked of two instances at once,
   * and every second answer also goes to another instance (at once, or after its acknowledgment).
   */
  replays?: boolean;
  /** How long a rater looks at a pair before answering (half to one and a half times this). */
  thinkMs?: (rater: Rater) => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function send(instance: Instance, rater: Rater, method: string, path: string, json?: unknown): Promise<Reply> {
  const client = new Client(instance.server.base);
  for (const [k, v] of rater.cookies) client.cookies.set(k, v);
  instance.inFlight++;
  try {
    const reply = await client.request(method, path, { accept: 'application/json', ...(json !== undefined ? { body: { json } } : {}) });
    for (const [k, v] of client.cookies) rater.cookies.set(k, v);
    return reply;
  } finally {
    instance.inFlight--;
  }
}

function parse(reply: Reply): { status?: string; task?: { id: string; position: number }; csrf?: string } {
  try {
    return JSON.parse(reply.body) as { status?: string };
  } catch {
    return {};
  }
}

/** Another live instance than `not`, if there is one. */
function other(burst: Burst, not: number): Instance | undefined {
  const live = burst.instances.filter((i) => i.alive && i.index !== not);
  return live[Math.floor(Math.random() * live.length)];
}

/** The answer `rater` gives to `task`, posted to `instance`: 'recorded' | 'duplicate' | other statuses as text. */
async function post(burst: Burst, instance: Instance, rater: Rater, pending: { task: string; csrf: string }): Promise<string> {
  const answer = ['left', 'right', 'tie', 'both-bad'][rater.step % 4];
  const reply = await send(instance, rater, 'POST', `/s/${burst.study}/task`, { _csrf: pending.csrf, task: pending.task, answer });
  if (reply.status === 200) return parse(reply).status ?? `200 ${reply.body}`;
  return `${reply.status} ${reply.body.slice(0, 200)}`;
}

function noteAck(burst: Burst, instance: Instance, rater: Rater, task: string, status: string): void {
  const { seen } = burst;
  if (status === 'recorded') {
    if (seen.recorded.has(task)) seen.recordedTwice.push(task);
    seen.recorded.add(task);
    seen.recordedBy.set(instance.index, (seen.recordedBy.get(instance.index) ?? 0) + 1);
  }
  if (!seen.acked.has(task)) {
    seen.acked.set(task, rater.id);
    burst.onProgress?.(instance, 'ack');
  }
}

/**
 * A vote of the same task on two instances at once (a double click that two instances serve):
 * exactly one records it. Or the answer replayed on another instance after its acknowledgment.
 */
async function crossInstanceAnswer(burst: Burst, instance: Instance, rater: Rater, pending: { task: string; csrf: string }): Promise<void> {
  const second = other(burst, instance.index);
  if (!second) return;
  if (rater.answers % 4 === 2) {
    const [a, b] = await Promise.all([post(burst, instance, rater, pending), post(burst, second, rater, pending)]);
    burst.seen.races++;
    const statuses = [a, b].sort().join(',');
    if (statuses !== 'duplicate,recorded') burst.seen.errors.push(`${rater.id}: one task answered on two instances at once gave ${statuses}`);
    if (a === 'recorded' || a === 'duplicate') noteAck(burst, instance, rater, pending.task, a);
    if (b === 'recorded' || b === 'duplicate') noteAck(burst, second, rater, pending.task, b);
  } else {
    const status = await post(burst, instance, rater, pending);
    if (status !== 'recorded') {
      burst.seen.errors.push(`${rater.id}: answer gave ${status}`);
      return;
    }
    noteAck(burst, instance, rater, pending.task, status);
    burst.seen.replays++;
    const again = await post(burst, second, rater, pending);
    if (again !== 'duplicate') burst.seen.errors.push(`${rater.id}: an answer replayed on another instance gave ${again}`);
  }
}

/**
 * The rater's next pair asked of two instances at once (two tabs, each reaching another instance):
 * both show the same pair, or both say done.
 */
async function twoTabs(burst: Burst, instance: Instance, rater: Rater): Promise<Reply> {
  const second = other(burst, instance.index);
  const path = `/s/${burst.study}/task`;
  if (!second) return send(instance, rater, 'GET', path);
  const [a, b] = await Promise.all([send(instance, rater, 'GET', path), send(second, rater, 'GET', path)]);
  burst.seen.tabs++;
  const [x, y] = [parse(a), parse(b)];
  const same = a.status === 200 && b.status === 200 && x.status === y.status && x.task?.id === y.task?.id && x.task?.position === y.task?.position;
  if (!same) burst.seen.errors.push(`${rater.id}: two tabs on two instances were shown ${a.status} ${a.body.slice(0, 120)} and ${b.status} ${b.body.slice(0, 120)}`);
  return a;
}

/**
 * One rater voting as fast as the instances let them, each request to the instance `pick` names,
 * until the study is full. Told "done" before it is, the rater asks again a little later (the last
 * open places may be held by leases still running, e.g. a killed instance's).
 */
async function raterLoop(burst: Burst, rater: Rater): Promise<void> {
  const { seen } = burst;
  let entered = false;
  while (!rater.quit) {
    if (Date.now() > burst.deadline) {
      seen.errors.push(`${rater.id}: still voting at the deadline`);
      return;
    }
    if (burst.walksAway?.(rater)) {
      rater.quit = true;
      return;
    }
    const instance = burst.pick(rater);
    rater.step++;
    try {
      if (!entered) {
        const reply = await send(instance, rater, 'GET', `/s/${burst.study}?rater=${rater.id}`);
        if (reply.status !== 200) seen.errors.push(`${rater.id}: study link answered ${reply.status}`);
        entered = true;
        continue;
      }
      if (!rater.pending) {
        const reply = burst.replays && rater.answers % 2 === 1 ? await twoTabs(burst, instance, rater) : await send(instance, rater, 'GET', `/s/${burst.study}/task`);
        const body = parse(reply);
        if (reply.status === 200 && body.status === 'task' && body.task && body.csrf) {
          rater.pending = { task: body.task.id, csrf: body.csrf, from: instance.index };
          rater.thinking = true;
          burst.onProgress?.(instance, 'pair');
          const think = burst.thinkMs?.(rater) ?? 0;
          if (think > 0) await sleep(think * (0.5 + Math.random()));
        } else if (reply.status === 200 && body.status === 'done') {
          if (burst.full()) return;
          await sleep(DONE_RETRY_MS * (0.5 + Math.random()));
        } else {
          seen.errors.push(`${rater.id}: task fetch from instance ${instance.index} answered ${reply.status} ${reply.body.slice(0, 200)}`);
          await sleep(DONE_RETRY_MS);
        }
        continue;
      }
      const pending = rater.pending;
      rater.thinking = false;
      rater.answers++;
      if (burst.replays && rater.answers % 2 === 0) {
        await crossInstanceAnswer(burst, instance, rater, pending);
        rater.pending = undefined;
        continue;
      }
      const status = await post(burst, instance, rater, pending);
      if (status === 'recorded' || status === 'duplicate') {
        noteAck(burst, instance, rater, pending.task, status);
        rater.pending = undefined;
      } else {
        seen.errors.push(`${rater.id}: answer to instance ${instance.index} gave ${status}`);
        rater.pending = undefined;
      }
    } catch (error) {
      // No answer: only a killed instance may fail to answer. The rater tries again elsewhere (a
      // vote may have been stored without its acknowledgment: the retry then says "duplicate").
      if (instance.alive) seen.errors.push(`${rater.id}: live instance ${instance.index} did not answer: ${(error as Error).message}`);
      else seen.cutOff.add(rater.id);
    }
  }
}

interface StoredStudy {
  judgments: Judgment[];
  slots: Array<{ item: string; a: string; b: string; taken: number; a_left: number; a_right: number; active: boolean }>;
  leases: Array<{ task: string; rater: string; item: string; slot_a: string | null; slot_b: string | null; expires_at: string }>;
}

async function readStudy(db: pg.Client, study: string): Promise<StoredStudy> {
  const judgments = (await db.query<{ record: string }>('SELECT record FROM judgments WHERE study = $1 ORDER BY seq', [study])).rows.map(
    (r) => JSON.parse(r.record) as Judgment,
  );
  const slots = (await db.query('SELECT item, a, b, taken, a_left, a_right, active FROM slots WHERE study = $1', [study])).rows;
  const leases = (await db.query('SELECT task, rater, item, slot_a, slot_b, expires_at FROM leases WHERE study = $1', [study])).rows;
  return { judgments, slots, leases } as StoredStudy;
}

/** The study's stored state against its plan and against what the raters were told. */
async function expectFilledExactly(db: pg.Client, study: Study, seen: Observed): Promise<StoredStudy> {
  const stored = await readStudy(db, study.id);
  const { judgments } = stored;
  const plan = buildPlan(study);

  // Every (item, pair) slot has exactly its target; no vote lands outside the plan.
  const perSlot = new Map<number, number>();
  const stray: string[] = [];
  for (const j of judgments) {
    const found = plan.slotOf(j.item, j.left, j.right);
    if (!found) stray.push(j.task);
    else perSlot.set(found.slot.index, (perSlot.get(found.slot.index) ?? 0) + 1);
  }
  expect(stray, 'judgments outside the plan').toEqual([]);
  const wrong = plan.slots.filter((s) => perSlot.get(s.index) !== plan.target).map((s) => `${s.item} ${s.a}/${s.b}: ${perSlot.get(s.index) ?? 0}`);
  expect(wrong, `slots without exactly ${plan.target} votes`).toEqual([]);
  expect(judgments.length).toBe(plan.slots.length * plan.target);

  // No task twice; no rater with an item twice; each rater's positions 1..n, within the limit.
  expect(new Set(judgments.map((j) => j.task)).size, 'a task stored twice').toBe(judgments.length);
  const raterItems = judgments.map((j) => `${j.rater} ${j.item}`);
  expect(raterItems.length - new Set(raterItems).size, 'a rater judged an item twice').toBe(0);
  const byRater = new Map<string, number[]>();
  for (const j of judgments) byRater.set(j.rater, [...(byRater.get(j.rater) ?? []), j.position ?? 0]);
  for (const [rater, positions] of byRater) {
    expect(positions.length, `${rater}'s votes`).toBeLessThanOrEqual(study.raterLimit);
    expect([...positions].sort((a, b) => a - b), `${rater}'s positions`).toEqual(positions.map((_, i) => i + 1));
  }

  // Every acknowledged vote is stored, as the rater who was told so.
  const byTask = new Map(judgments.map((j) => [j.task, j]));
  const lost = [...seen.acked].filter(([task, rater]) => byTask.get(task)?.rater !== rater).map(([task]) => task);
  expect(lost, 'acknowledged votes not stored').toEqual([]);
  expect(seen.recordedTwice, 'tasks answered "recorded" twice').toEqual([]);

  // The board's own counts agree: every slot taken exactly target times (votes, no leases left).
  expect(stored.slots.filter((s) => s.active)).toHaveLength(plan.slots.length);
  const badCounts = stored.slots.filter((s) => s.taken !== plan.target || s.a_left + s.a_right !== s.taken);
  expect(badCounts, 'slot counts').toEqual([]);
  expect(stored.leases, 'leases left once the study is full').toEqual([]);
  return stored;
}

/** Every live instance reports the study complete, read through its own store. */
async function expectProgressEverywhere(instances: Instance[], studyId: string, target: number): Promise<void> {
  for (const instance of instances.filter((i) => i.alive)) {
    const res = await fetch(`${instance.server.base}/admin/studies/${studyId}/progress`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, accept: 'application/json' } });
    expect(res.status).toBe(200);
    const progress = (await res.json()) as { votes: number; target: number; judgments: number };
    expect(progress, `instance ${instance.index}'s progress`).toMatchObject({ votes: target, target, judgments: target });
  }
}

/** Polls the judgment count until it reaches `target` (or the burst ends). */
function watchFill(db: pg.Client, study: string, target: number): { full: () => boolean; stop: () => void } {
  let full = false;
  let stopped = false;
  void (async () => {
    while (!stopped && !full) {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM judgments WHERE study = $1', [study]);
      if (rows[0].n >= target) full = true;
      else await sleep(200);
    }
  })().catch(() => undefined);
  return { full: () => full, stop: () => (stopped = true) };
}

function makeRaters(prefix: string): Rater[] {
  return Array.from({ length: RATERS }, (_, i) => ({ id: `${prefix}-${i}`, cookies: new Map(), step: 0, answers: 0, thinking: false, quit: false }));
}

describeWithPostgres('several server instances on one PostgreSQL database', () => {
  let studies: string;
  let results: string;
  let database: TestDatabase;
  let db: pg.Client;
  const running: ChildServer[] = [];
  const STUDIES = { two: 'multi-two', four: 'multi-four', kill: 'multi-kill' };

  beforeAll(async () => {
    studies = await mkdtemp(join(tmpdir(), 'prefstudy-multi-studies-'));
    results = await mkdtemp(join(tmpdir(), 'prefstudy-multi-results-'));
    await writeLargeStudy(studies, STUDIES.two, ITEMS, { raterLimit: RATER_LIMIT, votesPerPair: VOTES_PER_PAIR });
    await writeLargeStudy(studies, STUDIES.four, ITEMS, { raterLimit: RATER_LIMIT, votesPerPair: VOTES_PER_PAIR });
    await writeLargeStudy(studies, STUDIES.kill, ITEMS, { raterLimit: RATER_LIMIT, votesPerPair: VOTES_PER_PAIR, leaseSeconds: LEASE_SECONDS });
    database = await testDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => stopServer(s)));
  });

  afterAll(async () => {
    await Promise.all(running.splice(0).map((s) => stopServer(s, 'SIGKILL')));
    await db?.end();
    await database?.drop();
    await rm(studies, { recursive: true, force: true });
    await rm(results, { recursive: true, force: true });
  });

  async function start(count: number, name: string): Promise<Instance[]> {
    const servers = await spawnInstances(count, studies, join(results, name), database.url, { PREFSTUDY_ADMIN_TOKEN: ADMIN_TOKEN });
    running.push(...servers);
    return servers.map((server, index) => ({ index, server, alive: true, inFlight: 0 }));
  }

  for (const { count, studyId, routing } of [
    { count: 2, studyId: STUDIES.two, routing: 'round-robin' as const },
    { count: 4, studyId: STUDIES.four, routing: 'random' as const },
  ]) {
    it(`${count} instances (${routing} requests per rater) fill a study to exactly its target`, async () => {
      const study = await loadStudy(join(studies, studyId));
      const target = buildPlan(study).slots.length * VOTES_PER_PAIR;
      const instances = await start(count, studyId);
      const random = seedrandom(`multi-${count}`);
      const watch = watchFill(db, studyId, target);
      const seen = observed();
      const began = Date.now();
      const burst: Burst = {
        study: studyId,
        instances,
        pick: (rater) => (routing === 'random' ? instances[Math.floor(random() * count)] : instances[(rater.step + Number(rater.id.split('-').pop())) % count]),
        seen,
        full: watch.full,
        deadline: Date.now() + 45_000,
        // Four instances: some answers also go to two instances at once, or again to another.
        replays: count === 4,
      };
      try {
        await Promise.all(makeRaters(`${studyId}-rater`).map((r) => raterLoop(burst, r)));
      } finally {
        watch.stop();
      }
      expect(seen.errors).toEqual([]);
      const stored = await expectFilledExactly(db, study, seen);
      // Nobody was cut off here: every stored vote was acknowledged, and "recorded" exactly once.
      expect([...seen.recorded].sort()).toEqual(stored.judgments.map((j) => j.task).sort());
      expect(seen.acked.size).toBe(target);
      if (burst.replays) {
        expect(seen.tabs).toBeGreaterThan(0);
        expect(seen.races).toBeGreaterThan(0);
        expect(seen.replays).toBeGreaterThan(0);
      }
      // The raters really were spread: every instance recorded votes.
      expect([...seen.recordedBy.keys()].sort()).toEqual(instances.map((i) => i.index));
      await expectProgressEverywhere(instances, studyId, target);
      console.log(
        `${count} instances: ${target} votes from ${new Set(stored.judgments.map((j) => j.rater)).size} raters in ${Date.now() - began} ms` +
          (burst.replays ? ` (${seen.tabs} pairs asked of two instances at once, ${seen.races} answers raced on two, ${seen.replays} replayed on another)` : ''),
      );
    }, 90_000);
  }

  it('kill -9 of one instance mid-burst: no acknowledged vote lost, its leases run out and the others fill the study exactly', async () => {
    const studyId = STUDIES.kill;
    const study = await loadStudy(join(studies, studyId));
    expect(study.leaseSeconds).toBe(LEASE_SECONDS);
    const plan = buildPlan(study);
    const target = plan.slots.length * VOTES_PER_PAIR;
    const killAfter = Math.floor(target / 3);
    /** The victim dies once raters are looking at this many pairs it showed. */
    const killWhenHeld = 2;
    const instances = await start(3, studyId);
    const victim = instances[1];
    const watch = watchFill(db, studyId, target);
    const seen = observed();
    const raters = makeRaters(`${studyId}-rater`);
    /** Of the raters looking at a pair the victim showed when it died, every other one walks away with it; the rest answer it elsewhere. */
    const walkers = new Set<Rater>();
    const walker = (rater: Rater) => walkers.has(rater);
    const began = Date.now();
    let killedAt = 0;
    let ackedAtKill = 0;
    let inFlightAtKill = 0;
    let lastAck: string | undefined;
    /** The pairs the victim showed that were open (unacknowledged) when it died, and whose they were. */
    let heldAtKill: Array<{ rater: Rater; task: string }> = [];
    let killed: () => void = () => {};
    const victimKilled = new Promise<void>((resolve) => (killed = resolve));
    const kill = () => {
      if (!victim.alive) return;
      victim.alive = false;
      killed();
      killedAt = Date.now();
      ackedAtKill = seen.acked.size;
      lastAck = [...seen.acked.keys()].at(-1);
      inFlightAtKill = victim.inFlight;
      heldAtKill = raters.flatMap((r) => (r.pending?.from === victim.index ? [{ rater: r, task: r.pending.task }] : []));
      // Those not yet answering it, so that each walker really leaves a lease behind.
      heldAtKill
        .filter(({ rater }) => rater.thinking)
        .forEach(({ rater }, i) => i % 2 === 0 && walkers.add(rater));
      victim.server.child.kill('SIGKILL');
    };
    const burst: Burst = {
      study: studyId,
      instances,
      // Round robin over the instances still up: a rater whose request reached the dead one carries on elsewhere.
      pick: (rater) => {
        const live = instances.filter((i) => i.alive);
        return live[(rater.step + Number(rater.id.split('-').pop())) % live.length];
      },
      seen,
      full: watch.full,
      deadline: Date.now() + 60_000,
      // Even-numbered raters read a pair before answering (when the instance dies, some are looking at
      // one it showed); the others answer at once, keeping requests in the instances' hands.
      thinkMs: (rater) => (Number(rater.id.split('-').pop()) % 2 === 0 ? 600 : 0),
      // Right after the victim acknowledged a vote: that vote must be stored all the same.
      onProgress: (instance, event) => {
        if (event !== 'ack' || instance !== victim || seen.acked.size < killAfter) return;
        const looking = raters.filter((r) => r.thinking && r.pending?.from === victim.index).length;
        if (looking >= killWhenHeld) kill();
      },
      walksAway: (rater) => walker(rater),
    };
    const loops = raters.map((r) => raterLoop(burst, r));
    const loopOf = new Map(raters.map((r, i) => [r, loops[i]]));
    const allDone = Promise.allSettled(loops);

    // Once every walker holding a pair the victim showed has walked away (a walker's loop ends when it
    // does: it only walks at the top of its loop, after looking at the pair): the leases they
    // abandoned, still in the database.
    const abandoned = (async () => {
      await Promise.race([victimKilled, allDone]);
      const walking = heldAtKill.filter(({ rater }) => walker(rater));
      await Promise.allSettled(walking.map(({ rater }) => loopOf.get(rater)));
      const tasks = new Set(walking.filter(({ rater }) => rater.quit).map(({ task }) => task));
      return (await readStudy(db, studyId)).leases.filter((l) => tasks.has(l.task));
    })();

    try {
      await Promise.all(loops);
    } finally {
      watch.stop();
    }
    const stuck = await abandoned;
    expect(victim.alive, 'the victim was killed').toBe(false);
    expect(await victim.server.exited).toBe('SIGKILL');
    expect(seen.recordedBy.get(victim.index), 'votes the victim recorded before it died').toBeGreaterThan(0);
    expect(seen.errors).toEqual([]);
    const stored = await expectFilledExactly(db, study, seen);
    const byTask = new Map(stored.judgments.map((j) => [j.task, j]));
    expect(lastAck && byTask.has(lastAck), 'the vote the victim acknowledged just before it died').toBe(true);

    // The dead instance's abandoned leases were never answered, ran out, and their places went to
    // others after that: each such slot has a vote shown at or after the lease's expiry (before it,
    // the slot held at most target - 1 other votes besides the lease).
    expect(walkers.size, 'raters who walked away with a pair the killed instance showed').toBeGreaterThanOrEqual(killWhenHeld / 2);
    expect(stuck.length, 'their leases, left in the database').toBe(walkers.size);
    for (const lease of stuck) {
      expect(byTask.has(lease.task), `abandoned lease ${lease.task} answered`).toBe(false);
      const slot = plan.slotOf(lease.item, lease.slot_a ?? '', lease.slot_b ?? '');
      expect(slot, `abandoned lease ${lease.task}'s slot`).toBeDefined();
      const later = stored.judgments.filter(
        (j) => plan.slotOf(j.item, j.left, j.right)?.slot.index === slot?.slot.index && Date.parse(j.shownAt ?? '') >= Number(lease.expires_at),
      );
      expect(later.length, `a vote on ${lease.item} after the abandoned lease ran out`).toBeGreaterThan(0);
    }
    // Raters whose open pair the dead instance showed and who stayed answered it on another instance.
    const stayers = heldAtKill.filter(({ rater }) => !walker(rater));
    expect(stayers.length, 'raters left holding a pair the killed instance showed').toBeGreaterThan(0);
    for (const { rater, task } of stayers) {
      expect(byTask.get(task)?.rater, `${rater.id}'s pair from the killed instance, answered elsewhere`).toBe(rater.id);
      expect(seen.acked.get(task)).toBe(rater.id);
    }
    // Raters with a request in flight to the dead instance (no answer) carried on with the others.
    const cutOff = [...seen.cutOff].filter((id) => !raters.find((r) => r.id === id)?.quit);
    const carriedOn = cutOff.filter((id) => stored.judgments.some((j) => j.rater === id && Date.parse(j.answeredAt ?? '') > killedAt));
    await expectProgressEverywhere(instances, studyId, target);
    console.log(
      `kill test: instance 1 killed after ${ackedAtKill} acks with ${inFlightAtKill} requests in flight, holding ${heldAtKill.length} open pairs: ${stuck.length} abandoned (lease run out), ` +
        `${stayers.length} answered on the others; ${cutOff.length} raters had a request cut off (${carriedOn.length} voted again after); ` +
        `${target} votes (${seen.acked.size} acknowledged) in ${Date.now() - began} ms, full ${Date.now() - killedAt} ms after the kill`,
    );
  }, 90_000);
});
