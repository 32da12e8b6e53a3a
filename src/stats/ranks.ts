// Ranks that admit uncertainty: a system is only placed below another when the other's whole
// interval lies above its own (Chatbot Arena's rule).
import type { Interval } from './types.ts';

export interface RankedInterval {
  rank: number;
  /** [best, worst] rank consistent with the intervals. */
  rankRange: [number, number];
}

/**
 * rank = 1 + the number of systems whose lower bound is above this one's upper bound;
 * worst rank = k − the number of systems whose upper bound is below this one's lower bound.
 * An interval with NaN bounds separates from nothing, so it gets rank 1 and range [1, k].
 */
export function ranksFromIntervals(intervals: readonly Interval[]): RankedInterval[] {
  const k = intervals.length;
  return intervals.map(([low, high], i) => {
    let above = 0;
    let below = 0;
    for (let j = 0; j < k; j++) {
      if (j === i) continue;
      const [otherLow, otherHigh] = intervals[j];
      if (otherLow > high) above++;
      if (otherHigh < low) below++;
    }
    return { rank: 1 + above, rankRange: [1 + above, k - below] };
  });
}
