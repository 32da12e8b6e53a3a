// What a report analyses, before any statistic: which judgments it uses (attention checks, a system
// against itself and, when asked, flagged raters left out, with the reasons counted), the pairs in
// their orientation, and the outcome table every section reads. It works on the judgments' columns
// (src/judgments/columns.ts): a large log is never turned into a million objects here.
import { ATTENTION, concatColumns, judgmentColumns, type JudgmentColumns } from '../judgments/columns.ts';
import type { ItemInfo, ReadResult } from '../judgments/read.ts';
import type { Judgment } from '../judgments/record.ts';
import { outcomeTableOf } from '../outcomes/fromJudgments.ts';
import type { OutcomeTable } from '../outcomes/table.ts';
import { orientPairs } from './orient.ts';
import { raterKind } from '../judgments/raterKind.ts';
import type { RaterSelection } from './types.ts';

export interface Analysis {
  /** The attention checks answered (the raters section reports them). */
  attention: Judgment[];
  excluded: Record<string, number>;
  items: Map<string, ItemInfo>;
  pairs: Array<[string, string]>;
  table: OutcomeTable;
}

/** A source's judgments as columns: the reader's own, or made from its judgment objects. */
export function columnsOf(source: ReadResult): JudgmentColumns {
  return source.columns ?? judgmentColumns(source.judgments);
}

/** `pairs` keeps the orientation an earlier analysis of the same sources chose. */
export function analyse(
  sources: readonly ReadResult[],
  options: { baseline: string | null; flaggedRaters?: ReadonlySet<string>; pairs?: Array<[string, string]>; raters?: RaterSelection },
): Analysis {
  const columns = concatColumns(sources.map(columnsOf));
  const flagged = Uint8Array.from(columns.raters, (name) => (options.flaggedRaters?.has(name) ? 1 : 0));
  const selection = options.raters ?? 'all';
  const otherKind = Uint8Array.from(columns.raters, (name) => (selection !== 'all' && raterKind(name) !== selection ? 1 : 0));
  const otherReason = selection === 'human' ? 'LLM judges (--raters human)' : 'human raters (--raters judge)';
  const keep = new Uint8Array(columns.length);
  const excluded: Record<string, number> = {};
  const exclude = (why: string) => (excluded[why] = (excluded[why] ?? 0) + 1);
  for (let r = 0; r < columns.length; r++) {
    if (columns.attention[r] !== ATTENTION.none) exclude('attention checks');
    else if (columns.left[r] === columns.right[r]) exclude('same system on both sides');
    else if (otherKind[columns.rater[r]]) exclude(otherReason);
    else if (flagged[columns.rater[r]]) exclude('flagged raters');
    else keep[r] = 1;
  }
  const items = new Map<string, ItemInfo>();
  for (const source of sources) for (const [id, info] of source.items) if (!items.has(id)) items.set(id, info);
  const pairs = options.pairs ?? orientPairs(columns, keep, sources.flatMap((s) => s.pairs ?? []), options.baseline);
  return { attention: attentionChecks(sources), excluded, items, pairs, table: outcomeTableOf(columns, pairs, keep) };
}

/** The attention-check judgments, as objects (few: a reader's columns say where they are). */
function attentionChecks(sources: readonly ReadResult[]): Judgment[] {
  const found: Judgment[] = [];
  for (const source of sources) {
    if (!source.columns) {
      for (const j of source.judgments) if (j.attention) found.push(j);
      continue;
    }
    const { attention } = source.columns;
    for (let r = 0; r < attention.length; r++) if (attention[r] !== ATTENTION.none) found.push(source.judgments[r]);
  }
  return found;
}
