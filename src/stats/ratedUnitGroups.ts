// Grouping outcomes into rated units (the same item and pair of systems) by numbers instead of
// key strings: the part of the agreement statistics that touches every vote.
import type { Outcome } from '../outcomes/outcome.ts';

export interface NumericIds {
  items: string[];
  systems: string[];
  itemOf: Int32Array;
  aOf: Int32Array;
  bOf: Int32Array;
}

/** Items and systems as small integers; null when a name contains '|' (keys could then collide). */
export function numericIds(outcomes: readonly Outcome[]): NumericIds | null {
  const itemIndex = new Map<string, number>();
  const systemIndex = new Map<string, number>();
  const items: string[] = [];
  const systems: string[] = [];
  const itemOf = new Int32Array(outcomes.length);
  const aOf = new Int32Array(outcomes.length);
  const bOf = new Int32Array(outcomes.length);
  const idOf = (name: string, index: Map<string, number>, names: string[]): number => {
    let id = index.get(name);
    if (id === undefined) {
      id = names.length;
      index.set(name, id);
      names.push(name);
    }
    return id;
  };
  let lastA: string | undefined;
  let lastB: string | undefined;
  let a = -1;
  let b = -1;
  for (let t = 0; t < outcomes.length; t++) {
    const o = outcomes[t];
    itemOf[t] = idOf(o.item, itemIndex, items);
    // Outcomes usually come grouped by pair: look systems up only when they change.
    if (o.a !== lastA) a = idOf((lastA = o.a), systemIndex, systems);
    if (o.b !== lastB) b = idOf((lastB = o.b), systemIndex, systems);
    aOf[t] = a;
    bOf[t] = b;
  }
  if (items.some((x) => x.includes('|')) || systems.some((x) => x.includes('|'))) return null;
  return { items, systems, itemOf, aOf, bOf };
}

/** Units (item, unordered pair) of the outcomes, numbered, with those kept in key order. */
export interface UnitGroups {
  /** The unit of every outcome. */
  unitOf: Int32Array;
  /** Labels per unit. */
  sizes: number[];
  /** Units with at least `minLabels` labels, sorted by key (`item|first|second`). */
  kept: number[];
  /** Key of a unit (built on demand: only kept units need one). */
  keyOf: (unit: number) => string;
}

/**
 * The units `ratedUnits` would build, grouped by numbers: no key string per vote. Without '|' in
 * any name, key order is (item + '|', then 'first|second') order.
 */
export function unitGroups(outcomes: readonly Outcome[], ids: NumericIds, minLabels: number): UnitGroups {
  const numSystems = ids.systems.length;
  // Ordered pairs (first, second) numbered densely, then units looked up in an items × pairs
  // table when it is small enough (a map otherwise).
  const pairSlot = new Int32Array(numSystems * numSystems).fill(-1);
  const pairOf = new Int32Array(outcomes.length);
  const slotPair: number[] = [];
  for (let t = 0; t < outcomes.length; t++) {
    const a = ids.aOf[t];
    const b = ids.bOf[t];
    const o = outcomes[t];
    const pair = o.a <= o.b ? a * numSystems + b : b * numSystems + a;
    let slot = pairSlot[pair];
    if (slot < 0) {
      slot = slotPair.length;
      pairSlot[pair] = slot;
      slotPair.push(pair);
    }
    pairOf[t] = slot;
  }
  const numSlots = slotPair.length;
  const dense = ids.items.length * numSlots <= 1 << 23 ? new Int32Array(ids.items.length * numSlots).fill(-1) : null;
  const unitIndex = new Map<number, number>();
  const unitOf = new Int32Array(outcomes.length);
  const sizes: number[] = [];
  const unitItem: number[] = [];
  const unitPair: number[] = [];
  for (let t = 0; t < outcomes.length; t++) {
    const key = ids.itemOf[t] * numSlots + pairOf[t];
    let u = dense ? dense[key] : (unitIndex.get(key) ?? -1);
    if (u < 0) {
      u = sizes.length;
      if (dense) dense[key] = u;
      else unitIndex.set(key, u);
      sizes.push(0);
      unitItem.push(ids.itemOf[t]);
      unitPair.push(slotPair[pairOf[t]]);
    }
    sizes[u]++;
    unitOf[t] = u;
  }
  const itemRank = ranksOf(ids.items.map((x) => `${x}|`));
  const pairNames = new Map<number, string>();
  for (const pair of new Set(unitPair)) pairNames.set(pair, `${ids.systems[Math.floor(pair / numSystems)]}|${ids.systems[pair % numSystems]}`);
  const pairList = [...pairNames.keys()];
  const pairRankOf = new Map<number, number>();
  const pairRanks = ranksOf(pairList.map((p) => pairNames.get(p) as string));
  pairList.forEach((p, i) => pairRankOf.set(p, pairRanks[i]));

  const kept: number[] = [];
  for (let u = 0; u < sizes.length; u++) if (sizes[u] >= minLabels) kept.push(u);
  const order = new Float64Array(sizes.length);
  for (const u of kept) order[u] = itemRank[unitItem[u]] * pairList.length + (pairRankOf.get(unitPair[u]) as number);
  kept.sort((x, y) => order[x] - order[y]);
  return { unitOf, sizes, kept, keyOf: (u) => `${ids.items[unitItem[u]]}|${pairNames.get(unitPair[u])}` };
}

/** Rank of each string in ascending (code unit) order; equal strings share a rank. */
export function ranksOf(names: readonly string[]): Int32Array {
  const order = names.map((_, i) => i).sort((x, y) => (names[x] < names[y] ? -1 : names[x] > names[y] ? 1 : 0));
  const ranks = new Int32Array(names.length);
  order.forEach((i, r) => (ranks[i] = r > 0 && names[order[r - 1]] === names[i] ? ranks[order[r - 1]] : r));
  return ranks;
}
