// Where judgments and rater state live, and the one contract every backend keeps. A study's
// TaskBoard is its state: raters, open tasks (leases), the vote log, and the coverage of every
// (item, pair) slot. It hands tasks out by the study's rules (src/assign) and takes answers back,
// each operation atomic, so that several server instances on one database agree as one process
// does. The embedded board (JSONL files, one process) and the PostgreSQL board implement it; the
// rating use cases (src/rating) and the server never know which one they talk to.
import type { Judgment } from '../judgments/record.ts';

export interface ProlificIds {
  pid: string;
  studyId: string;
  sessionId: string;
}

/**
 * One rater of one study: who they are and when they passed each step. What they answered is not
 * here: that is in the judgment log, and counted from it.
 */
export interface RaterRecord {
  id: string;
  prolific?: ProlificIds;
  createdAt: string;
  consentedAt?: string;
  finishedAt?: string;
}

/** A rater's record and what the vote log says they did. */
export interface RaterState {
  record: RaterRecord;
  /** Tasks answered, attention checks included. */
  answered: number;
  attentionFailures: number;
}

/** A task handed to a rater and not yet answered. Expires at `expiresAt` (ms since epoch). */
export interface Lease {
  task: string;
  rater: string;
  item: string;
  left: string;
  right: string;
  /** Set for attention-check tasks: the side of the good completion. */
  check?: { id: string; expected: 'left' | 'right' };
  position: number;
  shownAt: string;
  expiresAt: number;
}

/** The rater's open task, and how many tasks they will do in all as far as can be told now. */
export interface TakenTask {
  lease: Lease;
  total: number;
}

/** Where a study stands, for admin pages. Admin-only: it names systems. */
export interface StudyProgress {
  studyId: string;
  /** Judgments in the log (attention checks included). */
  judgments: number;
  /** Votes per design pair (checks excluded) against the target items × votesPerPair. */
  pairs: Array<{ a: string; b: string; votes: number; target: number }>;
  votes: number;
  target: number;
  raters: number;
  /** Raters holding an unexpired lease. */
  activeRaters: number;
  finishedRaters: number;
  flaggedRaters: Array<{ id: string; attentionFailures: number }>;
  openLeases: number;
}

export type AnswerResult = 'written' | 'duplicate' | 'gone';

/** The state of one study and the rules that change it, behind one contract (see the top of this file). */
export interface TaskBoard {
  /** Where it is kept, for messages (a folder, or a database without its password). */
  readonly location: string;
  /** The rater's state, created on first entry (with Prolific ids, added later if they came later). */
  enter(identity: { id: string; prolific?: ProlificIds }, at: Date): Promise<RaterState>;
  rater(id: string): Promise<RaterState | undefined>;
  /** Records when the rater consented or finished; a time already recorded stays. */
  mark(raterId: string, step: 'consentedAt' | 'finishedAt', at: Date): Promise<void>;
  /**
   * The rater's open task; else the next one by the study's rules (least-covered unseen pair,
   * counterbalanced sides, attention checks at their positions), leased now; undefined when there
   * is nothing (more) for this rater. A lease is stored before this resolves.
   */
  take(raterId: string, now: Date): Promise<TakenTask | undefined>;
  /** The lease of a task, whoever holds it, if it is still open (an expired one may be returned). */
  leaseOf(task: string): Promise<Lease | undefined>;
  /**
   * Records the judgment that answers a lease and ends the lease, together: durably written
   * before this resolves. 'duplicate' when the task already has a judgment, 'gone' when the
   * lease expired (by `now`) or ended meanwhile: then nothing is recorded.
   */
  answer(lease: Lease, judgment: Judgment, now: Date): Promise<AnswerResult>;
  /** The judgment recorded for a task, if any. */
  judgmentOf(task: string): Promise<Judgment | undefined>;
  /** Every judgment of the study, in the order written, without holding them all at once. */
  judgments(): AsyncIterable<Judgment>;
  /** How many judgments are stored: grows with every vote, so it also tells whether a report is stale. */
  judgmentCount(): Promise<number>;
  progress(now: Date): Promise<StudyProgress>;
  close(): Promise<void>;
}

/** Sees every stored judgment once, in the order written, while a log is opened. */
export type JudgmentVisitor = (judgment: Judgment) => void;

/** The embedded vote log of one study. Appending is the only write. */
export interface JudgmentLog {
  /** Where it is kept, for messages (a file path). */
  readonly location: string;
  /**
   * Durably append a judgment (synced to disk before the promise resolves). Appending a second
   * judgment for a task that already has one writes nothing and resolves to 'duplicate'.
   */
  append(judgment: Judgment): Promise<'written' | 'duplicate'>;
  /** The judgment recorded for a task, if any. */
  byTask(task: string): Judgment | undefined;
  has(task: string): boolean;
  /** Every judgment, in the order written, one at a time (the log is never held in memory whole). */
  forEach(visit: JudgmentVisitor): void;
  count(): number;
  close(): Promise<void>;
}

/** What the embedded rater store held when it was opened. */
export interface SavedRaterState {
  raters: RaterRecord[];
  /** The newest lease of each rater; answered, expired or stale ones are the caller's to drop. */
  leases: Lease[];
}

/**
 * The embedded board's rater records and leases. The board keeps the live state in memory and
 * tells the store each change; the store makes it survive a restart. A lease ends without a
 * write: answered (the log has its task), expired (its time), or replaced (the rater's next lease).
 */
export interface RaterStore {
  /** Where it is kept, for messages (a file path). */
  readonly location: string;
  /** The state as of opening (read once; the store does not serve reads afterwards). */
  saved(): SavedRaterState;
  /** Resolves once the change is written: a crash of the process after that keeps it. */
  putRater(rater: RaterRecord): Promise<void>;
  putLease(lease: Lease): Promise<void>;
  close(): Promise<void>;
}
