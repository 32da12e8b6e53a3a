// Hand-written outcomes for closed-form unit tests (moved from test/stats/makeOutcome.ts: unit
// tests under src/ import nothing from test/). With tableOf (fromOutcomes.ts) they make tables:
// tableOf([vote('A', 'B', 'win'), ...votes(3, 'A', 'B', 'tie')]).
import type { Outcome, OutcomeKind } from './outcome.ts';

/** a's score for each kind of vote: ties and both-bad count half. */
export const SCORE_OF_KIND: Readonly<Record<OutcomeKind, number>> = { win: 1, loss: 0, tie: 0.5, 'both-bad': 0.5 };

/** One vote of a against b, on item i0 by rater r0 unless `extra` says otherwise. */
export function vote(a: string, b: string, kind: OutcomeKind, extra: Partial<Outcome> = {}): Outcome {
  return { a, b, score: SCORE_OF_KIND[kind], kind, item: 'i0', rater: 'r0', ...extra };
}

/** `count` copies of the same vote, each on its own item unless `extra.item` is given. */
export function votes(count: number, a: string, b: string, kind: OutcomeKind, extra: Partial<Outcome> = {}): Outcome[] {
  return Array.from({ length: count }, (_, t) => vote(a, b, kind, { item: `${a}-${b}-${kind}-${t}`, ...extra }));
}
