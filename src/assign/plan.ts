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
  for (const item of study.items) {
    const ofItem: Slot[] = [];
    pairs.forEach(([a, b], pairIndex) => {
      // A pair needs both completions; an item missing one simply offers fewer slots.
      if (item.completions[a] === undefined || item.completions[b] === undefined) return;
      const slot: Slot = { index: slots.length, item: item.id, pairIndex, a, b };
      slots.push(slot);
      ofItem.push(slot);
    });
    byItem.set(item.id, ofItem);
  }
  return {
    slots,
    pairs,
    itemIds: study.items.map((i) => i.id),
    target: study.votesPerPair,
    slotOf(item, left, right) {
      // An item has one slot per design pair, a handful: a scan beats building a key string, and
      // this runs once per stored judgment when a study opens.
      for (const slot of byItem.get(item) ?? []) {
        if (slot.a === left && slot.b === right) return { slot, aOnLeft: true };
        if (slot.a === right && slot.b === left) return { slot, aOnLeft: false };
      }
      return undefined;
    },
    slotsOfItem: (item) => byItem.get(item) ?? [],
  };
}
