// A judgment seen from a pair (a, b). Statistics never look at screen sides except for position
// bias, so everything downstream of here speaks of a (the candidate) and b (its opponent).
import type { Judgment } from '../judgments/record.ts';
import { KIND_NAMES, kindCode, leftScore } from './table.ts';

export type OutcomeKind = 'win' | 'loss' | 'tie' | 'both-bad';

export interface Outcome {
  a: string;
  b: string;
  /** a's score in [0, 1]: 1 a wins, 0 b wins, 0.5 tie or both bad; fractional for soft judges. */
  score: number;
  kind: OutcomeKind;
  /** The prompt: the cluster for the prompt bootstrap. */
  item: string;
  rater: string;
  /** Whether a was shown on the left; undefined when the source does not say. */
  aOnLeft?: boolean;
  seconds?: number;
  /** Milliseconds since the epoch, for online Elo's time order; undefined when unknown. */
  time?: number;
}

/** Map a judgment onto the pair (a, b); null if the judgment is not about that pair. */
export function toOutcome(j: Judgment, a: string, b: string): Outcome | null {
  let aOnLeft: boolean;
  if (j.left === a && j.right === b) aOnLeft = true;
  else if (j.left === b && j.right === a) aOnLeft = false;
  else return null;
  const score = aOnLeft ? leftScore(j) : 1 - leftScore(j);
  const time = j.answeredAt ? Date.parse(j.answeredAt) : undefined;
  return {
    a,
    b,
    score,
    kind: KIND_NAMES[kindCode(j.choice === 'both-bad', score)],
    item: j.item,
    rater: j.rater,
    aOnLeft,
    seconds: j.seconds,
    time: Number.isFinite(time) ? time : undefined,
  };
}
