// What every judgment reader returns: canonical judgments, what it knows about the items (texts,
// tags, lengths for the report), and an account of the rows it read, used and dropped.
import type { Provenance as StudyProvenance } from '../../study/schema.ts';
import type { JudgmentColumns } from '../columns.ts';
import type { Judgment } from '../record.ts';

export const FORMATS = ['study', 'alpacaeval', 'arena', 'tulu', 'csv'] as const;
export type JudgmentFormat = (typeof FORMATS)[number];

/** What a report may say about an item (prompt). */
export interface ItemInfo {
  id: string;
  prompt?: string;
  tags?: string[];
  /** Completion length in characters, per system. */
  lengths?: Record<string, number>;
}

export interface ReadCounts {
  read: number;
  used: number;
  dropped: number;
  /** Why rows were dropped, with how many each. */
  dropReasons: Record<string, number>;
}

export interface ReadResult {
  format: JudgmentFormat;
  /** The file (or study folder) read. */
  file: string;
  /** Study id the judgments belong to (the study's id, or one derived from the file name). */
  study: string;
  /** The judgments as objects (a reader that fills `columns` may make them only when first asked). */
  judgments: Judgment[];
  /** The same judgments as columns, when the reader built them directly (large logs). */
  columns?: JudgmentColumns;
  items: Map<string, ItemInfo>;
  counts: ReadCounts;
  /** Pairs oriented (candidate, baseline) when the source says which is which. */
  pairs?: Array<[string, string]>;
  sha256?: string;
  /** A study folder's title, and how its items were imported (`prefstudy import`), for the report. */
  title?: string;
  imported?: StudyProvenance;
}

export function emptyCounts(): ReadCounts {
  return { read: 0, used: 0, dropped: 0, dropReasons: {} };
}

export function drop(counts: ReadCounts, reason: string): void {
  counts.dropped++;
  counts.dropReasons[reason] = (counts.dropReasons[reason] ?? 0) + 1;
}
