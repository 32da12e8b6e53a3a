// Who sees what next. Pure and deterministic: the only inputs are the plan, the seed and the
// sequence of calls; the only randomness is seedrandom seeded by (study seed, context).
import type { AttentionCheck, AttentionChecks } from '../study/schema.ts';
import { candidateGoesLeft, checkAt } from './choices.ts';
import { Coverage } from './coverage.ts';
import type { Slot, TaskPlan } from './plan.ts';
import { seededUniform } from './seeded.ts';


export interface RaterSnapshot {
  id: string;
  /** Tasks answered so far; the next task has position answered + 1. */
  answered: number;
  seenItems: ReadonlySet<string>;
  seenChecks: ReadonlySet<string>;
}

export type Assignment =
  | { kind: 'pair'; slot: Slot; item: string; left: string; right: string; aOnLeft: boolean }
  | {
      kind: 'check';
      check: AttentionCheck;
      item: string;
      left: string;
      right: string;
      expected: 'left' | 'right';
    };

export interface SchedulerOptions {
  plan: TaskPlan;
  seed: string | number;
  raterLimit: number;
  attentionChecks?: AttentionChecks;
}

export class Scheduler {
  readonly plan: TaskPlan;
  private readonly seed: string | number;
  private readonly raterLimit: number;
  private readonly checks: AttentionChecks | undefined;
  private readonly coverage: Coverage;
  /** Per item: how many of its slots still want votes; and how many items have any. */
  private readonly openSlotsOfItem = new Map<string, number>();
  private itemsWithWork = 0;

  constructor(options: SchedulerOptions) {
    this.plan = options.plan;
    this.seed = options.seed;
    this.raterLimit = options.raterLimit;
    this.checks = options.attentionChecks?.items.length ? options.attentionChecks : undefined;
    this.coverage = new Coverage(this.plan.slots.length);
    for (const slot of this.plan.slots) {
      const open = (this.openSlotsOfItem.get(slot.item) ?? 0) + 1;
      this.openSlotsOfItem.set(slot.item, open);
      if (open === 1) this.itemsWithWork++;
    }
  }

  /** The rater's next task, without reserving it; null when the rater is done. */
  pick(rater: RaterSnapshot): Assignment | null {
    if (rater.answered >= this.raterLimit) return null;
    const position = rater.answered + 1;
    const slot = this.leastCoveredUnseen(rater, position);
    // Checks are mixed into real work only: a rater with nothing left to judge is done.
    if (slot === undefined) return null;
    const check = this.maybeCheck(rater, position);
    if (check) return check;
    const aOnLeft = this.candidateGoesLeft(slot);
    return {
      kind: 'pair',
      slot,
      item: slot.item,
      left: aOnLeft ? slot.a : slot.b,
      right: aOnLeft ? slot.b : slot.a,
      aOnLeft,
    };
  }

  /** Pick the rater's next task and count it as assigned (a lease). */
  next(rater: RaterSnapshot): Assignment | null {
    const assignment = this.pick(rater);
    if (assignment?.kind === 'pair') this.add(assignment.slot, assignment.aOnLeft);
    return assignment;
  }

  /**
   * Count a pair shown elsewhere (a judgment read from the log, a lease restored from state).
   * Returns its slot, or undefined when the pair is not part of this plan (a check, an item since removed).
   */
  reserve(item: string, left: string, right: string): Slot | undefined {
    const found = this.plan.slotOf(item, left, right);
    if (!found) return undefined;
    this.add(found.slot, found.aOnLeft);
    return found.slot;
  }

  /** An unanswered lease expired: its slot goes back to the pool. */
  release(item: string, left: string, right: string): void {
    const found = this.plan.slotOf(item, left, right);
    if (!found) return;
    const wasOpen = this.coverage.counts[found.slot.index] < this.plan.target;
    this.coverage.remove(found.slot.index, found.aOnLeft);
    if (!wasOpen && this.coverage.counts[found.slot.index] < this.plan.target) this.changeOpen(found.slot.item, +1);
  }

  /** How many more tasks this rater could still get now (items with open work they have not seen). */
  available(rater: RaterSnapshot): number {
    let seenWithWork = 0;
    for (const item of rater.seenItems) if ((this.openSlotsOfItem.get(item) ?? 0) > 0) seenWithWork++;
    return this.itemsWithWork - seenWithWork;
  }

  /** Assignments (answered + leased) of a slot, and the candidate's left/right counts. */
  slotState(slotIndex: number): { count: number; aLeft: number; aRight: number } {
    return {
      count: this.coverage.counts[slotIndex],
      aLeft: this.coverage.aLeft[slotIndex],
      aRight: this.coverage.aRight[slotIndex],
    };
  }

  private add(slot: Slot, aOnLeft: boolean): void {
    const wasOpen = this.coverage.counts[slot.index] < this.plan.target;
    this.coverage.add(slot.index, aOnLeft);
    if (wasOpen && this.coverage.counts[slot.index] >= this.plan.target) this.changeOpen(slot.item, -1);
  }

  private changeOpen(item: string, delta: number): void {
    const before = this.openSlotsOfItem.get(item) ?? 0;
    const after = before + delta;
    this.openSlotsOfItem.set(item, after);
    if (before === 0 && after > 0) this.itemsWithWork++;
    if (before > 0 && after === 0) this.itemsWithWork--;
  }

  /**
   * The least-covered slot whose item the rater has not seen. Within a coverage level the scan
   * starts at a seeded offset; at most (items seen × pairs) slots are skipped, so the cost is
   * bounded by the rater's history, not by the size of the study.
   */
  private leastCoveredUnseen(rater: RaterSnapshot, position: number): Slot | undefined {
    for (let level = 0; level < this.plan.target; level++) {
      const members = this.coverage.level(level);
      if (members.length === 0) continue;
      const start = Math.floor(seededUniform(this.seed, 'pick', rater.id, position, level) * members.length);
      for (let step = 0; step < members.length; step++) {
        const slot = this.plan.slots[members[(start + step) % members.length]];
        if (!rater.seenItems.has(slot.item)) return slot;
      }
    }
    return undefined;
  }

  private candidateGoesLeft(slot: Slot): boolean {
    return candidateGoesLeft(this.seed, slot, this.coverage.aLeft[slot.index], this.coverage.aRight[slot.index]);
  }

  private maybeCheck(rater: RaterSnapshot, position: number): Assignment | undefined {
    const choice = checkAt(this.seed, this.checks, rater.id, position, rater.seenChecks);
    return choice && { kind: 'check', check: choice.check, item: choice.check.id, left: choice.left, right: choice.right, expected: choice.expected };
  }
}
