// Position bias: do raters pick the left response more often than chance? Only decisive votes
// whose screen side is known count; a win for a shown on the left is a "left" choice.
import { signTestPValue, wilsonInterval } from './intervals.ts';
import type { Outcome } from '../outcomes/outcome.ts';
import type { Interval } from './types.ts';

export interface LeftShare {
  /** Decisive votes with a known side. */
  n: number;
  left: number;
  /** left / n; NaN when n = 0. */
  leftShare: number;
  /** Wilson interval of leftShare. */
  ci: Interval;
  /** Exact two-sided binomial test of leftShare = 1/2. */
  pValue: number;
}

export interface PositionBias extends LeftShare {
  level: number;
  perRater: Array<LeftShare & { rater: string }>;
}

/** Whether the vote went to the left response; null when undecided or the side is unknown. */
export function choseLeft(o: Outcome): boolean | null {
  if (o.aOnLeft === undefined || (o.kind !== 'win' && o.kind !== 'loss')) return null;
  return (o.kind === 'win') === o.aOnLeft;
}

/** The left share of `left` "left" votes out of `n` decisive ones, with its interval and test. */
export function leftShareOf(left: number, n: number, level: number): LeftShare {
  return {
    n,
    left,
    leftShare: n > 0 ? left / n : NaN,
    ci: wilsonInterval(n > 0 ? left / n : NaN, n, level),
    pValue: signTestPValue(left, n - left),
  };
}

export function positionBias(outcomes: readonly Outcome[], level = 0.95): PositionBias {
  const byRater = new Map<string, { left: number; n: number }>();
  let left = 0;
  let n = 0;
  for (const o of outcomes) {
    const side = choseLeft(o);
    if (side === null) continue;
    n++;
    if (side) left++;
    let tally = byRater.get(o.rater);
    if (!tally) {
      tally = { left: 0, n: 0 };
      byRater.set(o.rater, tally);
    }
    tally.n++;
    if (side) tally.left++;
  }
  const perRater = [...byRater]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([rater, t]) => ({ rater, ...leftShareOf(t.left, t.n, level) }));
  return { ...leftShareOf(left, n, level), level, perRater };
}
