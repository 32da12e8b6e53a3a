// Where a rater's attention checks go. An independent coin per position leaves about (1 - rate)^k
// of raters with no check in their first k tasks (they can never be flagged) and puts checks back to
// back; instead a rater's positions are cut into blocks of about 1/rate and each block holds exactly
// one check, at a seeded place that is never the block's first position. So: a check in every block
// (the first block is positions 1..floor(1/rate)), never at position 1, never two in a row (also
// across blocks), and a share of exactly `rate` per completed block. Pure: the answer depends only on
// (seed, rater id, position, rate), through seededUniform.
import { seededUniform } from './seeded.ts';

/**
 * Checks can make up at most every second task (no two in a row); a higher rate is clamped to this,
 * so rate 1 means a check at every even position.
 */
export const MAX_CHECK_RATE = 0.5;

/** Guards block ends against float noise (7 / 0.07 is 99.99999999999999, not 100). */
const EPS = 1e-9;

/** The rate actually used: 0 for none (rate <= 0), at most MAX_CHECK_RATE. */
export function effectiveCheckRate(rate: number): number {
  if (!(rate > 0)) return 0;
  return Math.min(rate, MAX_CHECK_RATE);
}

/**
 * A rater who answers at least this many tasks has had a check (the first block's length,
 * floor(1/rate): 10 at 0.1, 6 at 0.15, 5 at 0.2, 4 at 0.25, 2 at 0.5); Infinity for rate 0.
 */
export function checkGuaranteeWithin(rate: number): number {
  const r = effectiveCheckRate(rate);
  return r === 0 ? Infinity : blockEnd(0, r);
}

/** Whether the rater's task at `position` (1-based) is an attention check. */
export function isCheckPosition(seed: string | number, raterId: string, position: number, rate: number): boolean {
  const r = effectiveCheckRate(rate);
  if (r === 0 || !Number.isInteger(position) || position < 2) return false;
  // Block b covers positions blockEnd(b - 1) + 1 .. blockEnd(b); lengths are floor or ceil of 1/r
  // (both >= 2 since r <= 0.5) and average exactly 1/r.
  let block = Math.max(0, Math.ceil(position * r - EPS) - 1);
  while (blockEnd(block, r) < position) block++;
  while (block > 0 && blockEnd(block - 1, r) >= position) block--;
  const start = block === 0 ? 1 : blockEnd(block - 1, r) + 1;
  const length = blockEnd(block, r) - start + 1;
  // Offsets 1 .. length-1 within the block: the first position is skipped, so the previous block's
  // check (at most at its last position) is never right before this one.
  const offset = 1 + Math.floor(seededUniform(seed, 'check-block', raterId, block) * (length - 1));
  return position === start + offset;
}

/** Last position of block b (0-based) at rate r. */
function blockEnd(block: number, r: number): number {
  return Math.floor((block + 1) / r + EPS);
}
