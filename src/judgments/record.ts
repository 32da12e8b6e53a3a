// What a vote is. A judgment is a fact: appended to the log, never rewritten. Votes collected by
// our server and votes imported from other tools (AlpacaEval, Chatbot Arena, Tülu) share this one
// record, so statistics and reports never care where a vote came from.
import { z } from 'zod';

export const JUDGMENT_VERSION = 1;

/** What the rater chose, in screen terms: the left (A) or right (B) response. */
export const Choice = z.enum(['left', 'right', 'tie', 'both-bad']);
export type Choice = z.infer<typeof Choice>;

export const Judgment = z.strictObject({
  v: z.literal(JUDGMENT_VERSION),
  study: z.string().min(1),
  /** The opaque task id the rater answered; unique per judgment (the idempotency key). */
  task: z.string().min(1),
  rater: z.string().min(1),
  item: z.string().min(1),
  /** System shown on the left ("Response A") and on the right ("Response B"). */
  left: z.string().min(1),
  right: z.string().min(1),
  choice: Choice,
  /** On a five-point scale: 2 = much better, 1 = slightly better, 0 for tie / both bad. */
  strength: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  /**
   * Soft preference for the LEFT system in [0, 1] (1 = left wins), for LLM judges that give
   * expected preferences. When absent, the score follows from `choice`.
   */
  score: z.number().min(0).max(1).optional(),
  rationale: z.string().optional(),
  /** Present on attention-check tasks: which side was correct and whether the rater chose it. */
  attention: z.strictObject({ expected: z.enum(['left', 'right']), passed: z.boolean() }).optional(),
  /** Server clock, ISO 8601. Imported votes may lack them. */
  shownAt: z.string().optional(),
  answeredAt: z.string().optional(),
  seconds: z.number().min(0).optional(),
  /** 1-based position of this task in the rater's sequence. */
  position: z.int().min(1).optional(),
  uaHash: z.string().optional(),
  appVersion: z.string().optional(),
  /** Where the vote came from: 'server', or 'import:<format>:<file>'. */
  source: z.string().optional(),
  /** Free-form extra fields from an import (judge name, acceptability, ...). */
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type Judgment = z.infer<typeof Judgment>;
