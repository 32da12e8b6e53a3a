// What a rater's requests may carry. Anything else is a 400 before any use case runs.
import { z } from 'zod';
import { RequestError } from '../../errors.ts';
import type { Issue } from '../../../errors.ts';
import type { Scale } from '../../../study/schema.ts';
import type { Answer } from '../../../rating/types.ts';
import { answerOptions } from './answers.ts';

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "-" or "_", at most 64');

export const StudyParams = z.object({
  study: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'a study id'),
});

/** Prolific appends PROLIFIC_PID, STUDY_ID and SESSION_ID; other platforms can pass `rater`. */
export const EntryQuery = z.object({
  PROLIFIC_PID: Id.optional(),
  STUDY_ID: Id.optional(),
  SESSION_ID: Id.optional(),
  rater: Id.optional(),
});
export type EntryQuery = z.infer<typeof EntryQuery>;

export const StartBody = z.object({
  _csrf: z.string().max(100).optional(),
  consent: z.literal('yes').optional(),
});

export const AnswerBody = z.object({
  _csrf: z.string().max(100).optional(),
  task: z.string().min(1).max(200),
  answer: z.string().min(1).max(20),
  rationale: z.string().max(10_000).optional(),
});
export type AnswerBody = z.infer<typeof AnswerBody>;

function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || undefined, message: i.message }));
}

/** Parses with a zod schema; failures become a 400 that lists every field. */
export function parseRequest<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new RequestError('invalid-input', `The ${what} is not valid.`, toIssues(result.error));
  return result.data;
}

/** The submitted button and rationale, checked against the study's scale. */
export function toAnswer(body: AnswerBody, scale: Scale): Answer {
  const option = answerOptions(scale).find((o) => o.value === body.answer);
  if (!option) {
    throw new RequestError('invalid-input', 'That answer is not one of this study\'s choices.', [
      { field: 'answer', message: 'not one of the choices' },
    ]);
  }
  const rationale = scale.rationale === 'off' ? '' : (body.rationale ?? '').trim();
  if (rationale.length > scale.rationaleMaxLength) {
    throw new RequestError('invalid-input', `The explanation is too long (at most ${scale.rationaleMaxLength} characters).`, [
      { field: 'rationale', message: `at most ${scale.rationaleMaxLength} characters` },
    ]);
  }
  if (scale.rationale === 'required' && rationale === '') {
    throw new RequestError('invalid-input', 'Please explain your choice in a few words.', [
      { field: 'rationale', message: 'required' },
    ]);
  }
  return {
    taskId: body.task,
    choice: option.choice,
    ...(option.strength !== undefined ? { strength: option.strength } : {}),
    ...(rationale ? { rationale } : {}),
  };
}
