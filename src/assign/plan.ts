// The task plan: every (item, pair) slot a study asks votes for. Slots are numbered so the
// scheduler can keep its counts in flat arrays.
import { designPairs, type Study } from '../study/schema.ts';

export interface Slot {
  index: number;
  item: string;
  pairIndex: number;
  /** The candidate and its opponent, as the design names them. */
  a: string;
  b: string;
}

export interface TaskPlan {
  slots: Slot[];
  pairs: Array<[string, string]>;
  itemIds: string[];
  /** Votes wanted per slot. */
  target: number;
  /** The slot a shown pair belongs to, whichever side each system was on. */
  slotOf(item: string, left: string, right: string): { slot: Slot; aOnLeft: boolean } | undefined;
  slotsOfItem(item: string): Slot[];
}

export function buildPlan(study: Pick<Study, 'systems' | 'design' | 'items' | 'votesPerPair'>): TaskPlan {
  const pairs = designPairs(study);
  const slots: Slot[] = [];
  const byItem = new Map<string, Slot[]>();
  const byKey = new Map<string, Slot>();
  for (const item of study.items) {
    const ofItem: Slot[] = [];
    pairs.forEach(([a, b], pairIndex) => {
      // A pair needs both completions; an item missing one simply offers fewer slots.
      if (item.completions[a] === undefined || item.completions[b] === undefined) return;
      const slot: Slot = { index: slots.length, item: item.id, pairIndex, a, b };
      slots.push(slot);
      ofItem.push(slot);
      byKey.set(pairKey(item.id, a, b), slot);
    });
    byItem.set(item.id, ofItem);
  }
  return {
    slots,
    pairs,
    itemIds: study.items.map((i) => i.id),
    target: study.votesPerPair,
    slotOf(item, left, right) {
      const direct = byKey.get(pairKey(item, left, right));
      if (direct) return { slot: direct, aOnLeft: true };
      const swapped = byKey.get(pairKey(item, right, left));
      return swapped ? { slot: swapped, aOnLeft: false } : undefined;
    },
    slotsOfItem: (item) => byItem.get(item) ?? [],
  };
}

function pairKey(item: string, a: string, b: string): string {
  return JSON.stringify([item, a, b]);
}
