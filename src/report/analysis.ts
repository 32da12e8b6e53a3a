// What a report analyses, before any statistic: the judgments it uses (attention checks, a system
// against itself and, when asked, flagged raters left out, with the reasons counted), the pairs in
// their orientation, and the outcome table every section reads.
import type { Judgment } from '../judgments/record.ts';
import type { ItemInfo, ReadResult } from '../judgments/read.ts';
import { outcomeTable } from '../outcomes/fromJudgments.ts';
import type { OutcomeTable } from '../outcomes/table.ts';
import { orientPairs } from './orient.ts';

export interface Analysis {
  used: Judgment[];
  attention: Judgment[];
  excluded: Record<string, number>;
  items: Map<string, ItemInfo>;
  pairs: Array<[string, string]>;
  table: OutcomeTable;
}

/** `pairs` keeps the orientation an earlier analysis of the same sources chose. */
export function analyse(
  sources: readonly ReadResult[],
  options: { baseline: string | null; flaggedRaters?: ReadonlySet<string>; pairs?: Array<[string, string]> },
): Analysis {
  const used: Judgment[] = [];
  const attention: Judgment[] = [];
  const excluded: Record<string, number> = {};
  const items = new Map<string, ItemInfo>();
  const exclude = (why: string) => (excluded[why] = (excluded[why] ?? 0) + 1);
  for (const source of sources) {
    for (const [id, info] of source.items) if (!items.has(id)) items.set(id, info);
    for (const j of source.judgments) {
      if (j.attention) {
        attention.push(j);
        exclude('attention checks');
      } else if (j.left === j.right) exclude('same system on both sides');
      else if (options.flaggedRaters?.has(j.rater)) exclude('flagged raters');
      else used.push(j);
    }
  }
  const pairs = options.pairs ?? orientPairs(used, sources.flatMap((s) => s.pairs ?? []), options.baseline);
  return { used, attention, excluded, items, pairs, table: outcomeTable(used, pairs) };
}
