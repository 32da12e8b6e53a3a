// What each rater has done, counted from the judgment log (the truth) and the open leases, and
// kept in memory: nothing here is ever written, so it cannot go stale or be lost in a crash.
import type { Judgment } from '../../judgments/record.ts';
import type { Lease } from '../types.ts';

export interface RaterProgress {
  /** Tasks answered, attention checks included. */
  answered: number;
  /** Items answered or open: never shown to this rater again. */
  items: Set<string>;
  checks: Set<string>;
  attentionFailures: number;
  /** When the rater's first answered task was shown: stands in for a lost rater record. */
  firstShownAt?: string;
}

export class RaterProgressBook {
  private readonly byRater = new Map<string, RaterProgress>();
  /** Item ids as the study spells them, so a million judgments do not keep a million copies. */
  private readonly canonical: Map<string, string>;

  constructor(itemIds: Iterable<string>) {
    this.canonical = new Map([...itemIds].map((id) => [id, id]));
  }

  of(rater: string): RaterProgress {
    let progress = this.byRater.get(rater);
    if (!progress) {
      progress = { answered: 0, items: new Set(), checks: new Set(), attentionFailures: 0 };
      this.byRater.set(rater, progress);
    }
    return progress;
  }

  raters(): IterableIterator<[string, RaterProgress]> {
    return this.byRater.entries();
  }

  /** A judgment stored, read from the log or just appended. */
  answered(j: Judgment): void {
    const progress = this.of(j.rater);
    progress.answered++;
    progress.firstShownAt ??= j.shownAt;
    if (j.attention) {
      progress.checks.add(j.item);
      if (!j.attention.passed) progress.attentionFailures++;
    } else {
      progress.items.add(this.canonical.get(j.item) ?? j.item);
    }
  }

  /** A task handed out: its item (or check) is seen from now on, answered or not. */
  shown(lease: Lease): void {
    const progress = this.of(lease.rater);
    if (lease.check) progress.checks.add(lease.check.id);
    else progress.items.add(this.canonical.get(lease.item) ?? lease.item);
  }
}
