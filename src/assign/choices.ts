// The seeded choices of the schedule that do not depend on how coverage is kept: which side the
// candidate goes on, and whether (and which) attention check comes at a rater's position. The
// in-memory scheduler and a database-backed one make them the same way, from the same inputs.
import type { AttentionCheck, AttentionChecks } from '../study/schema.ts';
import { isCheckPosition } from './check-positions.ts';
import { seededUniform } from './seeded.ts';

/** System names recorded for the two sides of an attention check, so statistics can skip them. */
export const CHECK_GOOD = 'check:good';
export const CHECK_BAD = 'check:bad';

/** Show the candidate on the side it has been on less often; a seeded coin on a tie. */
export function candidateGoesLeft(seed: string | number, slot: { item: string; pairIndex: number }, aLeft: number, aRight: number): boolean {
  if (aLeft !== aRight) return aLeft < aRight;
  return seededUniform(seed, 'side', slot.item, slot.pairIndex, aLeft + aRight) < 0.5;
}

export interface CheckChoice {
  check: AttentionCheck;
  left: string;
  right: string;
  expected: 'left' | 'right';
}

/**
 * The attention check at this position of the rater's sequence, if it is a check position (see
 * check-positions.ts): one the rater has not seen if any, the good side by a seeded coin.
 */
export function checkAt(seed: string | number, checks: AttentionChecks | undefined, raterId: string, position: number, seenChecks: ReadonlySet<string>): CheckChoice | undefined {
  if (!checks?.items.length || !isCheckPosition(seed, raterId, position, checks.rate)) return undefined;
  // Repeat a check only when all have been shown.
  const unseen = checks.items.filter((c) => !seenChecks.has(c.id));
  const pool = unseen.length > 0 ? unseen : checks.items;
  const check = pool[Math.floor(seededUniform(seed, 'check-pick', raterId, position) * pool.length)];
  const goodLeft = seededUniform(seed, 'check-side', raterId, position) < 0.5;
  return {
    check,
    left: goodLeft ? CHECK_GOOD : CHECK_BAD,
    right: goodLeft ? CHECK_BAD : CHECK_GOOD,
    expected: goodLeft ? 'left' : 'right',
  };
}

/** A seeded place for each slot in the order slots of equal coverage are offered (a database sorts by it). */
export function slotOrder(seed: string | number, item: string, pairIndex: number): number {
  return seededUniform(seed, 'order', item, pairIndex);
}
