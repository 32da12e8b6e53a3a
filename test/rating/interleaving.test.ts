// Many raters arriving, answering and abandoning in a seeded random order, through the real
// service and the real stores: no item twice for a rater, balanced coverage, counterbalanced
// sides, and the same schedule for the same seed and arrivals.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/assign/plan.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import { openRatingService } from '../../src/rating/service.ts';
import type { Study } from '../../src/study/schema.ts';
import type { Lease } from '../../src/store/types.ts';
import { makeStudy, tempResultsDir } from './fixture.ts';

interface Run {
  schedule: string[];
  judgments: Judgment[];
  coverageSpreads: number[];
}

async function readJudgments(resultsDir: string, study: Study): Promise<Judgment[]> {
  const text = await readFile(join(resultsDir, study.id, 'judgments.jsonl'), 'utf8');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Judgment);
}

/** The newest lease of each rater in the rater journal; answered ones are in the log too. */
async function readLeases(resultsDir: string, study: Study, answered: Set<string>): Promise<Lease[]> {
  const lines = (await readFile(join(resultsDir, study.id, 'raters.jsonl'), 'utf8')).split('\n').filter(Boolean);
  const newest = new Map<string, Lease>();
  for (const line of lines) {
    const { lease } = JSON.parse(line) as { lease?: Lease };
    if (lease) newest.set(lease.rater, lease);
  }
  return [...newest.values()].filter((l) => !answered.has(l.task));
}

/** Coverage (answered + unexpired leases) per (item, pair) slot, from the files on disk. */
async function coverage(resultsDir: string, study: Study, now: number): Promise<number[]> {
  const plan = buildPlan(study);
  const counts = plan.slots.map(() => 0);
  const judgments = await readJudgments(resultsDir, study);
  const leases = await readLeases(resultsDir, study, new Set(judgments.map((j) => j.task)));
  const shown = [...judgments, ...leases.filter((l) => l.expiresAt > now)];
  for (const s of shown) {
    const found = plan.slotOf(s.item, s.left, s.right);
    if (found) counts[found.slot.index]++;
  }
  return counts;
}

async function simulate(study: Study, arrivalsSeed: string, abandonRate: number): Promise<Run> {
  const resultsDir = await tempResultsDir();
  let clock = Date.parse('2025-01-01T00:00:00Z');
  const service = await openRatingService({ study, store: { resultsDir }, now: () => new Date(clock) });
  const random = seedrandom(arrivalsSeed);
  const waiting = Array.from({ length: 60 }, (_, i) => `rater-${i + 1}`);
  const active: string[] = [];
  const schedule: string[] = [];
  const coverageSpreads: number[] = [];
  const plan = buildPlan(study);

  for (let step = 0; step < 2000 && (waiting.length > 0 || active.length > 0); step++) {
    clock += 5_000;
    if (waiting.length > 0 && (active.length === 0 || random() < 0.3)) {
      const id = waiting.shift() as string;
      await service.enter({ id });
      active.push(id);
      continue;
    }
    const rater = active[Math.floor(random() * active.length)];
    const current = await service.current(rater);
    if (current.kind !== 'task') {
      active.splice(active.indexOf(rater), 1);
      continue;
    }
    const counts = await coverage(resultsDir, study, clock);
    if (Math.min(...counts) < plan.target) coverageSpreads.push(Math.max(...counts) - Math.min(...counts));
    if (random() < abandonRate) {
      active.splice(active.indexOf(rater), 1); // walks away; the lease must expire
      continue;
    }
    const choice = (['left', 'right', 'tie', 'both-bad'] as const)[Math.floor(random() * 4)];
    await service.submit(rater, { taskId: current.task.taskId, choice });
  }
  await service.close();
  const judgments = await readJudgments(resultsDir, study);
  for (const j of judgments) schedule.push(`${j.rater} ${j.item} ${j.left}|${j.right}`);
  return { schedule, judgments, coverageSpreads };
}

describe('several raters interleaving', () => {
  const study = makeStudy({ items: 30, votesPerPair: 2, raterLimit: 5, extra: { leaseSeconds: 60 } });

  it('never repeats an item for a rater, keeps coverage within 1, and fills every slot', async () => {
    const run = await simulate(study, 'arrivals-1', 0.15);
    const byRater = new Map<string, string[]>();
    for (const j of run.judgments) byRater.set(j.rater, [...(byRater.get(j.rater) ?? []), j.item]);
    for (const items of byRater.values()) expect(new Set(items).size).toBe(items.length);
    for (const items of byRater.values()) expect(items.length).toBeLessThanOrEqual(study.raterLimit);

    expect(run.coverageSpreads.length).toBeGreaterThan(50);
    expect(Math.max(...run.coverageSpreads)).toBeLessThanOrEqual(1);

    const plan = buildPlan(study);
    const answered = plan.slots.map(() => ({ n: 0, aLeft: 0 }));
    for (const j of run.judgments) {
      const found = plan.slotOf(j.item, j.left, j.right);
      expect(found).toBeDefined();
      if (!found) continue;
      answered[found.slot.index].n++;
      if (found.aOnLeft) answered[found.slot.index].aLeft++;
    }
    // Abandoned leases expired and went back to the pool: every slot got exactly its votes.
    expect(answered.map((s) => s.n)).toEqual(plan.slots.map(() => plan.target));
    for (const s of answered) expect(Math.abs(s.aLeft - (s.n - s.aLeft))).toBeLessThanOrEqual(1);
  });

  it('gives the same schedule for the same seed and arrivals, and another for another seed', async () => {
    const first = await simulate(study, 'arrivals-2', 0.1);
    const second = await simulate(study, 'arrivals-2', 0.1);
    expect(second.schedule).toEqual(first.schedule);
    const reseeded = await simulate({ ...study, seed: 'another-seed' }, 'arrivals-2', 0.1);
    expect(reseeded.schedule).not.toEqual(first.schedule);
  });
});
