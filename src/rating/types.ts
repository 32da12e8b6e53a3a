// The rater's journey as use cases: enter a study, get the current task, answer it. The server
// calls these and presents the result; the scheduler (src/assign) and the stores (src/store) stay
// behind them. Nothing here carries a system id toward the browser: TaskView has texts only.
import type { Message, Scale } from '../study/schema.ts';
import type { Choice, Judgment } from '../judgments/record.ts';
import type { ProlificIds, StudyProgress } from '../store/types.ts';

export interface RaterIdentity {
  /** Our rater id: the Prolific PID, a `?rater=` id, or a generated one. */
  id: string;
  prolific?: ProlificIds;
}

/** What a pair page shows. Texts only: no system ids, no item ids. */
export interface TaskView {
  /** Opaque random id; the only handle the browser has on the pair. */
  taskId: string;
  prompt?: string;
  messages?: Message[];
  leftText: string;
  rightText: string;
  /** 1-based position of this task for the rater, and how many they will do in all. */
  position: number;
  total: number;
  scale: Scale;
}

/** Where a rater stands, for the landing page: a returning rater continues where they left off. */
export interface RaterStatus {
  id: string;
  consentedAt?: string;
  finishedAt?: string;
  /** Tasks answered so far, attention checks included. */
  answered: number;
  attentionFailures: number;
  flagged: boolean;
}

export type CurrentTask =
  | { kind: 'task'; task: TaskView }
  | { kind: 'consent-needed' }
  | { kind: 'done'; completionCode?: string; redirectUrl?: string };

export interface Answer {
  taskId: string;
  choice: Choice;
  strength?: 0 | 1 | 2;
  rationale?: string;
}

export interface SubmitContext {
  uaHash?: string;
  now?: Date;
}

export type SubmitResult = { kind: 'recorded' } | { kind: 'duplicate' };

/** The use cases of one study. Errors are PrefstudyError (forbidden, gone, invalid-input). */
export interface RatingService {
  readonly studyId: string;
  enter(identity: RaterIdentity): Promise<RaterStatus>;
  /** Start or continue: `agrees` is the consent box, needed only if the rater never consented. */
  start(raterId: string, agrees: boolean): Promise<'started' | 'consent-needed'>;
  current(raterId: string, now?: Date): Promise<CurrentTask>;
  submit(raterId: string, answer: Answer, ctx?: SubmitContext): Promise<SubmitResult>;
  progress(now?: Date): Promise<StudyProgress>;
  /** Every judgment of the study, in the order written (for reports; admin-only: names systems). */
  judgments(): AsyncIterable<Judgment>;
  /** Grows with every vote: tells whether a report made earlier is stale. */
  judgmentCount(): Promise<number>;
  /** Where the study's state is kept (a folder, or a database without its password). */
  readonly location: string;
  close(): Promise<void>;
}
