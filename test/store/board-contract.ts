// The TaskBoard contract (src/store/types.ts), as one suite that every backend must pass: the
// embedded files and PostgreSQL run the same tests (board.embedded.test.ts, board.postgres.test.ts).
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/assign/plan.ts';
import { isCheckPosition } from '../../src/assign/check-positions.ts';
import { JUDGMENT_VERSION, type Judgment } from '../../src/judgments/record.ts';
import type { Study } from '../../src/study/schema.ts';
import type { Lease, TaskBoard } from '../../src/store/types.ts';
import { makeStudy } from '../rating/fixture.ts';

/** A fresh, empty place to keep studies (a folder, a database schema). */
export interface Place {
  open(study: Study, now: () => Date): Promise<TaskBoard>;
  dispose(): Promise<void>;
}

export interface Backend {
  name: string;
  place(): Promise<Place>;
}

const T0 = Date.parse('2026-03-01T12:00:00Z');

function answerOf(lease: Lease, choice: Judgment['choice'] = 'left', at = new Date(T0)): Judgment {
  return {
    v: JUDGMENT_VERSION,
    study: 'fixture-study',
    task: lease.task,
    rater: lease.rater,
    item: lease.item,
    left: lease.left,
    right: lease.right,
    choice,
    ...(lease.check ? { attention: { expected: lease.check.expected, passed: choice === lease.check.expected } } : {}),
    shownAt: lease.shownAt,
    answeredAt: at.toISOString(),
    position: lease.position,
    source: 'server',
  };
}

async function collect(board: TaskBoard): Promise<Judgment[]> {
  const all: Judgment[] = [];
  for await (const j of board.judgments()) all.push(j);
  return all;
}

interface Harness {
  board: TaskBoard;
  clock: { now: number };
  reopen(): Promise<TaskBoard>;
}

export function boardContract(backend: Backend): void {
  async function withBoard(study: Study, test: (h: Harness) => Promise<void>): Promise<void> {
    const place = await backend.place();
    const clock = { now: T0 };
    const now = () => new Date(clock.now);
    const h: Harness = {
      board: await place.open(study, now),
      clock,
      reopen: async () => {
        await h.board.close();
        h.board = await place.open(study, now);
        return h.board;
      },
    };
    try {
      await test(h);
    } finally {
      await h.board.close();
      await place.dispose();
    }
  }

  /** Every rater takes and answers until the board has nothing more for anyone. */
  async function fill(h: Harness, raters: string[], choice: (lease: Lease) => Judgment['choice'] = () => 'left'): Promise<Lease[]> {
    const leases: Lease[] = [];
    for (const id of raters) await h.board.enter({ id }, new Date(h.clock.now));
    const active = new Set(raters);
    while (active.size > 0) {
      for (const id of [...active]) {
        const taken = await h.board.take(id, new Date(h.clock.now));
        if (!taken) {
          active.delete(id);
          continue;
        }
        leases.push(taken.lease);
        expect(await h.board.answer(taken.lease, answerOf(taken.lease, choice(taken.lease)), new Date(h.clock.now))).toBe('written');
      }
    }
    return leases;
  }

  describe(`TaskBoard contract: ${backend.name}`, () => {
    it('creates a rater once, adds Prolific ids that came later, keeps the first time of each step', async () => {
      await withBoard(makeStudy(), async (h) => {
        expect(await h.board.rater('p1')).toBeUndefined();
        const first = await h.board.enter({ id: 'p1' }, new Date(T0));
        expect(first).toEqual({ record: { id: 'p1', createdAt: new Date(T0).toISOString() }, answered: 0, attentionFailures: 0 });
        const prolific = { pid: 'p1', studyId: 'S', sessionId: 'X' };
        const again = await h.board.enter({ id: 'p1', prolific }, new Date(T0 + 5_000));
        expect(again.record).toEqual({ id: 'p1', prolific, createdAt: new Date(T0).toISOString() });
        await h.board.mark('p1', 'consentedAt', new Date(T0 + 1_000));
        await h.board.mark('p1', 'consentedAt', new Date(T0 + 9_000));
        expect((await h.board.rater('p1'))?.record.consentedAt).toBe(new Date(T0 + 1_000).toISOString());
        expect((await h.reopen().then((b) => b.rater('p1')))?.record).toEqual({ id: 'p1', prolific, createdAt: new Date(T0).toISOString(), consentedAt: new Date(T0 + 1_000).toISOString() });
      });
    });

    it('hands a rater the same open task until it is answered, also after a restart', async () => {
      await withBoard(makeStudy({ raterLimit: 4 }), async (h) => {
        await h.board.enter({ id: 'r' }, new Date(T0));
        const first = await h.board.take('r', new Date(T0));
        expect(first?.lease).toMatchObject({ rater: 'r', position: 1, expiresAt: T0 + 900_000 });
        expect(first?.total).toBe(4);
        expect((await h.board.take('r', new Date(T0 + 1_000)))?.lease).toEqual(first?.lease);
        const reopened = await h.reopen();
        expect((await reopened.take('r', new Date(T0 + 2_000)))?.lease).toEqual(first?.lease);
        expect(await reopened.leaseOf(first?.lease.task ?? '')).toEqual(first?.lease);
        expect(await reopened.answer(first!.lease, answerOf(first!.lease), new Date(T0 + 3_000))).toBe('written');
        const second = await reopened.take('r', new Date(T0 + 3_000));
        expect(second?.lease.position).toBe(2);
        expect(second?.lease.item).not.toBe(first?.lease.item);
        expect((await reopened.rater('r'))?.answered).toBe(1);
      });
    });

    it('records an answer once: a second answer to the task is a duplicate and writes nothing', async () => {
      await withBoard(makeStudy(), async (h) => {
        await h.board.enter({ id: 'r' }, new Date(T0));
        const { lease } = (await h.board.take('r', new Date(T0)))!;
        const results = await Promise.all([
          h.board.answer(lease, answerOf(lease, 'left'), new Date(T0)),
          h.board.answer(lease, answerOf(lease, 'tie'), new Date(T0)),
        ]);
        expect(results.sort()).toEqual(['duplicate', 'written']);
        expect(await h.board.answer(lease, answerOf(lease, 'right'), new Date(T0))).toBe('duplicate');
        expect(await h.board.leaseOf(lease.task)).toBeUndefined();
        expect((await h.board.judgmentOf(lease.task))?.task).toBe(lease.task);
        expect(await h.board.judgmentCount()).toBe(1);
      });
    });

    it('gives an expired lease back to the pool; its late answer is gone and records nothing', async () => {
      const study = makeStudy({ items: 1, systems: ['a', 'b'], votesPerPair: 1, extra: { leaseSeconds: 60 } });
      await withBoard(study, async (h) => {
        await h.board.enter({ id: 'slow' }, new Date(T0));
        await h.board.enter({ id: 'other' }, new Date(T0));
        const { lease } = (await h.board.take('slow', new Date(T0)))!;
        // The only slot is leased: nothing for the other rater now.
        expect(await h.board.take('other', new Date(T0 + 1_000))).toBeUndefined();
        const later = T0 + 61_000;
        const reassigned = await h.board.take('other', new Date(later));
        expect(reassigned?.lease.item).toBe(lease.item);
        expect(await h.board.answer(lease, answerOf(lease), new Date(later))).toBe('gone');
        expect(await h.board.judgmentCount()).toBe(0);
        expect(await h.board.answer(reassigned!.lease, answerOf(reassigned!.lease), new Date(later))).toBe('written');
      });
    });

    it('never leases a slot beyond its target, also to raters arriving at the same moment', async () => {
      await withBoard(makeStudy({ items: 1, systems: ['a', 'b'], votesPerPair: 3 }), async (h) => {
        const ids = Array.from({ length: 10 }, (_, i) => `r${i}`);
        await Promise.all(ids.map((id) => h.board.enter({ id }, new Date(T0))));
        const taken = await Promise.all(ids.map((id) => h.board.take(id, new Date(T0))));
        expect(taken.filter(Boolean)).toHaveLength(3);
        expect(await h.board.progress(new Date(T0))).toMatchObject({ openLeases: 3, activeRaters: 3, votes: 0, target: 3, raters: 10 });
      });
    });

    it('fills every slot to its target, never shows a rater an item twice, and balances sides', async () => {
      const study = makeStudy({ items: 12, votesPerPair: 3, raterLimit: 7 });
      await withBoard(study, async (h) => {
        const leases = await fill(h, Array.from({ length: 20 }, (_, i) => `r${i}`));
        const plan = buildPlan(study);
        const counts = new Map<number, { n: number; aLeft: number }>();
        for (const lease of leases) {
          const found = plan.slotOf(lease.item, lease.left, lease.right);
          expect(found).toBeDefined();
          const c = counts.get(found!.slot.index) ?? { n: 0, aLeft: 0 };
          c.n++;
          if (found!.aOnLeft) c.aLeft++;
          counts.set(found!.slot.index, c);
        }
        expect(counts.size).toBe(plan.slots.length);
        for (const c of counts.values()) {
          expect(c.n).toBe(3);
          expect(Math.abs(2 * c.aLeft - c.n)).toBeLessThanOrEqual(1);
        }
        const raterItems = leases.map((l) => `${l.rater}\u0000${l.item}`);
        expect(new Set(raterItems).size).toBe(raterItems.length);
        for (const rater of new Set(leases.map((l) => l.rater))) expect(leases.filter((l) => l.rater === rater).length).toBeLessThanOrEqual(7);
        const progress = await h.board.progress(new Date(h.clock.now));
        expect(progress.votes).toBe(plan.slots.length * 3);
        expect(progress.target).toBe(plan.slots.length * 3);
        expect(progress.judgments).toBe(leases.length);
      });
    });

    it('puts attention checks at their seeded positions, records pass or fail, and flags raters', async () => {
      const checks = { rate: 0.25, failThreshold: 1, items: [1, 2].map((n) => ({ id: `check-${n}`, prompt: 'Which is right?', good: `GOOD ${n}`, bad: `BAD ${n}` })) };
      const study = makeStudy({ items: 20, votesPerPair: 1, raterLimit: 12, extra: { attentionChecks: checks } });
      await withBoard(study, async (h) => {
        // "careless" always picks left; on a check that fails half the time by side.
        const leases = await fill(h, ['careless']);
        expect(leases.length).toBe(12);
        for (const lease of leases) {
          expect(Boolean(lease.check)).toBe(isCheckPosition(study.seed, 'careless', lease.position, 0.25));
          if (lease.check) expect([lease.left, lease.right].sort()).toEqual(['check:bad', 'check:good']);
        }
        const failed = leases.filter((l) => l.check && l.check.expected !== 'left').length;
        const state = await h.board.rater('careless');
        expect(state).toMatchObject({ answered: 12, attentionFailures: failed });
        const progress = await h.board.progress(new Date(h.clock.now));
        expect(progress.flaggedRaters).toEqual(failed >= 1 ? [{ id: 'careless', attentionFailures: failed }] : []);
        expect(progress.votes).toBe(12 - leases.filter((l) => l.check).length);
      });
    });

    it('gives back every judgment in the order written, and the same after a restart', async () => {
      await withBoard(makeStudy({ items: 6, votesPerPair: 2, raterLimit: 4 }), async (h) => {
        const leases = await fill(h, ['a', 'b', 'c']);
        const stored = await collect(h.board);
        expect(stored.map((j) => j.task)).toEqual(leases.map((l) => l.task));
        expect(stored[0]).toEqual(answerOf(leases[0]));
        expect(await h.board.judgmentCount()).toBe(leases.length);
        const reopened = await h.reopen();
        expect((await collect(reopened)).map((j) => j.task)).toEqual(leases.map((l) => l.task));
        expect((await reopened.rater('a'))?.answered).toBe(leases.filter((l) => l.rater === 'a').length);
      });
    });

    it('gives the same schedule for the same seed and the same arrivals', async () => {
      const study = makeStudy({ items: 8, votesPerPair: 2, raterLimit: 5 });
      const schedule = async () => {
        let out: string[] = [];
        await withBoard(study, async (h) => {
          out = (await fill(h, ['x', 'y', 'z'])).map((l) => `${l.rater}:${l.item}:${l.left}:${l.right}`);
        });
        return out;
      };
      expect(await schedule()).toEqual(await schedule());
    });
  });
}
