// When a report may say that one side of a pair is preferred. The bootstrap interval alone is not
// enough on a handful of prompts: two votes from two prompts resample to a narrow interval. So the exact sign test
// must agree at the same level before a difference is called resolved.
import type { PairSummary } from '../stats/types.ts';

/** 'a' or 'b' when the data prefers that side, null when it does not tell them apart. */
export function preferredSide(pair: Pick<PairSummary, 'winRateCI' | 'pValue'>, level: number): 'a' | 'b' | null {
  if (!(pair.pValue < 1 - level)) return null;
  if (pair.winRateCI[0] > 0.5) return 'a';
  if (pair.winRateCI[1] < 0.5) return 'b';
  return null;
}
