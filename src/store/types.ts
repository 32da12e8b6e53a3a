// Where judgments and rater state live. The embedded store (append-only JSONL log + lowdb for
// small mutable state) implements these; a server-grade backend (Postgres, ...) implements the
// same interfaces later without the rest of the code noticing.
import type { Judgment } from '../judgments/record.ts';

/** The vote log of one study. Appending is the only write. */
export interface JudgmentLog {
  /**
   * Durably append a judgment (synced to disk before the promise resolves). Appending a second
   * judgment for a task that already has one writes nothing and resolves to 'duplicate'.
   */
  append(judgment: Judgment): Promise<'written' | 'duplicate'>;
  /** The judgment recorded for a task, if any. */
  byTask(task: string): Judgment | undefined;
  /** Every judgment, in the order written. */
  all(): Judgment[];
  count(): number;
  close(): Promise<void>;
}

export interface ProlificIds {
  pid: string;
  studyId: string;
  sessionId: string;
}

/** One rater of one study, and the task they are working on. */
export interface RaterRecord {
  id: string;
  prolific?: ProlificIds;
  createdAt: string;
  consentedAt?: string;
  /** Tasks answered so far (attention checks included). */
  answered: number;
  /** Items this rater has seen (never shown twice). */
  seenItems: string[];
  attentionFailures: number;
  flagged: boolean;
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

/** Small mutable state of one study: raters and open leases. */
export interface StateStore {
  getRater(id: string): RaterRecord | undefined;
  putRater(rater: RaterRecord): Promise<void>;
  raters(): RaterRecord[];
  getLease(task: string): Lease | undefined;
  leaseOf(rater: string): Lease | undefined;
  leases(): Lease[];
  putLease(lease: Lease): Promise<void>;
  deleteLease(task: string): Promise<void>;
  close(): Promise<void>;
}
