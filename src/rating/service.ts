// The rater's use cases over one study: the scheduler decides, the stores remember, and nothing
// here hands a system id to the browser. Every mutation of the scheduler happens synchronously
// before the first await of a use case, so concurrent raters cannot double-book a slot.
import { PrefstudyError } from '../errors.ts';
import type { Judgment } from '../judgments/record.ts';
import { JUDGMENT_VERSION } from '../judgments/record.ts';
import { buildPlan } from '../assign/plan.ts';
import { CHECK_BAD, CHECK_GOOD, Scheduler, type RaterSnapshot } from '../assign/scheduler.ts';
import type { Study } from '../study/schema.ts';
import { openJudgmentLog } from '../store/embedded/judgment-log.ts';
import { judgmentLogPath, statePath } from '../store/embedded/paths.ts';
import { openStateStore } from '../store/embedded/state-store.ts';
import type { JudgmentLog, Lease, RaterRecord, StateStore } from '../store/types.ts';
import { APP_VERSION } from '../version.ts';
import { KeyedLock } from './keyed-lock.ts';
import { newTaskId } from './task-id.ts';
import { reconcileRater, sameRecord, tallyByRater } from './reconcile.ts';
import { taskTexts, taskView, type TaskTexts } from './task-view.ts';
import type {
  Answer,
  CurrentTask,
  RaterIdentity,
  RatingService,
  StudyProgress,
  SubmitContext,
  SubmitResult,
} from './types.ts';
import { validateAnswer } from './validate-answer.ts';

export interface RatingServiceOptions {
  study: Study;
  /** results/<study-id>/ is created under it. */
  resultsDir: string;
  now?: () => Date;
  /**
   * Another backend's stores (e.g. a database). By default the embedded ones under resultsDir:
   * judgments.jsonl and state.json. The service closes whichever stores it uses.
   */
  stores?: { log: JudgmentLog; state: StateStore };
}

export async function openRatingService(opts: RatingServiceOptions): Promise<RatingService> {
  const log = opts.stores?.log ?? (await openJudgmentLog(judgmentLogPath(opts.resultsDir, opts.study.id)));
  try {
    const state = opts.stores?.state ?? (await openStateStore(statePath(opts.resultsDir, opts.study.id)));
    const service = new StudyRatingService(opts.study, log, state, opts.now ?? (() => new Date()));
    await service.reconcile();
    return service;
  } catch (error) {
    await log.close();
    throw error;
  }
}

interface Seen {
  items: Set<string>;
  checks: Set<string>;
}

class StudyRatingService implements RatingService {
  readonly studyId: string;
  private readonly scheduler: Scheduler;
  private readonly texts: TaskTexts;
  private readonly lock = new KeyedLock();
  private readonly seen = new Map<string, Seen>();
  /** Tasks whose lease expired unanswered, so a late submit gets 'gone' rather than 'forbidden'. */
  private readonly expired = new Map<string, string>();
  /** Tasks being appended right now; the expiry sweep leaves them alone. */
  private readonly submitting = new Set<string>();
  private readonly votesPerPair: number[];
  private readonly failThreshold: number;
  private readonly background = new Set<Promise<unknown>>();
  /** No lease expires before this (ms): until then the expiry sweep need not look at every lease. */
  private earliestExpiry = -Infinity;

  constructor(
    private readonly study: Study,
    private readonly log: JudgmentLog,
    private readonly state: StateStore,
    private readonly clock: () => Date,
  ) {
    this.studyId = study.id;
    const plan = buildPlan(study);
    this.scheduler = new Scheduler({
      plan,
      seed: study.seed,
      raterLimit: study.raterLimit,
      attentionChecks: study.attentionChecks,
    });
    this.texts = taskTexts(study);
    this.votesPerPair = plan.pairs.map(() => 0);
    this.failThreshold = study.attentionChecks?.failThreshold ?? 1;
  }

  /** Rebuild coverage and rater counts from the log; drop leases that were answered or expired. */
  async reconcile(): Promise<void> {
    const judgments = this.log.all();
    const answeredTasks = new Set<string>();
    for (const j of judgments) {
      answeredTasks.add(j.task);
      if (j.attention) continue;
      if (this.scheduler.reserve(j.item, j.left, j.right)) this.countVote(j);
    }
    const now = this.clock();
    const writes: Array<Promise<void>> = [];
    for (const lease of this.state.leases()) {
      if (answeredTasks.has(lease.task) || lease.expiresAt <= now.getTime()) {
        if (!answeredTasks.has(lease.task)) this.expired.set(lease.task, lease.rater);
        writes.push(this.state.deleteLease(lease.task));
      } else if (lease.check ? !this.texts.checks.has(lease.check.id) : !this.scheduler.reserve(lease.item, lease.left, lease.right)) {
        // The study changed since this lease was handed out: its pair or check is gone.
        this.expired.set(lease.task, lease.rater);
        writes.push(this.state.deleteLease(lease.task));
      }
    }
    const tallies = tallyByRater(judgments);
    const ids = new Set([...this.state.raters().map((r) => r.id), ...tallies.keys()]);
    for (const id of ids) {
      const stored = this.state.getRater(id);
      const record = reconcileRater(id, stored, tallies.get(id), this.failThreshold, now.toISOString());
      const lease = this.state.leaseOf(id);
      if (lease && !lease.check && !record.seenItems.includes(lease.item)) record.seenItems.push(lease.item);
      this.seen.set(id, {
        items: new Set(record.seenItems),
        checks: new Set([...(tallies.get(id)?.checks ?? []), ...(lease?.check ? [lease.check.id] : [])]),
      });
      if (!sameRecord(stored, record)) writes.push(this.state.putRater(record));
    }
    await Promise.all(writes);
  }

  enter(identity: RaterIdentity): Promise<RaterRecord> {
    const id = identity.id;
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) {
      return Promise.reject(new PrefstudyError('invalid-input', 'a rater id of 1 to 200 characters is required'));
    }
    return this.lock.run(id, async () => {
      const existing = this.state.getRater(id);
      if (existing) {
        if (identity.prolific && !existing.prolific) {
          const updated = { ...existing, prolific: identity.prolific };
          await this.state.putRater(updated);
          return updated;
        }
        return existing;
      }
      const rater: RaterRecord = {
        id,
        ...(identity.prolific ? { prolific: identity.prolific } : {}),
        createdAt: this.clock().toISOString(),
        answered: 0,
        seenItems: [],
        attentionFailures: 0,
        flagged: false,
      };
      this.seen.set(id, { items: new Set(), checks: new Set() });
      await this.state.putRater(rater);
      return rater;
    });
  }

  consent(raterId: string): Promise<void> {
    return this.lock.run(raterId, async () => {
      const rater = this.requireRater(raterId);
      if (rater.consentedAt) return;
      await this.state.putRater({ ...rater, consentedAt: this.clock().toISOString() });
    });
  }

  current(raterId: string, now?: Date): Promise<CurrentTask> {
    return this.lock.run(raterId, async () => {
      const at = now ?? this.clock();
      const rater = this.requireRater(raterId);
      if (this.study.consent && !rater.consentedAt) return { kind: 'consent-needed' };
      await this.expireLeases(at);
      const held = this.state.leaseOf(raterId);
      if (held) return { kind: 'task', task: taskView(this.study, this.texts, held, this.total(rater, true)) };

      const seen = this.seenOf(raterId);
      const snapshot: RaterSnapshot = { id: raterId, answered: rater.answered, seenItems: seen.items, seenChecks: seen.checks };
      const assignment = this.scheduler.next(snapshot);
      if (!assignment) {
        if (!rater.finishedAt) await this.state.putRater({ ...rater, finishedAt: at.toISOString() });
        return this.done();
      }
      const lease: Lease = {
        task: newTaskId(),
        rater: raterId,
        item: assignment.item,
        left: assignment.left,
        right: assignment.right,
        ...(assignment.kind === 'check' ? { check: { id: assignment.check.id, expected: assignment.expected } } : {}),
        position: rater.answered + 1,
        shownAt: at.toISOString(),
        expiresAt: at.getTime() + this.study.leaseSeconds * 1000,
      };
      let updated = rater;
      if (assignment.kind === 'check') {
        seen.checks.add(assignment.item);
      } else {
        seen.items.add(assignment.item);
        updated = { ...rater, seenItems: [...rater.seenItems, assignment.item] };
      }
      this.earliestExpiry = Math.min(this.earliestExpiry, lease.expiresAt);
      try {
        await Promise.all([this.state.putLease(lease), updated !== rater ? this.state.putRater(updated) : undefined]);
      } catch (error) {
        this.release(lease);
        throw error;
      }
      return { kind: 'task', task: taskView(this.study, this.texts, lease, this.total(updated, true)) };
    });
  }

  submit(raterId: string, answer: Answer, ctx: SubmitContext = {}): Promise<SubmitResult> {
    return this.lock.run(raterId, async () => {
      const now = ctx.now ?? this.clock();
      const taskId = typeof answer?.taskId === 'string' ? answer.taskId : '';
      const lease = this.state.getLease(taskId);
      if (!lease) {
        const recorded = taskId ? this.log.byTask(taskId) : undefined;
        if (recorded?.rater === raterId) return { kind: 'duplicate' };
        if (!recorded && this.expired.get(taskId) === raterId) {
          throw new PrefstudyError('gone', 'this task expired; the next one is waiting');
        }
        throw new PrefstudyError('forbidden', 'this task is not yours');
      }
      if (lease.rater !== raterId) throw new PrefstudyError('forbidden', 'this task is not yours');
      if (lease.expiresAt <= now.getTime()) {
        await this.expire(lease);
        throw new PrefstudyError('gone', 'this task expired; the next one is waiting');
      }
      const checked = validateAnswer(answer, this.study.scale);
      if (!checked.answer) throw new PrefstudyError('invalid-input', 'the answer does not fit this study', checked.issues);
      const rater = this.requireRater(raterId);

      const passed = lease.check ? checked.answer.choice === lease.check.expected : undefined;
      const judgment: Judgment = {
        v: JUDGMENT_VERSION,
        study: this.study.id,
        task: lease.task,
        rater: raterId,
        item: lease.item,
        left: lease.left,
        right: lease.right,
        ...checked.answer,
        ...(lease.check ? { attention: { expected: lease.check.expected, passed: passed === true } } : {}),
        shownAt: lease.shownAt,
        answeredAt: now.toISOString(),
        seconds: Math.max(0, (now.getTime() - Date.parse(lease.shownAt)) / 1000),
        position: lease.position,
        ...(ctx.uaHash ? { uaHash: ctx.uaHash } : {}),
        appVersion: APP_VERSION,
        source: 'server',
      };

      this.submitting.add(lease.task);
      let result: 'written' | 'duplicate';
      try {
        result = await this.log.append(judgment);
      } finally {
        this.submitting.delete(lease.task);
      }
      if (result === 'written' && !lease.check) this.countVote(judgment);

      const attentionFailures = rater.attentionFailures + (passed === false ? 1 : 0);
      const updated: RaterRecord = {
        ...rater,
        answered: rater.answered + (result === 'written' ? 1 : 0),
        attentionFailures,
        flagged: rater.flagged || attentionFailures >= this.failThreshold,
      };
      // The vote is durable now. The rater record and the lease are a cache of the log (reconciled
      // on open), so the answer does not wait for lowdb; memory is already up to date.
      this.inBackground(Promise.all([this.state.putRater(updated), this.state.deleteLease(lease.task)]));
      return { kind: result === 'written' ? 'recorded' : 'duplicate' };
    });
  }

  progress(now?: Date): StudyProgress {
    const at = (now ?? this.clock()).getTime();
    const plan = this.scheduler.plan;
    const slotsPerPair = plan.pairs.map(() => 0);
    for (const slot of plan.slots) slotsPerPair[slot.pairIndex]++;
    const pairs = plan.pairs.map(([a, b], i) => ({ a, b, votes: this.votesPerPair[i], target: slotsPerPair[i] * plan.target }));
    const live = this.state.leases().filter((l) => l.expiresAt > at);
    const raters = this.state.raters();
    return {
      studyId: this.studyId,
      judgments: this.log.count(),
      pairs,
      votes: pairs.reduce((sum, p) => sum + p.votes, 0),
      target: pairs.reduce((sum, p) => sum + p.target, 0),
      raters: raters.length,
      activeRaters: new Set(live.map((l) => l.rater)).size,
      finishedRaters: raters.filter((r) => r.finishedAt).length,
      flaggedRaters: raters.filter((r) => r.flagged).map((r) => ({ id: r.id, attentionFailures: r.attentionFailures })),
      openLeases: live.length,
    };
  }

  async close(): Promise<void> {
    await this.lock.idle();
    await Promise.all(this.background);
    await this.state.close();
    await this.log.close();
  }

  private inBackground(work: Promise<unknown>): void {
    const tracked = work
      .catch((error: unknown) => {
        // Nothing is lost (the log is the truth); say so loudly rather than fail a recorded vote.
        process.emitWarning(`rater state not saved; it will be rebuilt from the judgment log: ${String(error)}`);
      })
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  private done(): CurrentTask {
    const { code, redirectUrl } = this.study.completion;
    return {
      kind: 'done',
      ...(code !== undefined ? { completionCode: code } : {}),
      ...(redirectUrl !== undefined ? { redirectUrl } : {}),
    };
  }

  private requireRater(raterId: string): RaterRecord {
    const rater = this.state.getRater(raterId);
    if (!rater) throw new PrefstudyError('not-found', 'unknown rater; open the study link again');
    return rater;
  }

  private seenOf(raterId: string): Seen {
    let seen = this.seen.get(raterId);
    if (!seen) {
      seen = { items: new Set(this.state.getRater(raterId)?.seenItems ?? []), checks: new Set() };
      this.seen.set(raterId, seen);
    }
    return seen;
  }

  /** How many tasks the rater will do in all, as far as can be told now. */
  private total(rater: RaterRecord, holdsLease: boolean): number {
    const seen = this.seenOf(rater.id);
    const snapshot: RaterSnapshot = { id: rater.id, answered: rater.answered, seenItems: seen.items, seenChecks: seen.checks };
    const more = this.scheduler.available(snapshot) + (holdsLease ? 1 : 0);
    return Math.min(this.study.raterLimit, rater.answered + more);
  }

  private countVote(j: Judgment): void {
    const found = this.scheduler.plan.slotOf(j.item, j.left, j.right);
    if (found) this.votesPerPair[found.slot.pairIndex]++;
  }

  private async expireLeases(now: Date): Promise<void> {
    const at = now.getTime();
    if (at < this.earliestExpiry) return;
    const due: Lease[] = [];
    let earliest = Infinity;
    for (const lease of this.state.leases()) {
      // A lease being submitted stays in the bound: its append may fail and leave it due.
      if (lease.expiresAt <= at && !this.submitting.has(lease.task)) due.push(lease);
      else earliest = Math.min(earliest, lease.expiresAt);
    }
    this.earliestExpiry = earliest;
    await Promise.all(due.map((lease) => this.expire(lease)));
  }

  private expire(lease: Lease): Promise<void> {
    this.release(lease);
    this.expired.set(lease.task, lease.rater);
    return this.state.deleteLease(lease.task);
  }

  private release(lease: Lease): void {
    if (!lease.check) this.scheduler.release(lease.item, lease.left, lease.right);
  }
}
