// The embedded TaskBoard: one process owns a study's files (judgments.jsonl, fsynced; raters.jsonl,
// the rater journal) and keeps the live state in memory: slot coverage in the scheduler, what each
// rater answered and saw, the open leases. That state is rebuilt from the log (one pass, as the log
// opens) and the journal at start. Each operation changes memory synchronously before its first
// await, so concurrent requests cannot double-book a slot, then appends one small record at most:
// nothing a request costs grows with the number of votes stored.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { buildPlan } from '../../assign/plan.ts';
import { Scheduler, type RaterSnapshot } from '../../assign/scheduler.ts';
import { isJudgeRater } from '../../judgments/raterKind.ts';
import type { Judgment } from '../../judgments/record.ts';
import type { Study } from '../../study/schema.ts';
import { newTaskId } from '../task-id.ts';
import type { AnswerResult, JudgmentLog, Lease, ProlificIds, RaterRecord, RaterState, RaterStore, StudyProgress, TakenTask, TaskBoard } from '../types.ts';
import { openJudgmentLog } from './judgment-log.ts';
import { judgmentLogPath, raterJournalPath, studyResultsDir } from './paths.ts';
import { openRaterJournal } from './rater-journal.ts';
import { RaterProgressBook } from './rater-progress.ts';

export interface EmbeddedBoardOptions {
  study: Study;
  resultsDir: string;
  /** Told of damage found and repaired while opening, in words that name the file. */
  warn: (message: string) => void;
  /** The clock for what happens while opening (leases that expired meanwhile). */
  now?: () => Date;
}

export async function openEmbeddedBoard(options: EmbeddedBoardOptions): Promise<TaskBoard> {
  const { study, resultsDir, warn } = options;
  const board = new EmbeddedBoard(study, studyResultsDir(resultsDir, study.id));
  // The log first: it holds the writer lock that makes this process the study's only writer, and
  // each stored judgment is counted as the log checks it (no second pass over a million lines).
  const log = await openJudgmentLog(judgmentLogPath(resultsDir, study.id), (j) => board.replay(j));
  try {
    const raters = await openRaterJournal(raterJournalPath(resultsDir, study.id), { warn });
    try {
      await board.attach(log, raters, (options.now ?? (() => new Date()))(), warn);
      return board;
    } catch (error) {
      await raters.close();
      throw error;
    }
  } catch (error) {
    await log.close();
    throw error;
  }
}

class EmbeddedBoard implements TaskBoard {
  private readonly scheduler: Scheduler;
  private readonly book: RaterProgressBook;
  private readonly raters = new Map<string, RaterRecord>();
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
    readonly location: string,
  ) {
    const plan = buildPlan(study);
    this.scheduler = new Scheduler({ plan, seed: study.seed, raterLimit: study.raterLimit, attentionChecks: study.attentionChecks });
    this.book = new RaterProgressBook(plan.itemIds);
    this.votesPerPair = plan.pairs.map(() => 0);
    this.failThreshold = study.attentionChecks?.failThreshold ?? 1;
  }

  /** A judgment already in the log, seen while the log opens. */
  replay(j: Judgment): void {
    // An LLM judge is no rater: its verdicts fill no slot and make no rater record.
    if (isJudgeRater(j.rater)) return;
    this.book.answered(j);
    const slot = j.attention ? undefined : this.scheduler.reserve(j.item, j.left, j.right);
    if (slot) this.votesPerPair[slot.pairIndex]++;
  }

  /**
   * Takes over the rater journal's saved state: open leases go back to their raters (answered,
   * expired or no longer valid ones are dropped), and a rater the log knows but the journal lost
   * gets a record back, dated by their first task.
   */
  async attach(log: JudgmentLog, store: RaterStore, now: Date, warn: (message: string) => void): Promise<void> {
    this.log = log;
    this.store = store;
    const saved = store.saved();
    for (const rater of saved.raters) this.raters.set(rater.id, rater);
    for (const lease of saved.leases) {
      if (!log.has(lease.task) && lease.expiresAt > now.getTime() && this.restorable(lease)) this.hold(lease);
    }
    const rebuilt: RaterRecord[] = [];
    for (const [id, progress] of this.book.raters()) {
      if (this.raters.has(id)) continue;
      // They answered, so they had consented if the study asked for it.
      const since = progress.firstShownAt ?? now.toISOString();
      const record: RaterRecord = { id, createdAt: since, ...(this.study.consent ? { consentedAt: since } : {}) };
      this.raters.set(id, record);
      rebuilt.push(record);
    }
    if (rebuilt.length > 0) {
      warn(`${store.location}: ${rebuilt.length} rater record${rebuilt.length === 1 ? ' was' : 's were'} missing; rebuilt from the judgment log ${log.location}`);
      await Promise.all(rebuilt.map((record) => store.putRater(record)));
    }
  }

  async enter(identity: { id: string; prolific?: ProlificIds }, at: Date): Promise<RaterState> {
    const existing = this.raters.get(identity.id);
    if (existing && (existing.prolific || !identity.prolific)) return this.stateOf(existing);
    const record: RaterRecord = existing
      ? { ...existing, prolific: identity.prolific }
      : { id: identity.id, ...(identity.prolific ? { prolific: identity.prolific } : {}), createdAt: at.toISOString() };
    await this.saveRater(record);
    return this.stateOf(record);
  }

  async rater(id: string): Promise<RaterState | undefined> {
    const record = this.raters.get(id);
    return record && this.stateOf(record);
  }

  async mark(raterId: string, step: 'consentedAt' | 'finishedAt', at: Date): Promise<void> {
    const record = this.raters.get(raterId);
    if (!record || record[step]) return;
    await this.saveRater({ ...record, [step]: at.toISOString() });
  }

  async take(raterId: string, now: Date): Promise<TakenTask | undefined> {
    this.expireLeases(now);
    const held = this.leaseOfRaterNow(raterId);
    if (held) return { lease: held, total: this.total(raterId) };
    const assignment = this.scheduler.next(this.snapshot(raterId));
    if (!assignment) return undefined;
    const lease: Lease = {
      task: newTaskId(),
      rater: raterId,
      item: assignment.item,
      left: assignment.left,
      right: assignment.right,
      ...(assignment.kind === 'check' ? { check: { id: assignment.check.id, expected: assignment.expected } } : {}),
      position: this.book.of(raterId).answered + 1,
      shownAt: now.toISOString(),
      expiresAt: now.getTime() + this.study.leaseSeconds * 1000,
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
    return { lease, total: this.total(raterId) };
  }

  async leaseOf(task: string): Promise<Lease | undefined> {
    return this.leases.get(task);
  }

  async answer(answered: Lease, judgment: Judgment, now: Date): Promise<AnswerResult> {
    const lease = this.leases.get(answered.task);
    if (!lease) return this.log.has(answered.task) ? 'duplicate' : 'gone';
    if (lease.expiresAt <= now.getTime()) {
      this.expire(lease);
      return 'gone';
    }
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
      const found = lease.check ? undefined : this.scheduler.plan.slotOf(judgment.item, judgment.left, judgment.right);
      if (found) this.votesPerPair[found.slot.pairIndex]++;
    }
    this.drop(lease);
    return result;
  }

  async judgmentOf(task: string): Promise<Judgment | undefined> {
    return this.log.byTask(task);
  }

  async *judgments(): AsyncIterable<Judgment> {
    // What is in the log now: votes appended while this is read come in a later read.
    const count = this.log.count();
    if (count === 0) return;
    const lines = createInterface({ input: createReadStream(this.log.location), crlfDelay: Infinity });
    let read = 0;
    for await (const line of lines) {
      if (line.trim() === '') continue;
      yield JSON.parse(line) as Judgment;
      if (++read === count) break;
    }
    lines.close();
  }

  async judgmentCount(): Promise<number> {
    return this.log.count();
  }

  async progress(now: Date): Promise<StudyProgress> {
    const at = now.getTime();
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
      studyId: this.study.id,
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
    await Promise.allSettled([this.store.close(), this.log.close()]);
  }

  private stateOf(record: RaterRecord): RaterState {
    const progress = this.book.of(record.id);
    return { record, answered: progress.answered, attentionFailures: progress.attentionFailures };
  }

  private async saveRater(record: RaterRecord): Promise<void> {
    await this.store.putRater(record);
    this.raters.set(record.id, record);
  }

  private snapshot(raterId: string): RaterSnapshot {
    const progress = this.book.of(raterId);
    return { id: raterId, answered: progress.answered, seenItems: progress.items, seenChecks: progress.checks };
  }

  /** How many tasks the rater (holding a lease) will do in all, as far as can be told now. */
  private total(raterId: string): number {
    const snapshot = this.snapshot(raterId);
    return Math.min(this.study.raterLimit, snapshot.answered + this.scheduler.available(snapshot) + 1);
  }

  /** Can a saved lease still be served: is its pair (or check) still part of the study? */
  private restorable(lease: Lease): boolean {
    if (lease.check) return (this.study.attentionChecks?.items ?? []).some((c) => c.id === lease.check?.id);
    return this.scheduler.reserve(lease.item, lease.left, lease.right) !== undefined;
  }

  private leaseOfRaterNow(raterId: string): Lease | undefined {
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
