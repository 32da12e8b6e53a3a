// The sensitivity sections — influential prompts, drop curves, win rate by length difference and
// by tag — from src/stats/sensitivity.ts, for every pair slot of the outcome table.
import type { ItemInfo } from '../judgments/read.ts';
import { slotSize, type OutcomeTable } from '../outcomes/table.ts';
import type { PairSettings } from '../stats/pair.ts';
import { promptInfluence, winRateByLength, winRatesByTag } from '../stats/sensitivity.ts';
import type { BucketEntry, DropCurve, InfluenceEntry, TagEntry } from './types.ts';

/** Drop curves list this many steps. */
const DROP_STEPS = 10;

export interface SensitivitySections {
  influence: InfluenceEntry[];
  dropCurves: DropCurve[];
  lengthBuckets: BucketEntry[];
  tags: TagEntry[];
}

export function bucketLabel(low: number, high: number): string {
  if (!Number.isFinite(low)) return `< ${Math.round(high)}`;
  if (!Number.isFinite(high)) return `≥ ${Math.round(low)}`;
  return `${Math.round(low)} to ${Math.round(high)}`;
}

export function sensitivitySections(
  table: OutcomeTable,
  items: ReadonlyMap<string, ItemInfo>,
  settings: PairSettings,
  top: number,
): SensitivitySections {
  const influence: InfluenceEntry[] = [];
  const dropCurves: DropCurve[] = [];
  const lengthBuckets: BucketEntry[] = [];
  const tags: TagEntry[] = [];
  const tagsByItem = new Map<string, readonly string[]>();
  for (const [id, info] of items) if (info.tags && info.tags.length > 0) tagsByItem.set(id, info.tags);
  const lengthOf = (item: string, system: string) => items.get(item)?.lengths?.[system];
  let anyLengths = false;
  for (const info of items.values()) if (info.lengths !== undefined) anyLengths = true;

  for (const [slot, [a, b]] of table.pairs.entries()) {
    const n = slotSize(table, slot);
    if (n === 0) continue;
    const report = promptInfluence(table, slot, { maxDrop: DROP_STEPS, top });
    const singleVotePrompts = report.largestPrompt === 1;
    // A prompt that is the only one left says nothing about influence; nor does one vote among one-vote prompts.
    for (const p of singleVotePrompts ? [] : report.prompts.slice(0, top)) {
      if (!Number.isFinite(p.winRateChange)) continue;
      influence.push({ item: p.item, a, b, n: p.n, delta: p.winRateChange, winRateWithout: p.winRateWithout, prompt: items.get(p.item)?.prompt ?? null });
    }
    const step = (s: { k: number; dropped: string | null; winRate: number }) => ({ k: s.k, dropped: s.dropped, winRate: s.winRate });
    dropCurves.push({ a, b, singleVotePrompts, down: report.dropCurve.down.map(step), up: report.dropCurve.up.map(step) });

    // Without any lengths every outcome would be missing: nothing to bucket.
    const length = anyLengths ? winRateByLength(table, slot, lengthOf, { settings }) : null;
    if (length && length.missing < n) {
      for (const bucket of length.buckets) {
        lengthBuckets.push({
          a, b, bucket: bucketLabel(bucket.low, bucket.high),
          low: Number.isFinite(bucket.low) ? bucket.low : null, high: Number.isFinite(bucket.high) ? bucket.high : null,
          n: bucket.n, winRate: bucket.winRate, winRateCI: bucket.winRateCI,
        });
      }
    }
    // Only when the items carry tags: one "(untagged)" row per pair would repeat the pair table.
    if (tagsByItem.size > 0) {
      for (const t of winRatesByTag(table, slot, tagsByItem, settings)) tags.push({ tag: t.tag, a, b, n: t.n, winRate: t.winRate, winRateCI: t.winRateCI });
    }
  }
  influence.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || (x.item < y.item ? -1 : x.item > y.item ? 1 : 0));
  return { influence: influence.slice(0, top), dropCurves, lengthBuckets, tags };
}
