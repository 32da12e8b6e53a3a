// Position bias: do raters pick the left response more often than chance? Only decisive votes
// whose screen side is known count; a win for a shown on the left is a "left" choice.
import { signTestPValue, wilsonInterval } from './intervals.ts';
import { KIND, SIDE, type OutcomeTable } from '../outcomes/table.ts';
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

export interface PairLeftShare extends LeftShare {
  a: string;
  b: string;
  /** Outcomes whose side is known, and of those, how many showed a on the left. */
  known: number;
  aLeft: number;
}

export interface PositionBias extends LeftShare {
  level: number;
  /** Whether every pair with a known side showed a on the left between 25% and 75% of the time. */
  counterbalanced: boolean;
  /** One per slot of the table, in slot order. (Per rater: raterSummaries' leftShare.) */
  perPair: PairLeftShare[];
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

/**
 * 1 when a decisive vote went to the left response, else 0: for a KIND code win (0) or loss (1) and
 * a SIDE value right (0) or left (1), a won on the left (0, 1) or lost on the right (1, 0).
 */
export function choseLeft(kind: number, side: number): number {
  return kind ^ side;
}

export function positionBias(table: OutcomeTable, level = 0.95): PositionBias {
  const { start, kind, aOnLeft } = table;
  let left = 0;
  let n = 0;
  let counterbalanced = true;
  const perPair = table.pairs.map(([a, b], slot): PairLeftShare => {
    let known = 0;
    let aLeft = 0;
    let pairN = 0;
    let pairLeft = 0;
    for (let e = start[slot]; e < start[slot + 1]; e++) {
      const side = aOnLeft[e];
      if (side === SIDE.unknown) continue;
      known++;
      aLeft += side; // SIDE.left is 1, SIDE.right 0
      const c = kind[e];
      if (c > KIND.loss) continue;
      pairN++;
      pairLeft += choseLeft(c, side);
    }
    if (known > 0 && (aLeft < 0.25 * known || aLeft > 0.75 * known)) counterbalanced = false;
    n += pairN;
    left += pairLeft;
    return { a, b, known, aLeft, ...leftShareOf(pairLeft, pairN, level) };
  });
  return { ...leftShareOf(left, n, level), level, counterbalanced, perPair };
}
