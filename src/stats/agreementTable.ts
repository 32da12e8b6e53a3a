// The rated units of an outcome table, the one input of every agreement coefficient (agreement.ts):
// each (item, unordered pair of systems) judged at least twice, as flat arrays — a label code and
// a rater id per label, unit by unit.
import { KIND_NAMES, MIRRORED_KIND, type OutcomeMask, type OutcomeTable } from '../outcomes/table.ts';

export interface RatedUnits {
  /** The labels of unit u are at start[u] .. start[u + 1] - 1; every unit holds at least two. */
  start: Int32Array;
  /**
   * Label codes 0 .. categories - 1. From an outcome table: KIND codes seen from the pair's first
   * system in name order, so votes recorded from either side compare. The coefficients only
   * compare codes, except relaxed agreement, which reads KIND.win and KIND.loss as decisive.
   */
  code: Uint8Array;
  /** Indexes into raterNames. */
  rater: Int32Array;
  raterNames: readonly string[];
  categories: number;
}

/** Which outcomes the units are made of: some slots (default all), and of those the mask's (default all). */
export interface UnitSelection {
  slots?: readonly number[];
  mask?: OutcomeMask;
}

/**
 * The units rated at least twice, ordered by item, then by pair, items compared as `item + '|'` and
 * pairs as `first|second`: the order of the keys `item|first|second` the report has always listed
 * them in (the leave-one-out's seeded tie breaks and the float sums follow it). Within a unit, the
 * labels are in table order (slot by slot, each slot's outcomes in order). Units are told apart by
 * ids, not keys, so no name is ever confused with another.
 */
export function ratedUnits(table: OutcomeTable, { slots, mask }: UnitSelection = {}): RatedUnits {
  const { pairs, start, kind, itemId, raterId, itemNames, raterNames } = table;
  const pairRank = unorderedPairRanks(pairs);
  // Slots by pair rank, then slot: the outcomes of one unit stay in table order.
  const slotOrder = [...(slots ?? pairs.keys())].sort((x, y) => pairRank[x] - pairRank[y] || x - y);
  const { use, items: repeated } = inRepeatedItems(table, slotOrder, mask);
  const itemRank = new Int32Array(itemNames.length);
  itemRanks(itemNames, repeated).forEach((rank, i) => (itemRank[repeated[i]] = rank));
  // A counting sort by item rank: each item's outcomes, grouped by pair rank.
  const items = repeated.length;
  const itemStart = new Int32Array(items + 1);
  for (const k of slotOrder) for (let e = start[k]; e < start[k + 1]; e++) if (use[e] === 1) itemStart[itemRank[itemId[e]] + 1]++;
  for (let i = 0; i < items; i++) itemStart[i + 1] += itemStart[i];
  const next = itemStart.slice(0, items);
  const total = itemStart[items];
  const code = new Uint8Array(total);
  const rater = new Int32Array(total);
  const pairOf = new Int32Array(total);
  for (const k of slotOrder) {
    const [a, b] = pairs[k];
    const flip = a > b;
    const rank = pairRank[k];
    for (let e = start[k]; e < start[k + 1]; e++) {
      if (use[e] !== 1) continue;
      const at = next[itemRank[itemId[e]]]++;
      code[at] = flip ? MIRRORED_KIND[kind[e]] : kind[e];
      rater[at] = raterId[e];
      pairOf[at] = rank;
    }
  }
  // Runs of one pair within an item are the units; those rated twice are kept, compacted in place.
  const unitStart = [0];
  let kept = 0;
  for (let i = 0; i < items; i++) {
    const end = itemStart[i + 1];
    for (let e = itemStart[i]; e < end; ) {
      let f = e + 1;
      while (f < end && pairOf[f] === pairOf[e]) f++;
      if (f - e >= 2) {
        for (let x = e; x < f; x++, kept++) {
          code[kept] = code[x];
          rater[kept] = rater[x];
        }
        unitStart.push(kept);
      }
      e = f;
    }
  }
  return { start: Int32Array.from(unitStart), code: code.slice(0, kept), rater: rater.slice(0, kept), raterNames, categories: KIND_NAMES.length };
}

/**
 * Per table position, whether the outcome is taken and its item has two taken outcomes or more (in
 * the slots), and those items' ids in order: a unit rated twice is within such an item, and in a
 * large log most items hold one outcome (an arena log's battles are each their own prompt), so only
 * the others need sorting.
 */
function inRepeatedItems(
  { start, itemId, itemNames, kind }: OutcomeTable,
  slots: readonly number[],
  mask: OutcomeMask | undefined,
): { use: Uint8Array; items: Int32Array } {
  // Taken outcomes per item, counted up to 2: all the test needs.
  const taken = new Uint8Array(itemNames.length);
  for (const k of slots) {
    for (let e = start[k]; e < start[k + 1]; e++) if (taken[itemId[e]] < 2 && (!mask || mask[e] === 1)) taken[itemId[e]]++;
  }
  const use = new Uint8Array(kind.length);
  for (const k of slots) {
    for (let e = start[k]; e < start[k + 1]; e++) use[e] = taken[itemId[e]] >= 2 && (!mask || mask[e] === 1) ? 1 : 0;
  }
  const items: number[] = [];
  taken.forEach((count, id) => count >= 2 && items.push(id));
  return { use, items: Int32Array.from(items) };
}

/**
 * A rank per slot for its unordered pair {first, second} (first < second in name order): slots of
 * the same pair share a rank, others are ranked by `first|second`, then (when '|' in a name makes
 * two such keys equal) by first and second.
 */
function unorderedPairRanks(pairs: ReadonlyArray<readonly [string, string]>): Int32Array {
  const ordered = pairs.map(([a, b]) => (a <= b ? [a, b] : [b, a]));
  const keys = ordered.map(([x, y]) => `${x}|${y}`);
  const compare = (s: number, t: number) =>
    cmp(keys[s], keys[t]) || cmp(ordered[s][0], ordered[t][0]) || cmp(ordered[s][1], ordered[t][1]);
  const bySlot = [...pairs.keys()].sort(compare);
  const rank = new Int32Array(pairs.length);
  let ranks = 0;
  bySlot.forEach((s, r) => (rank[s] = r > 0 && compare(bySlot[r - 1], s) === 0 ? rank[bySlot[r - 1]] : ranks++));
  return rank;
}

/**
 * Rank of each of `ids` (ascending) by `item + '|'`. Ids are in name order, which is that order
 * unless a name is followed by a longer one it begins ('a' < 'a!' but 'a!|' < 'a|'): checked
 * between neighbours (with the name order itself), so the usual case sorts nothing.
 */
function itemRanks(names: readonly string[], ids: Int32Array): Int32Array {
  const key = (i: number) => `${names[ids[i]]}|`;
  let sorted = true;
  for (let i = 1; i < ids.length && sorted; i++) {
    const [before, name] = [names[ids[i - 1]], names[ids[i]]];
    sorted = before < name && (!name.startsWith(before) || key(i - 1) < key(i));
  }
  if (sorted) return Int32Array.from(ids.keys());
  const keys = Array.from(ids, (_, i) => key(i));
  const rank = new Int32Array(ids.length);
  Array.from(keys.keys())
    .sort((x, y) => cmp(keys[x], keys[y]))
    .forEach((i, r) => (rank[i] = r));
  return rank;
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The units' labels by name, unit by unit (for tests and for reading a table). */
export function unitLabels({ start, code }: RatedUnits): string[][] {
  const out: string[][] = [];
  for (let u = 0; u + 1 < start.length; u++) out.push(Array.from(code.subarray(start[u], start[u + 1]), (c) => KIND_NAMES[c]));
  return out;
}
