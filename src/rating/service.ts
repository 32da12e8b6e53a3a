// The rater's use cases over one study: the scheduler decides, the stores remember, and nothing
// here hands a system id to the browser. The live state (who has seen what, open leases, slot
// coverage) is in memory, rebuilt from the judgment log when the study opens; a request changes it
// synchronously before its first await, so concurrent raters cannot double-book a slot, and then
// appends one small record at most. Nothing a request costs grows with the number of votes stored.
import { PrefstudyError } from '../errors.ts';
import type { Judgment } from '../judgments/record.ts';
import { JUDGMENT_VERSION } from '../judgments/record.ts';
import { buildPlan } from '../assign/plan.ts';
import { Scheduler, type RaterSnapshot } from '../assign/scheduler.ts';
import type { Study } from '../study/schema.ts';
import { openStores, type StudyStores } from '../store/open-stores.ts';
import type { JudgmentLog, Lease, RaterRecord, RaterStore } from '../store/types.ts';
import { APP_VERSION } from '../version.ts';
import { KeyedLock } from './keyed-lock.ts';
import { RaterProgressBook } from './rater-progress.ts';
import { newTaskId } from './task-id.ts';
import { taskTexts, taskView, type TaskTexts } from './task-view.ts';
import type {
  Answer,
  CurrentTask,
  RaterIdentity,
  RaterStatus,
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
  /** Told of damage found and repaired while opening (default: a process warning). */
  warn?: (message: string) => void;
  /** Another backend's stores; by default the embedded ones under resultsDir. Closed with the service. */
  stores?: StudyStores;
}

export async function openRatingService(opts: RatingServiceOptions): Promise<RatingService> {
  const warn = opts.warn ?? ((message: string) => process.emitWarning(message));
  const service = new StudyRatingService(opts.study, opts.now ?? (() => new Date()), warn);
  // The log is read once: each stored judgment is counted as the store checks it.
  const stores =
    opts.stores ?? (await openStores({ resultsDir: opts.resultsDir, studyId: opts.study.id, visit: (j) => service.replay(j), warn }));
  if (opts.stores) stores.log.forEach((j) => service.replay(j));
  try {
    await service.attach(stores);
    return service;
  } catch (error) {
    await Promise.allSettled([stores.raters.close(), stores.log.close()]);
    throw error;
  }
}

class StudyRatingService implements RatingService {
  readonly studyId: string;
  private readonly scheduler: Scheduler;
  private readonly texts: TaskTexts;
  private readonly lock = new KeyedLock();
  private readonly raters = new Map<string, RaterRecord>();
  private readonly book: RaterProgressBook;
  private readonly leases = new Map<string, Lease>();
  private readonly leaseOfRater = new Map<string, string>();
  /** Tasks being appended right now; the expiry sweep leaves them alone. */
  private readonly submitting = new Set<string>();
  private readonly votesPerPair: number[];
  private readonly failThreshold: number;
  /** No lease expires before this (ms): until then the expiry sweep need not look at every lease. */
  private earliestExpiry = -Infinity;
  private log!: JudgmentLog;
  private store!: RaterStore;

  constructor(
    private readonly study: Study,
    private readonly clock: () => Date,
    private readonly warn: (message: string) => void,
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
    this.book = new RaterProgressBook(plan.itemIds);
    this.votesPerPair = plan.pairs.map(() => 0);
    this.failThreshold = study.attentionChecks?.failThreshold ?? 1;
  }

  /** A judgment already in the log, seen while the log opens. */
  replay(j: Judgment): void {
    this.book.answered(j);
    const slot = j.attention ? undefined : this.scheduler.reserve(j.item, j.left, j.right);
    if (slot) this.votesPerPair[slot.pairIndex]++;
  }

  /**
   * Takes over the rater store's saved state: open leases go back to their raters (answered,
   * expired or no longer valid ones are dropped), and a rater the log knows but the store lost
   * gets a record back, dated by their first task.
   */
  async attach(stores: StudyStores): Promise<void> {
    this.log = stores.log;
    this.store = stores.raters;
    const saved = stores.raters.saved();
    for (const rater of saved.raters) this.raters.set(rater.id, rater);
    const now = this.clock().getTime();
    for (const lease of saved.leases) {
      if (this.log.has(lease.task)) continue;
      if (lease.expiresAt > now && this.restorable(lease)) this.hold(lease);
    }
    const rebuilt: RaterRecord[] = [];
    for (const [id, progress] of this.book.raters()) {
      if (this.raters.has(id)) continue;
      // They answered, so they had consented if the study asked for it.
      const since = progress.firstShownAt ?? new Date(now).toISOString();
      const record: RaterRecord = { id, createdAt: since, ...(this.study.consent ? { consentedAt: since } : {}) };
      this.raters.set(id, record);
      rebuilt.push(record);
    }
    if (rebuilt.length > 0) {
      this.warn(`${this.store.location}: ${rebuilt.length} rater record${rebuilt.length === 1 ? ' was' : 's were'} missing; rebuilt from the judgment log ${this.log.location}`);
      await Promise.all(rebuilt.map((record) => this.store.putRater(record)));
    }
  }

  enter(identity: RaterIdentity): Promise<RaterStatus> {
    const id = identity.id;
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) {
      return Promise.reject(new PrefstudyError('invalid-input', 'a rater id of 1 to 200 characters is required'));
    }
    return this.lock.run(id, async () => {
      const existing = this.raters.get(id);
      if (existing && (existing.prolific || !identity.prolific)) return this.status(existing);
      const rater: RaterRecord = existing
        ? { ...existing, prolific: identity.prolific }
        : { id, ...(identity.prolific ? { prolific: identity.prolific } : {}), createdAt: this.clock().toISOString() };
      await this.saveRater(rater);
      return this.status(rater);
    });
  }

  start(raterId: string, agrees: boolean): Promise<'started' | 'consent-needed'> {
    return this.lock.run(raterId, async () => {
      const rater = this.requireRater(raterId);
      // A returning rater consented the first time; only someone who never did must tick the box.
      if (!this.study.consent || rater.consentedAt) return 'started';
      if (!agrees) return 'consent-needed';
      await this.saveRater({ ...rater, consentedAt: this.clock().toISOString() });
      return 'started';
    });
  }

  current(raterId: string, now?: Date): Promise<CurrentTask> {
    return this.lock.run(raterId, async () => {
      const at = now ?? this.clock();
      const rater = this.requireRater(raterId);
      if (this.study.consent && !rater.consentedAt) return { kind: 'consent-needed' };
      this.expireLeases(at);
      const held = this.leaseOf(raterId);
      if (held) return { kind: 'task', task: taskView(this.study, this.texts, held, this.total(raterId, true)) };
      const assignment = this.scheduler.next(this.snapshot(raterId));
      if (!assignment) {
        if (!rater.finishedAt) await this.saveRater({ ...rater, finishedAt: at.toISOString() });
        return this.done();
      }
      const lease: Lease = {
        task: newTaskId(),
        rater: raterId,
        item: assignment.item,
        left: assignment.left,
        right: assignment.right,
        ...(assignment.kind === 'check' ? { check: { id: assignment.check.id, expected: assignment.expected } } : {}),
        position: this.book.of(raterId).answered + 1,
        shownAt: at.toISOString(),
        expiresAt: at.getTime() + this.study.leaseSeconds * 1000,
      };
      this.hold(lease);
      try {
        // Written before the page is served, so a restart hands the rater this same pair again.
        await this.store.putLease(lease);
      } catch (error) {
        this.drop(lease);
        this.release(lease);
        throw error;
      }
      return { kind: 'task', task: taskView(this.study, this.texts, lease, this.total(raterId, true)) };
    });
  }

  submit(raterId: string, answer: Answer, ctx: SubmitContext = {}): Promise<SubmitResult> {
    return this.lock.run(raterId, async () => {
      const now = ctx.now ?? this.clock();
      const taskId = typeof answer?.taskId === 'string' ? answer.taskId : '';
      const lease = this.leases.get(taskId);
      if (!lease) {
        const recorded = taskId ? this.log.byTask(taskId) : undefined;
        if (recorded?.rater === raterId) return { kind: 'duplicate' };
        if (recorded) throw new PrefstudyError('forbidden', 'this task is not yours');
        // Expired, or open when the rater state was lost in a crash (the two cannot be told apart
        // from a made-up id, which is refused all the same): either way the next task is waiting.
        throw new PrefstudyError('gone', 'this task is no longer open; the next one is waiting');
      }
      if (lease.rater !== raterId) throw new PrefstudyError('forbidden', 'this task is not yours');
      if (lease.expiresAt <= now.getTime()) {
        this.expire(lease);
        throw new PrefstudyError('gone', 'this task expired; the next one is waiting');
      }
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
      this.submitting.add(lease.task);
      let result: 'written' | 'duplicate';
      try {
        result = await this.log.append(judgment);
      } finally {
        this.submitting.delete(lease.task);
      }
      // The vote is durable now, and the lease ends with it: the log's record of the task is what
      // tells a restart that this lease was answered, so nothing else is written.
      if (result === 'written') {
        this.book.answered(judgment);
        if (!lease.check) this.countVote(judgment);
      }
      this.drop(lease);
      return { kind: result === 'written' ? 'recorded' : 'duplicate' };
    });
  }

  progress(now?: Date): StudyProgress {
    const at = (now ?? this.clock()).getTime();
    const plan = this.scheduler.plan;
    const slotsPerPair = plan.pairs.map(() => 0);
    for (const slot of plan.slots) slotsPerPair[slot.pairIndex]++;
    const pairs = plan.pairs.map(([a, b], i) => ({ a, b, votes: this.votesPerPair[i], target: slotsPerPair[i] * plan.target }));
    const live = [...this.leases.values()].filter((l) => l.expiresAt > at);
    let finished = 0;
    for (const rater of this.raters.values()) if (rater.finishedAt) finished++;
    const flaggedRaters: StudyProgress['flaggedRaters'] = [];
    for (const [id, progress] of this.book.raters()) {
      if (progress.attentionFailures >= this.failThreshold) flaggedRaters.push({ id, attentionFailures: progress.attentionFailures });
    }
    return {
      studyId: this.studyId,
      judgments: this.log.count(),
      pairs,
      votes: pairs.reduce((sum, p) => sum + p.votes, 0),
      target: pairs.reduce((sum, p) => sum + p.target, 0),
      raters: this.raters.size,
      activeRaters: new Set(live.map((l) => l.rater)).size,
      finishedRaters: finished,
      flaggedRaters,
      openLeases: live.length,
    };
  }

  async close(): Promise<void> {
    await this.lock.idle();
    await Promise.allSettled([this.store.close(), this.log.close()]);
  }

  private status(rater: RaterRecord): RaterStatus {
    const progress = this.book.of(rater.id);
    return {
      id: rater.id,
      ...(rater.consentedAt ? { consentedAt: rater.consentedAt } : {}),
      ...(rater.finishedAt ? { finishedAt: rater.finishedAt } : {}),
      answered: progress.answered,
      attentionFailures: progress.attentionFailures,
      flagged: progress.attentionFailures >= this.failThreshold,
    };
  }

  private async saveRater(rater: RaterRecord): Promise<void> {
    await this.store.putRater(rater);
    this.raters.set(rater.id, rater);
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
    const rater = this.raters.get(raterId);
    if (!rater) throw new PrefstudyError('not-found', 'unknown rater; open the study link again');
    return rater;
  }

  private snapshot(raterId: string): RaterSnapshot {
    const progress = this.book.of(raterId);
    return { id: raterId, answered: progress.answered, seenItems: progress.items, seenChecks: progress.checks };
  }

  /** How many tasks the rater will do in all, as far as can be told now. */
  private total(raterId: string, holdsLease: boolean): number {
    const snapshot = this.snapshot(raterId);
    const more = this.scheduler.available(snapshot) + (holdsLease ? 1 : 0);
    return Math.min(this.study.raterLimit, snapshot.answered + more);
  }

  private countVote(j: Judgment): void {
    const found = this.scheduler.plan.slotOf(j.item, j.left, j.right);
    if (found) this.votesPerPair[found.slot.pairIndex]++;
  }

  /** Can a saved lease still be served: is its pair (or check) still part of the study? */
  private restorable(lease: Lease): boolean {
    if (lease.check) return this.texts.checks.has(lease.check.id);
    return this.scheduler.reserve(lease.item, lease.left, lease.right) !== undefined;
  }

  private leaseOf(raterId: string): Lease | undefined {
    const task = this.leaseOfRater.get(raterId);
    return task === undefined ? undefined : this.leases.get(task);
  }

  /** The rater holds this task now (the scheduler has already counted its slot). */
  private hold(lease: Lease): void {
    this.leases.set(lease.task, lease);
    this.leaseOfRater.set(lease.rater, lease.task);
    this.book.shown(lease);
    this.earliestExpiry = Math.min(this.earliestExpiry, lease.expiresAt);
  }

  private drop(lease: Lease): void {
    this.leases.delete(lease.task);
    if (this.leaseOfRater.get(lease.rater) === lease.task) this.leaseOfRater.delete(lease.rater);
  }

  private expireLeases(now: Date): void {
    const at = now.getTime();
    if (at < this.earliestExpiry) return;
    let earliest = Infinity;
    for (const lease of this.leases.values()) {
      // A lease being submitted stays in the bound: its append may fail and leave it due.
      if (lease.expiresAt <= at && !this.submitting.has(lease.task)) this.expire(lease);
      else earliest = Math.min(earliest, lease.expiresAt);
    }
    this.earliestExpiry = earliest;
  }

  /** An unanswered lease ran out: its slot goes back to the pool (no write: its time says so). */
  private expire(lease: Lease): void {
    this.drop(lease);
    this.release(lease);
  }

  private release(lease: Lease): void {
    if (!lease.check) this.scheduler.release(lease.item, lease.left, lease.right);
  }
}
