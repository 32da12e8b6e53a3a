// A judgment as every store writes it: checked, fields in the schema's order, nothing unknown. One
// definition, so the embedded log and the database hold the same bytes for the same vote.
import { PrefstudyError } from '../errors.ts';
import { fastJudgment } from './readers/fastJudgment.ts';
import { Judgment } from './record.ts';

/** The record to store, or an invalid-input error naming every field that is wrong. */
export function canonicalJudgment(value: unknown): Judgment {
  // The hand-written check answers for a valid record; zod decides (and words) anything doubtful.
  const fast = fastJudgment(value);
  if (fast) return fast;
  const parsed = Judgment.safeParse(value);
  if (!parsed.success) {
    throw new PrefstudyError(
      'invalid-input',
      'not a valid judgment record',
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}
