// Rater counts are derived facts: the judgment log is the truth, state.json a cache. On open the
// counts are recomputed from the log, so a lowdb write lost in a crash loses nothing.
import type { Judgment } from '../judgments/record.ts';
import type { RaterRecord } from '../store/types.ts';

export interface RaterTally {
  answered: number;
  items: Set<string>;
  checks: Set<string>;
  attentionFailures: number;
  firstShownAt?: string;
}

export function tallyByRater(judgments: Iterable<Judgment>): Map<string, RaterTally> {
  const tallies = new Map<string, RaterTally>();
  for (const j of judgments) {
    let tally = tallies.get(j.rater);
    if (!tally) {
      tally = { answered: 0, items: new Set(), checks: new Set(), attentionFailures: 0, firstShownAt: j.shownAt };
      tallies.set(j.rater, tally);
    }
    tally.answered++;
    if (j.attention) {
      tally.checks.add(j.item);
      if (!j.attention.passed) tally.attentionFailures++;
    } else {
      tally.items.add(j.item);
    }
  }
  return tallies;
}

/** The stored record corrected by the log; `createdAt` falls back when the record was never written. */
export function reconcileRater(
  id: string,
  stored: RaterRecord | undefined,
  tally: RaterTally | undefined,
  failThreshold: number,
  fallbackCreatedAt: string,
): RaterRecord {
  const seen = new Set(stored?.seenItems ?? []);
  for (const item of tally?.items ?? []) seen.add(item);
  const attentionFailures = tally?.attentionFailures ?? 0;
  return {
    ...(stored ?? { id, createdAt: tally?.firstShownAt ?? fallbackCreatedAt }),
    id,
    answered: tally?.answered ?? 0,
    seenItems: [...seen],
    attentionFailures,
    flagged: attentionFailures >= failThreshold,
  };
}

export function sameRecord(a: RaterRecord | undefined, b: RaterRecord): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
