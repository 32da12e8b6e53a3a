// Hand-written outcomes for closed-form tests.
import type { Outcome, OutcomeKind } from '../../src/outcomes/outcome.ts';

const SCORE: Record<OutcomeKind, number> = { win: 1, loss: 0, tie: 0.5, 'both-bad': 0.5 };

export function vote(a: string, b: string, kind: OutcomeKind, extra: Partial<Outcome> = {}): Outcome {
  return { a, b, score: SCORE[kind], kind, item: 'i0', rater: 'r0', ...extra };
}

/** `count` copies of the same vote, each on its own item unless `extra.item` is given. */
export function votes(count: number, a: string, b: string, kind: OutcomeKind, extra: Partial<Outcome> = {}): Outcome[] {
  return Array.from({ length: count }, (_, t) => vote(a, b, kind, { item: `${a}-${b}-${kind}-${t}`, ...extra }));
}
