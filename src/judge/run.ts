// `prefstudy judge` as a use case: an LLM judges every (item, pair) of a study's design in both
// orders. The story: list the tasks, drop those the store already holds, then ask the rest, a few
// at a time; each reply is read (verdict, soft preference) and its judgment appended durably before
// the next task starts in that lane, so a killed run loses only the requests in flight and a
// rerun asks only what is missing. An unreadable reply goes to the side file, a failed request is
// counted: neither becomes a judgment, so both are asked again next time.
import { judgeRaterId } from '../judgments/raterKind.ts';
import type { JudgmentAppender } from '../store/append.ts';
import type { Item, Study } from '../study/schema.ts';
import { JudgeRequestError, type JudgeClient } from './client.ts';
import { eachConcurrently } from './concurrently.ts';
import { judgeJudgment } from './judgment.ts';
import { instructionOf, judgeTasks, planJudging, type JudgeTask } from './plan.ts';
import { renderTemplate, type JudgeTemplate } from './template.ts';
import type { UnparsedLog } from './unparsed-log.ts';
import { parseVerdict, softPreference } from './verdict.ts';

export interface JudgeRunOptions {
  study: Study;
  model: string;
  template: JudgeTemplate;
  concurrency: number;
  /** Ask at most this many tasks in this run. */
  limit?: number;
}

export interface JudgePorts {
  client: JudgeClient;
  store: JudgmentAppender;
  unparsed: UnparsedLog;
  now?: () => Date;
  /** Told the plan once it is known, then after every task. */
  onProgress?: (progress: JudgeProgress) => void;
}

export interface JudgeProgress {
  /** Tasks to ask in this run, and how many of them are done (judged, unparsed or failed). */
  total: number;
  done: number;
  judged: number;
  unparsed: number;
  failed: number;
  tokensIn: number;
  tokensOut: number;
}

export interface JudgeSummary extends JudgeProgress {
  study: string;
  /** The rater id: judge:<model>. */
  judge: string;
  /** Every task of the design, both orders. */
  planned: number;
  /** Already in the store: skipped, not asked again. */
  skipped: number;
  /** Judgments with a soft preference (the server returned logprobs). */
  soft: number;
  /** Left for a later run by --limit. */
  deferred: number;
  /** Not asked because the run stopped (`stopped` says why). */
  notAsked: number;
  stopped?: string;
  /** Why the failed requests failed, most frequent first. */
  failures: Array<{ message: string; count: number }>;
  logprobsRefused?: string;
  location: string;
  unparsedFile: string;
}

export async function runJudge(options: JudgeRunOptions, ports: JudgePorts): Promise<JudgeSummary> {
  const { study, model, template } = options;
  const { client, store, unparsed } = ports;
  const now = ports.now ?? (() => new Date());

  const all = judgeTasks(study, model);
  const stored = await store.stored(all.map((t) => t.id));
  const plan = planJudging(all, (id) => stored.has(id), options.limit);

  const items = new Map<string, Item>(study.items.map((item) => [item.id, item]));
  const progress: JudgeProgress = { total: plan.tasks.length, done: 0, judged: 0, unparsed: 0, failed: 0, tokensIn: 0, tokensOut: 0 };
  const failures = new Map<string, number>();
  let soft = 0;
  let stopped: string | undefined;
  ports.onProgress?.({ ...progress });

  const judge = async (task: JudgeTask): Promise<void> => {
    const item = items.get(task.item) as Item;
    const prompt = renderTemplate(template, { instruction: instructionOf(item), output_1: item.completions[task.left], output_2: item.completions[task.right] });
    const askedAt = now();
    try {
      const reply = await client.ask(prompt);
      progress.tokensIn += reply.promptTokens;
      progress.tokensOut += reply.completionTokens;
      const verdict = parseVerdict(reply.text, template.allowTie);
      if (!verdict) {
        const { id, ...where } = task;
        await unparsed.write({ task: id, study: study.id, judge: judgeRaterId(model), ...where, reply: reply.text, template: template.sha256, at: now().toISOString() });
        progress.unparsed++;
        return;
      }
      const preference = softPreference(reply.text, verdict, reply.tokens);
      const judgment = judgeJudgment({ study: study.id, model, template: template.sha256, task, reply, verdict, soft: preference, askedAt, answeredAt: now() });
      // Durable once this resolves ('duplicate': another run stored it meanwhile; nothing is written twice).
      await store.append(judgment);
      progress.judged++;
      if (judgment.score !== undefined) soft++;
    } catch (error) {
      if (!(error instanceof JudgeRequestError)) throw error;
      progress.failed++;
      failures.set(error.message, (failures.get(error.message) ?? 0) + 1);
      // A bad key or an unknown model fails every request alike: stop asking.
      if (error.fatal) stopped ??= error.message;
    } finally {
      progress.done++;
      ports.onProgress?.({ ...progress });
    }
  };

  const started = await eachConcurrently(plan.tasks, options.concurrency, judge, () => stopped !== undefined);

  return {
    ...progress,
    study: study.id,
    judge: judgeRaterId(model),
    planned: plan.planned,
    skipped: plan.stored,
    soft,
    deferred: plan.deferred,
    notAsked: plan.tasks.length - started,
    ...(stopped !== undefined ? { stopped } : {}),
    failures: [...failures].map(([message, count]) => ({ message, count })).sort((x, y) => y.count - x.count),
    ...(client.logprobsRefused !== undefined ? { logprobsRefused: client.logprobsRefused } : {}),
    location: store.location,
    unparsedFile: unparsed.location,
  };
}

/** Whether the run left anything to do that a rerun should do (exit code 1). */
export function incomplete(summary: JudgeSummary): boolean {
  return summary.unparsed > 0 || summary.failed > 0 || summary.notAsked > 0;
}
