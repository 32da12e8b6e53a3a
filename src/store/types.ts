// Where judgments and rater state live. The embedded store (an append-only JSONL vote log and an
// append-only JSONL rater journal) implements these; a server-grade backend implements the same
// interfaces without the rest of the code noticing.
import type { Judgment } from '../judgments/record.ts';

/** Sees every stored judgment once, in the order written, while a log is opened. */
export type JudgmentVisitor = (judgment: Judgment) => void;

/** The vote log of one study. Appending is the only write. */
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

/** What a rater store held when it was opened. */
export interface SavedRaterState {
  raters: RaterRecord[];
  /** The newest lease of each rater; answered, expired or stale ones are the caller's to drop. */
  leases: Lease[];
}

/**
 * Rater records and leases of one study. The rating service keeps the live state in memory and
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
