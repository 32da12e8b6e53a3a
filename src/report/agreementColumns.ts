// agreement (src/stats/agreement.ts) from the report's outcome columns: the rated units are grouped
// by item id and pair slot, instead of numericIds/unitGroups re-deriving ids from every Outcome's
// strings. The statistics themselves are agreementTable.ts's, so the numbers are the same to the bit.
import { agreement, agreementOfUnits, type AgreementReport } from '../stats/agreement.ts';
import { agreementOfTable, type UnitTable } from '../stats/agreementTable.ts';
import type { Outcome } from '../outcomes/outcome.ts';
import { ranksOf } from '../stats/ratedUnitGroups.ts';
import { KIND, outcomesOfSlot, type OutcomeColumns } from './columns.ts';

/** KIND codes are the table's label codes (win, loss, tie, both-bad); this is the label seen from b. */
const FLIPPED: readonly number[] = [KIND.loss, KIND.win, KIND.tie, KIND.bothBad];

/**
 * What `agreement(outcomes, { seed })` gives for the columns' outcomes in pair-slot order
 * (columns built by pairOutcomes(judgments, pairs)).
 */
export function agreementOfColumns(columns: OutcomeColumns, pairs: ReadonlyArray<[string, string]>, seed: string | number): AgreementReport {
  // With '|' in a name, keys can collide and agreement groups by key strings. That is rare, so the
  // Outcome objects are rebuilt here rather than asking every caller for them.
  if (holdsSeparator(columns, pairs)) return agreement(outcomesOfColumns(columns, pairs), { seed });
  const table = unitTable(columns, pairs);
  // No unit rated twice: ratedUnits would be empty, and agreement reports on no units.
  return table ? agreementOfTable(table, seed) : agreementOfUnits([], { seed });
}

/**
 * Per outcome, whether its unit (item, unordered pair) holds two labels or more: in a large log most
 * units hold one, and only the others need sorting into the table. Null when an items × pairs
 * count would be too large; every outcome is then taken (the runs of one label are dropped later).
 */
function inRepeatedUnits(columns: OutcomeColumns, pairs: ReadonlyArray<[string, string]>, pairRank: Int32Array): Uint8Array | null {
  const { start, itemId } = columns;
  const ranks = pairs.length;
  if (columns.itemNames.length * ranks > 1 << 24) return null;
  // Labels per unit, counted up to 2: all the test needs.
  const labels = new Uint8Array(columns.itemNames.length * ranks);
  for (let k = 0; k < ranks; k++) {
    const rank = pairRank[k];
    for (let e = start[k]; e < start[k + 1]; e++) {
      const unit = itemId[e] * ranks + rank;
      if (labels[unit] < 2) labels[unit]++;
    }
  }
  const repeated = new Uint8Array(columns.kind.length);
  for (let k = 0; k < ranks; k++) {
    const rank = pairRank[k];
    for (let e = start[k]; e < start[k + 1]; e++) repeated[e] = labels[itemId[e] * ranks + rank] >= 2 ? 1 : 0;
  }
  return repeated;
}

/** Whether a name that outcomes use contains the key separator (as numericIds checks). */
function holdsSeparator({ start, itemNames }: OutcomeColumns, pairs: ReadonlyArray<[string, string]>): boolean {
  if (itemNames.some((x) => x.includes('|'))) return true;
  return pairs.some(([a, b], k) => start[k + 1] > start[k] && (a.includes('|') || b.includes('|')));
}

/**
 * Units in key order (`item|first|second`) with their labels in input order, by two stable passes:
 * slots in order of their unordered pair, then a counting sort by item. Without '|' in a name, key
 * order is (item + '|') order, then ('first|second') order.
 */
function unitTable(columns: OutcomeColumns, pairs: ReadonlyArray<[string, string]>): UnitTable | null {
  const { start, kind, itemId, raterId, itemNames, raterNames } = columns;
  const total = kind.length;
  // Slots of the same unordered pair share a rank, so their outcomes form one unit per item.
  const pairRank = ranksOf(pairs.map(([a, b]) => (a <= b ? `${a}|${b}` : `${b}|${a}`)));
  const itemRank = ranksOf(itemNames.map((x) => `${x}|`));
  const repeated = inRepeatedUnits(columns, pairs, pairRank);
  const itemStart = new Int32Array(itemNames.length + 1);
  for (let e = 0; e < total; e++) if (!repeated || repeated[e]) itemStart[itemRank[itemId[e]] + 1]++;
  for (let i = 0; i < itemNames.length; i++) itemStart[i + 1] += itemStart[i];
  // Slots by pair rank, then slot: within a pair rank, outcomes stay in input (slot, position) order.
  const slotOrder = pairs.map((_, k) => k).sort((x, y) => pairRank[x] - pairRank[y] || x - y);
  const next = itemStart.slice(0, itemNames.length);
  const taken = itemStart[itemNames.length];
  const code = new Uint8Array(taken);
  const rater = new Int32Array(taken);
  const pairOf = new Int32Array(taken);
  for (const k of slotOrder) {
    const [a, b] = pairs[k];
    const flip = a > b;
    const rank = pairRank[k];
    for (let e = start[k]; e < start[k + 1]; e++) {
      if (repeated && !repeated[e]) continue;
      const at = next[itemRank[itemId[e]]]++;
      code[at] = flip ? FLIPPED[kind[e]] : kind[e];
      rater[at] = raterId[e];
      pairOf[at] = rank;
    }
  }
  // Runs of one pair within an item are the units; keep those rated twice, compacting in place.
  const unitStart = [0];
  let kept = 0;
  for (let i = 0; i < itemNames.length; i++) {
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
  if (unitStart.length === 1) return null;
  // Rater ids are the columns' (name order): the statistics only need one id per name.
  return { start: Int32Array.from(unitStart), code: code.slice(0, kept), rater: rater.slice(0, kept), raterNames };
}

/** The columns' outcomes in pair-slot order, as pairOutcomes builds them. */
function outcomesOfColumns(columns: OutcomeColumns, pairs: ReadonlyArray<[string, string]>): Outcome[] {
  return pairs.flatMap(([a, b], k) => outcomesOfSlot(columns, k, a, b));
}
