import { describe, expect, it } from 'vitest';
import { Item, StudyFile, type Study } from '../study/schema.ts';
import { checkGuaranteeWithin, isCheckPosition } from './check-positions.ts';
import { buildPlan } from './plan.ts';
import { CHECK_BAD, CHECK_GOOD } from './choices.ts';
import { Scheduler, type Assignment } from './scheduler.ts';

function study(items: number, systems: number, votesPerPair: number, extra: Record<string, unknown> = {}): Study {
  const ids = Array.from({ length: systems }, (_, i) => `sys-${i}`);
  const file = StudyFile.parse({
    id: 'unit',
    title: 'Unit',
    instructions: 'x',
    systems: ids,
    design: { kind: 'baseline', baseline: 'sys-0' },
    votesPerPair,
    seed: 7,
    ...extra,
  });
  const list = Array.from({ length: items }, (_, i) =>
    Item.parse({ id: `item-${i}`, prompt: 'p', completions: Object.fromEntries(ids.map((s) => [s, s])) }),
  );
  return { ...file, dir: '.', items: list };
}

interface SimRater {
  id: string;
  answered: number;
  seenItems: Set<string>;
  seenChecks: Set<string>;
}

function rater(id: string): SimRater {
  return { id, answered: 0, seenItems: new Set(), seenChecks: new Set() };
}

/** Raters take turns, each answering at once, until nobody gets a task. */
function fillRoundRobin(
  scheduler: Scheduler,
  raterCount: number,
  onAnswer?: (a: Assignment, rater: SimRater, position: number) => void,
): Assignment[] {
  const raters = Array.from({ length: raterCount }, (_, i) => rater(`r${i}`));
  const done = new Set<string>();
  const out: Assignment[] = [];
  while (done.size < raters.length) {
    for (const r of raters) {
      if (done.has(r.id)) continue;
      const a = scheduler.next(r);
      if (!a) {
        done.add(r.id);
        continue;
      }
      (a.kind === 'check' ? r.seenChecks : r.seenItems).add(a.item);
      r.answered++;
      out.push(a);
      onAnswer?.(a, r, r.answered);
    }
  }
  return out;
}

describe('scheduler', () => {
  it('balances sides per (item, pair) after every full round', () => {
    const s = study(40, 4, 4, { raterLimit: 6 });
    const scheduler = new Scheduler({ plan: buildPlan(s), seed: s.seed, raterLimit: s.raterLimit });
    const plan = scheduler.plan;
    let rounds = 0;
    fillRoundRobin(scheduler, 90, () => {
      const counts = plan.slots.map((slot) => scheduler.slotState(slot.index));
      expect(Math.max(...counts.map((c) => c.count)) - Math.min(...counts.map((c) => c.count))).toBeLessThanOrEqual(1);
      const level = counts[0].count;
      if (!counts.every((c) => c.count === level)) return;
      rounds++;
      for (const c of counts) expect(Math.abs(c.aLeft - c.aRight)).toBeLessThanOrEqual(1);
    });
    expect(rounds).toBe(4);
  });

  it('covers a large study (250 items × 7 pairs × 5 votes) evenly, within the rater limit', () => {
    const s = study(250, 8, 5, { raterLimit: 20 });
    const scheduler = new Scheduler({ plan: buildPlan(s), seed: s.seed, raterLimit: s.raterLimit });
    const spreads: number[] = [];
    let calls = 0;
    // Checking every 250th assignment keeps the test fast; the scheduler itself never scans all slots.
    const assignments = fillRoundRobin(scheduler, 500, () => {
      if (++calls % 250 !== 0) return;
      const counts = scheduler.plan.slots.map((slot) => scheduler.slotState(slot.index).count);
      spreads.push(Math.max(...counts) - Math.min(...counts));
    });
    expect(assignments).toHaveLength(250 * 7 * 5);
    expect(Math.max(...spreads)).toBeLessThanOrEqual(1);
    for (const slot of scheduler.plan.slots) expect(scheduler.slotState(slot.index).count).toBe(5);
  });

  it('stops a rater at the limit, and when every unseen item is covered', () => {
    const s = study(3, 2, 1, { raterLimit: 2 });
    const scheduler = new Scheduler({ plan: buildPlan(s), seed: s.seed, raterLimit: 2 });
    const one = rater('one');
    for (let i = 0; i < 2; i++) {
      const a = scheduler.next(one);
      expect(a).not.toBeNull();
      one.seenItems.add(a?.item ?? '');
      one.answered++;
    }
    expect(scheduler.next(one)).toBeNull();
    const two = rater('two');
    expect(scheduler.available(two)).toBe(1);
    const last = scheduler.next(two);
    expect(last?.item).not.toBe(undefined);
    two.seenItems.add(last?.item ?? '');
    two.answered++;
    expect(scheduler.next(two)).toBeNull();
    // A lease expiring puts its slot back in the pool.
    if (last?.kind === 'pair') scheduler.release(last.item, last.left, last.right);
    expect(scheduler.next(rater('three'))?.item).toBe(last?.item);
  });

  const checkItems = [
    { id: 'check-1', prompt: 'p', good: 'fine', bad: 'broken' },
    { id: 'check-2', prompt: 'p', good: 'fine', bad: 'broken' },
  ];

  it.each([0.1, 0.15, 0.2, 0.25, 0.5])(
    'rate %s: places checks by isCheckPosition, one within the first k tasks of every rater, none first or back to back',
    (rate) => {
      const s = study(400, 3, 3, { raterLimit: 20, attentionChecks: { rate, items: checkItems } });
      const scheduler = new Scheduler({ plan: buildPlan(s), seed: s.seed, raterLimit: 20, attentionChecks: s.attentionChecks });
      const checkPositions = new Map<string, number[]>();
      const answered = new Map<string, number>();
      const all = fillRoundRobin(scheduler, 100, (a, r, position) => {
        answered.set(r.id, position);
        expect(a.kind === 'check').toBe(isCheckPosition(s.seed, r.id, position, rate));
        if (a.kind === 'check') checkPositions.set(r.id, [...(checkPositions.get(r.id) ?? []), position]);
      });
      const share = all.filter((a) => a.kind === 'check').length / all.length;
      expect(Math.abs(share - rate)).toBeLessThan(0.02);
      const k = checkGuaranteeWithin(rate);
      let withK = 0;
      for (const [id, n] of answered) {
        const positions = checkPositions.get(id) ?? [];
        if (n >= k) {
          withK++;
          expect(positions.find((p) => p <= k), `rater ${id}`).toBeDefined();
        }
        expect(positions[0] ?? 2).toBeGreaterThan(1);
        for (let i = 1; i < positions.length; i++) expect(positions[i] - positions[i - 1]).toBeGreaterThan(1);
      }
      expect(withK).toBe(100);
    },
  );

  it('mixes attention checks in at the configured rate, an unseen one first, good side by a fair coin', () => {
    const s = study(400, 3, 3, { raterLimit: 20, attentionChecks: { rate: 0.2, items: checkItems } });
    const scheduler = new Scheduler({ plan: buildPlan(s), seed: s.seed, raterLimit: 20, attentionChecks: s.attentionChecks });
    const seenBefore = new Map<string, Set<string>>();
    const all = fillRoundRobin(scheduler, 100, (a, r) => {
      if (a.kind !== 'check') return;
      // The second check of a rater is the other one: fillRoundRobin already added this one to seenChecks.
      const before = seenBefore.get(r.id) ?? new Set<string>();
      if (before.size < checkItems.length) expect(before.has(a.item)).toBe(false);
      seenBefore.set(r.id, new Set([...before, a.item]));
    });
    const checkTasks = all.filter((a) => a.kind === 'check');
    const share = checkTasks.length / all.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.22);
    const leftGood = checkTasks.filter((a) => a.kind === 'check' && a.expected === 'left').length / checkTasks.length;
    expect(leftGood).toBeGreaterThan(0.4);
    expect(leftGood).toBeLessThan(0.6);
    for (const a of checkTasks) {
      if (a.kind !== 'check') continue;
      expect(a[a.expected]).toBe(CHECK_GOOD);
      expect(a[a.expected === 'left' ? 'right' : 'left']).toBe(CHECK_BAD);
    }
  });

  it('gives no check to a rater with nothing left to judge, even at a check position', () => {
    const s = study(1, 2, 2, { raterLimit: 10, attentionChecks: { rate: 0.5, items: checkItems } });
    const scheduler = new Scheduler({ plan: buildPlan(s), seed: s.seed, raterLimit: 10, attentionChecks: s.attentionChecks });
    const one = rater('one');
    const first = scheduler.next(one);
    expect(first?.kind).toBe('pair');
    one.seenItems.add(first?.item ?? '');
    one.answered++;
    // Position 2 is a check position at rate 0.5, but the rater has seen the only item: done.
    expect(isCheckPosition(s.seed, one.id, 2, 0.5)).toBe(true);
    expect(scheduler.next(one)).toBeNull();
    // A rater at the same position with the item still to judge gets the check.
    const two = { ...rater('one'), answered: 1 };
    expect(scheduler.pick(two)?.kind).toBe('check');
  });

  it('is deterministic given the seed and the calls', () => {
    const s = study(20, 3, 2, { raterLimit: 6 });
    const run = (seed: string | number) =>
      fillRoundRobin(new Scheduler({ plan: buildPlan(s), seed, raterLimit: 6 }), 9).map((a) => `${a.item}:${a.left}:${a.right}`);
    expect(run(7)).toEqual(run(7));
    expect(run(8)).not.toEqual(run(7));
  });
});
