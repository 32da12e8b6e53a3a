// The rater records and leases as the embedded store writes them, checked when read back: one
// definition for the journal's lines and for what is migrated from an old state.json.
import { z } from 'zod';

const Prolific = z.strictObject({ pid: z.string(), studyId: z.string(), sessionId: z.string() });

export const RaterRecordSchema = z.strictObject({
  id: z.string().min(1),
  prolific: Prolific.optional(),
  createdAt: z.string(),
  consentedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});

export const LeaseSchema = z.strictObject({
  task: z.string().min(1),
  rater: z.string().min(1),
  item: z.string().min(1),
  left: z.string().min(1),
  right: z.string().min(1),
  check: z.strictObject({ id: z.string(), expected: z.enum(['left', 'right']) }).optional(),
  position: z.int().min(1),
  shownAt: z.string(),
  expiresAt: z.number(),
});

/** One line of the rater journal. */
export const JournalLine = z.union([z.strictObject({ rater: RaterRecordSchema }), z.strictObject({ lease: LeaseSchema })]);
export type JournalLine = z.infer<typeof JournalLine>;
