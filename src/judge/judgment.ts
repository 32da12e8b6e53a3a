// A judge's verdict as a judgment record: the same record a person's vote is, with the judge as
// rater and source (`judge:<model>`), its soft preference as the score, and in `meta` what it
// takes to audit it: the template's hash, the tokens spent and the reply itself (cut short).
import { judgeRaterId } from '../judgments/raterKind.ts';
import { JUDGMENT_VERSION, type Judgment } from '../judgments/record.ts';
import { APP_VERSION } from '../version.ts';
import type { ChatReply } from './client.ts';
import type { JudgeTask } from './plan.ts';
import { decide, type SoftPreference, type Verdict } from './verdict.ts';

/** Characters of the reply kept in a judgment's meta (the side file of unparsed replies keeps them all). */
export const REPLY_KEPT = 500;

export interface JudgedTask {
  study: string;
  model: string;
  /** The template's sha256, first 12 hex digits. */
  template: string;
  task: JudgeTask;
  reply: ChatReply;
  verdict: Verdict;
  soft: SoftPreference | undefined;
  askedAt: Date;
  answeredAt: Date;
}

export function judgeJudgment(judged: JudgedTask): Judgment {
  const { task, reply, soft } = judged;
  const { choice, score } = decide(judged.verdict, soft);
  const rater = judgeRaterId(judged.model);
  return {
    v: JUDGMENT_VERSION,
    study: judged.study,
    task: task.id,
    rater,
    item: task.item,
    left: task.left,
    right: task.right,
    choice,
    ...(score !== undefined ? { score } : {}),
    shownAt: judged.askedAt.toISOString(),
    answeredAt: judged.answeredAt.toISOString(),
    seconds: Math.max(0, (judged.answeredAt.getTime() - judged.askedAt.getTime()) / 1000),
    appVersion: APP_VERSION,
    source: rater,
    meta: {
      judge: judged.model,
      ...(reply.model && reply.model !== judged.model ? { servedModel: reply.model } : {}),
      template: judged.template,
      promptTokens: reply.promptTokens,
      completionTokens: reply.completionTokens,
      reply: cut(reply.text, REPLY_KEPT),
      // The mass on 'a' (left) and 'b' (right) at the verdict token, before normalising.
      ...(soft ? { logprobs: { a: soft.a, b: soft.b } } : {}),
    },
  };
}

/** At most `max` characters (whole code points), marked when cut. */
export function cut(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max).join('')}…`;
}
