// The rater's use cases over one study: enter, start (consent), get the current task, answer it.
// The study's TaskBoard (src/store) keeps the state and hands out tasks by the study's rules;
// this file adds what a use case decides (consent first, a valid answer, the judgment record, the
// completion code) and the texts a rater sees. Nothing here hands a system id to the browser, and
// nothing here knows which backend the board runs on.
import { PrefstudyError } from '../errors.ts';
import { isJudgeRater, JUDGE_PREFIX } from '../judgments/raterKind.ts';
import type { Judgment } from '../judgments/record.ts';
import { JUDGMENT_VERSION } from '../judgments/record.ts';
import type { Study } from '../study/schema.ts';
import { openBoard, type StoreConfig } from '../store/open-stores.ts';
import type { RaterState, TaskBoard } from '../store/types.ts';
import { APP_VERSION } from '../version.ts';
import { KeyedLock } from './keyed-lock.ts';
import { taskTexts, taskView, type TaskTexts } from './task-view.ts';
import type { Answer, CurrentTask, RaterIdentity, RaterStatus, RatingService, SubmitContext, SubmitResult } from './types.ts';
import { validateAnswer } from './validate-answer.ts';

export interface RatingServiceOptions {
  study: Study;
  /** Where the study's state is kept: results/<study-id>/ under its resultsDir, or a database. */
  store: StoreConfig;
  now?: () => Date;
  /** Told of damage found and repaired while opening (default: a process warning). */
  warn?: (message: string) => void;
  /** A board opened elsewhere (closed with the service). */
  board?: TaskBoard;
}

export async function openRatingService(opts: RatingServiceOptions): Promise<RatingService> {
  const clock = opts.now ?? (() => new Date());
  const warn = opts.warn ?? ((message: string) => process.emitWarning(message));
  const board = opts.board ?? (await openBoard({ study: opts.study, config: opts.store, warn, now: clock }));
  return new StudyRatingService(opts.study, board, clock);
}

class StudyRatingService implements RatingService {
  readonly studyId: string;
  private readonly texts: TaskTexts;
  /** One request of a rater at a time in this process (a double click waits for the first). */
  private readonly lock = new KeyedLock();
  private readonly failThreshold: number;

  constructor(
    private readonly study: Study,
    private readonly board: TaskBoard,
    private readonly clock: () => Date,
  ) {
    this.studyId = study.id;
    this.texts = taskTexts(study);
    this.failThreshold = study.attentionChecks?.failThreshold ?? 1;
  }

  enter(identity: RaterIdentity): Promise<RaterStatus> {
    const id = identity.id;
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) {
      return Promise.reject(new PrefstudyError('invalid-input', 'a rater id of 1 to 200 characters is required'));
    }
    // Reserved for LLM judges, whose votes count toward no quota: a person under such an id would vanish from the study.
    if (isJudgeRater(id)) {
      return Promise.reject(new PrefstudyError('invalid-input', `rater ids starting with "${JUDGE_PREFIX}" are reserved for LLM judges`));
    }
    return this.lock.run(id, async () => this.status(await this.board.enter(identity, this.clock())));
  }

  start(raterId: string, agrees: boolean): Promise<'started' | 'consent-needed'> {
    return this.lock.run(raterId, async () => {
      const { record } = await this.requireRater(raterId);
      // A returning rater consented the first time; only someone who never did must tick the box.
      if (!this.study.consent || record.consentedAt) return 'started';
      if (!agrees) return 'consent-needed';
      await this.board.mark(raterId, 'consentedAt', this.clock());
      return 'started';
    });
  }

  current(raterId: string, now?: Date): Promise<CurrentTask> {
    return this.lock.run(raterId, async () => {
      const at = now ?? this.clock();
      const { record } = await this.requireRater(raterId);
      if (this.study.consent && !record.consentedAt) return { kind: 'consent-needed' };
      const taken = await this.board.take(raterId, at);
      if (taken) return { kind: 'task', task: taskView(this.study, this.texts, taken.lease, taken.total) };
      if (!record.finishedAt) await this.board.mark(raterId, 'finishedAt', at);
      return this.done();
    });
  }

  submit(raterId: string, answer: Answer, ctx: SubmitContext = {}): Promise<SubmitResult> {
    return this.lock.run(raterId, async () => {
      const now = ctx.now ?? this.clock();
      const taskId = typeof answer?.taskId === 'string' ? answer.taskId : '';
      const lease = taskId ? await this.board.leaseOf(taskId) : undefined;
      if (!lease) {
        const recorded = taskId ? await this.board.judgmentOf(taskId) : undefined;
        if (recorded?.rater === raterId) return { kind: 'duplicate' };
        if (recorded) throw new PrefstudyError('forbidden', 'this task is not yours');
        // Expired, or open when the rater state was lost in a crash (the two cannot be told apart
        // from a made-up id, which is refused all the same): either way the next task is waiting.
        throw gone();
      }
      if (lease.rater !== raterId) throw new PrefstudyError('forbidden', 'this task is not yours');
      const checked = validateAnswer(answer, this.study.scale);
      if (!checked.answer) throw new PrefstudyError('invalid-input', 'the answer does not fit this study', checked.issues);
      const judgment: Judgment = {
        v: JUDGMENT_VERSION,
        study: this.study.id,
        task: lease.task,
        rater: raterId,
        item: lease.item,
        left: lease.left,
        right: lease.right,
        ...checked.answer,
        ...(lease.check ? { attention: { expected: lease.check.expected, passed: checked.answer.choice === lease.check.expected } } : {}),
        shownAt: lease.shownAt,
        answeredAt: now.toISOString(),
        seconds: Math.max(0, (now.getTime() - Date.parse(lease.shownAt)) / 1000),
        position: lease.position,
        ...(ctx.uaHash ? { uaHash: ctx.uaHash } : {}),
        appVersion: APP_VERSION,
        source: 'server',
      };
      const result = await this.board.answer(lease, judgment, now);
      if (result === 'gone') throw gone();
      return { kind: result === 'written' ? 'recorded' : 'duplicate' };
    });
  }

  progress(now?: Date) {
    return this.board.progress(now ?? this.clock());
  }

  judgments(): AsyncIterable<Judgment> {
    return this.board.judgments();
  }

  judgmentCount(): Promise<number> {
    return this.board.judgmentCount();
  }

  get location(): string {
    return this.board.location;
  }

  async close(): Promise<void> {
    await this.lock.idle();
    await this.board.close();
  }

  private status(state: RaterState): RaterStatus {
    const { record, answered, attentionFailures } = state;
    return {
      id: record.id,
      ...(record.consentedAt ? { consentedAt: record.consentedAt } : {}),
      ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
      answered,
      attentionFailures,
      flagged: attentionFailures >= this.failThreshold,
    };
  }

  private async requireRater(raterId: string): Promise<RaterState> {
    const state = await this.board.rater(raterId);
    if (!state) throw new PrefstudyError('not-found', 'unknown rater; open the study link again');
    return state;
  }

  private done(): CurrentTask {
    const { code, redirectUrl } = this.study.completion;
    return {
      kind: 'done',
      ...(code !== undefined ? { completionCode: code } : {}),
      ...(redirectUrl !== undefined ? { redirectUrl } : {}),
    };
  }
}

function gone(): PrefstudyError {
  return new PrefstudyError('gone', 'this task is no longer open; the next one is waiting');
}
