// How much does the headline depend on what was asked? Win rates per tag, by how much longer a's
// answer was, and which prompts move the result (leave one prompt out; drop the k most
// influential): the OpenAssistant 48% falls to about 40% without a few prompts where the baseline
// refused, and an analyst must be able to see that kind of thing. Each reads one slot of the
// outcome table (src/outcomes/); a breakdown is the pair statistic over a mask of the slot.
import { KIND, outcomeCount, type OutcomeMask, type OutcomeTable } from '../outcomes/table.ts';
import { summarizePair, type PairSettings } from './pair.ts';
import type { PairSummary } from './types.ts';
import { quantileSorted } from './quantile.ts';
import { groupById } from './groupById.ts';
import { summaryKey } from './bootstrap-clusters.ts';

/** Tag under which outcomes on items without tags are reported. */
export const UNTAGGED = '(untagged)';

export interface TagSummary extends PairSummary {
  tag: string;
}

export type TagsByItem = ReadonlyMap<string, readonly string[]> | Readonly<Record<string, readonly string[]>>;

function tagsOf(tags: TagsByItem, item: string): readonly string[] | undefined {
  return tags instanceof Map ? tags.get(item) : (tags as Readonly<Record<string, readonly string[]>>)[item];
}

/** a vs b (slot `slot`) within each tag (an item with several tags counts in each), sorted by tag. */
export function winRatesByTag(table: OutcomeTable, slot: number, tags: TagsByItem, settings: Partial<PairSettings> = {}): TagSummary[] {
  const from = table.start[slot];
  const to = table.start[slot + 1];
  const { itemId, itemNames } = table;
  // Each item's tags (once per item, duplicates dropped) as indices into `names`, first seen first.
  const names: string[] = [];
  const indexOf = new Map<string, number>();
  const tagsOfItem: Array<number[] | undefined> = new Array(itemNames.length);
  for (let e = from; e < to; e++) {
    const id = itemId[e];
    if (tagsOfItem[id] !== undefined) continue;
    const own = tagsOf(tags, itemNames[id]);
    tagsOfItem[id] = [...(own && own.length > 0 ? new Set(own) : [UNTAGGED])].map((tag) => {
      let k = indexOf.get(tag);
      if (k === undefined) indexOf.set(tag, (k = names.push(tag) - 1));
      return k;
    });
  }
  // One mask, rewritten over the slot for each tag.
  const mask: OutcomeMask = new Uint8Array(outcomeCount(table));
  const inTag = new Uint8Array(itemNames.length);
  return [...names].sort().map((tag) => {
    const k = indexOf.get(tag) as number;
    for (let id = 0; id < inTag.length; id++) inTag[id] = tagsOfItem[id]?.includes(k) ? 1 : 0;
    for (let e = from; e < to; e++) mask[e] = inTag[itemId[e]];
    return { tag, ...summarizePair(table, slot, settings, mask) };
  });
}

/** Length of a system's completion on an item (characters, words, tokens: the caller's unit). */
export type LengthOf = (item: string, system: string) => number | undefined;

export interface LengthBucket extends PairSummary {
  /** Bucket of length(a) − length(b): low ≤ difference < high (−Infinity / Infinity at the ends). */
  low: number;
  high: number;
}

export interface LengthSensitivity {
  edges: number[];
  buckets: LengthBucket[];
  /** Outcomes left out because a length was unknown. */
  missing: number;
}

export interface LengthOptions {
  /** Bucket edges on length(a) − length(b); default: the quintiles of the per-item differences. */
  edges?: readonly number[];
  settings?: Partial<PairSettings>;
}

/** a vs b (slot `slot`) by how much longer a's completion was than b's; empty buckets are left out. */
export function winRateByLength(table: OutcomeTable, slot: number, lengthOf: LengthOf, options: LengthOptions = {}): LengthSensitivity {
  const [a, b] = table.pairs[slot];
  const from = table.start[slot];
  const to = table.start[slot + 1];
  const { itemId, itemNames } = table;
  // length(a) − length(b) of each item, asked once per item: NaN when a length is unknown.
  const difference = new Float64Array(itemNames.length);
  const asked = new Uint8Array(itemNames.length);
  const perItem: number[] = [];
  let missing = 0;
  for (let e = from; e < to; e++) {
    const id = itemId[e];
    if (asked[id] === 0) {
      asked[id] = 1;
      const la = lengthOf(itemNames[id], a);
      const lb = lengthOf(itemNames[id], b);
      const known = la !== undefined && lb !== undefined && Number.isFinite(la) && Number.isFinite(lb);
      difference[id] = known ? la - lb : NaN;
      if (known) perItem.push(la - lb);
    }
    if (Number.isNaN(difference[id])) missing++;
  }
  perItem.sort((x, y) => x - y);
  const edges = options.edges
    ? [...options.edges].sort((x, y) => x - y)
    : perItem.length === 0
      ? []
      : [...new Set([0.2, 0.4, 0.6, 0.8].map((q) => quantileSorted(perItem, q)))];
  const bounds = [-Infinity, ...edges, Infinity];
  const buckets: LengthBucket[] = [];
  const mask: OutcomeMask = new Uint8Array(outcomeCount(table));
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [low, high] = [bounds[k], bounds[k + 1]];
    let inside = 0;
    for (let e = from; e < to; e++) {
      const d = difference[itemId[e]];
      // NaN (unknown) falls in no bucket.
      inside += mask[e] = d >= low && d < high ? 1 : 0;
    }
    if (inside > 0) buckets.push({ low, high, ...summarizePair(table, slot, options.settings, mask) });
  }
  return { edges, buckets, missing };
}

export type InfluenceMeasure = 'winRate' | 'relativeWinRate';

export interface PromptInfluence {
  item: string;
  /** Votes on this prompt, and a's win rate (ties half) and relative win rate on it alone. */
  n: number;
  winRate: number;
  relativeWinRate: number;
  /** The pair's rates without this prompt, and their change from the rates with every prompt. */
  winRateWithout: number;
  relativeWinRateWithout: number;
  winRateChange: number;
  relativeWinRateChange: number;
}

export interface DropStep {
  /** Prompts dropped so far; the prompt dropped at this step (null at k = 0). */
  k: number;
  dropped: string | null;
  n: number;
  winRate: number;
  relativeWinRate: number;
}

export interface InfluenceReport {
  a: string;
  b: string;
  n: number;
  winRate: number;
  relativeWinRate: number;
  measure: InfluenceMeasure;
  /**
   * Votes on the prompt with the most. At 1, leaving a prompt out is leaving a vote out: every win
   * moves the rate alike, and the ranking says nothing about prompts.
   */
  largestPrompt: number;
  /** Every prompt, the one whose removal moves `measure` most first. */
  prompts: PromptInfluence[];
  /**
   * Dropping prompts greedily, one at a time, each time the one whose removal lowers (`down`) or
   * raises (`up`) `measure` most: how far a few prompts can move the result.
   */
  dropCurve: { down: DropStep[]; up: DropStep[] };
}

/** Votes on a pair, seen from a: one prompt's, or all of them. */
interface Tally {
  n: number;
  score: number;
  wins: number;
  losses: number;
}

/**
 * One tally per prompt of a slot, as columns (a log of a million one-battle prompts would otherwise
 * be a million objects), prompt p's item id at item[p], ordered by item.
 */
interface PromptTallies {
  item: Int32Array;
  n: Float64Array;
  score: Float64Array;
  wins: Float64Array;
  losses: Float64Array;
}

function rates(n: number, score: number, wins: number, losses: number): { winRate: number; relativeWinRate: number } {
  return { winRate: n > 0 ? score / n : NaN, relativeWinRate: wins + losses > 0 ? wins / (wins + losses) : NaN };
}

export interface InfluenceOptions {
  measure?: InfluenceMeasure;
  /** Length of the drop curves. Default 20. */
  maxDrop?: number;
  /** List only this many prompts (the first ones of the full list, in the same order). Default: all. */
  top?: number;
}

/**
 * The `top` prompts of largest move, in the order a stable sort by move (largest first) would
 * list them: one pass keeping a short sorted list, instead of sorting every prompt.
 */
function largestMoves(prompts: number, moveOf: (p: number) => number, top: number): number[] {
  const kept: Array<{ p: number; move: number }> = [];
  for (let p = 0; p < prompts; p++) {
    const move = moveOf(p);
    if (kept.length >= top && !(move > kept[kept.length - 1].move)) continue;
    // After every kept prompt with a move at least as large (earlier prompts win ties).
    let at = kept.length;
    while (at > 0 && kept[at - 1].move < move) at--;
    kept.splice(at, 0, { p, move });
    if (kept.length > top) kept.pop();
  }
  return kept.map((k) => k.p);
}

/**
 * The tallies of the prompts of slot `slot` (over `mask`), ordered by item (ids are in name order,
 * so no string sort), and their total; scores summed in table order.
 */
function promptTallies(table: OutcomeTable, slot: number, mask?: OutcomeMask): { tallies: PromptTallies; total: Tally } {
  const { itemId, score, kind, itemNames } = table;
  const { positions, start } = groupById(itemId, itemNames.length, table.start[slot], table.start[slot + 1], mask);
  const prompts = start.length - 1;
  const tallies: PromptTallies = { item: new Int32Array(prompts), n: new Float64Array(prompts), score: new Float64Array(prompts), wins: new Float64Array(prompts), losses: new Float64Array(prompts) };
  const total: Tally = { n: 0, score: 0, wins: 0, losses: 0 };
  for (let p = 0; p < prompts; p++) {
    tallies.item[p] = itemId[positions[start[p]]];
    let sum = 0;
    for (let i = start[p]; i < start[p + 1]; i++) {
      const e = positions[i];
      sum += score[e];
      if (kind[e] === KIND.win) tallies.wins[p]++;
      else if (kind[e] === KIND.loss) tallies.losses[p]++;
    }
    tallies.n[p] = start[p + 1] - start[p];
    tallies.score[p] = sum;
  }
  // The total's score summed in table order, as every other sum of the slot is.
  for (let e = table.start[slot]; e < table.start[slot + 1]; e++) {
    if (mask !== undefined && mask[e] === 0) continue;
    total.n++;
    total.score += score[e];
    if (kind[e] === KIND.win) total.wins++;
    else if (kind[e] === KIND.loss) total.losses++;
  }
  return { tallies, total };
}

/**
 * Prompts with equal tallies move a drop curve alike, so a step compares groups of them (a few
 * hundred in a log of a million one-battle prompts), each group's prompts taken in item order:
 * its first prompt, and each prompt's next in its group (-1 after the last).
 */
function sameTallyGroups(tallies: PromptTallies): { first: Int32Array; next: Int32Array } {
  const groupOf = new Map<number | string, number>();
  const first: number[] = [];
  const last: number[] = [];
  const next = new Int32Array(tallies.item.length).fill(-1);
  for (let p = 0; p < tallies.item.length; p++) {
    const key = summaryKey(tallies.n[p], tallies.score[p], tallies.wins[p], tallies.losses[p]);
    const g = groupOf.get(key);
    if (g === undefined) {
      groupOf.set(key, first.length);
      first.push(p);
      last.push(p);
    } else {
      next[last[g]] = p;
      last[g] = p;
    }
  }
  return { first: Int32Array.from(first), next };
}

/** Leave-one-prompt-out influence on a vs b (slot `slot`, over `mask`; ties as half), and the drop-k curves. */
export function promptInfluence(table: OutcomeTable, slot: number, options: InfluenceOptions = {}, mask?: OutcomeMask): InfluenceReport {
  const [a, b] = table.pairs[slot];
  const { tallies, total } = promptTallies(table, slot, mask);
  return influenceOfTallies(tallies, total, table.itemNames, a, b, options);
}

/** promptInfluence from its tallies and their total. */
function influenceOfTallies(
  tallies: PromptTallies,
  total: Readonly<Tally>,
  itemNames: readonly string[],
  a: string,
  b: string,
  options: InfluenceOptions = {},
): InfluenceReport {
  const measure = options.measure ?? 'winRate';
  const maxDrop = options.maxDrop ?? 20;
  const count = tallies.item.length;
  const overall = rates(total.n, total.score, total.wins, total.losses);
  const without = (p: number) =>
    rates(total.n - tallies.n[p], total.score - tallies.score[p], total.wins - tallies.wins[p], total.losses - tallies.losses[p]);
  const changeOf = (p: number): number => {
    const rest = without(p);
    return measure === 'winRate' ? rest.winRate - overall.winRate : rest.relativeWinRate - overall.relativeWinRate;
  };
  const size = (change: number) => (Number.isNaN(change) ? -1 : Math.abs(change));
  const listed = options.top === undefined ? Array.from({ length: count }, (_, p) => p) : largestMoves(count, (p) => size(changeOf(p)), options.top);

  const prompts: PromptInfluence[] = listed.map((p) => {
    const alone = rates(tallies.n[p], tallies.score[p], tallies.wins[p], tallies.losses[p]);
    const rest = without(p);
    return {
      item: itemNames[tallies.item[p]],
      n: tallies.n[p],
      winRate: alone.winRate,
      relativeWinRate: alone.relativeWinRate,
      winRateWithout: rest.winRate,
      relativeWinRateWithout: rest.relativeWinRate,
      winRateChange: rest.winRate - overall.winRate,
      relativeWinRateChange: rest.relativeWinRate - overall.relativeWinRate,
    };
  });
  const changeKey = measure === 'winRate' ? 'winRateChange' : 'relativeWinRateChange';
  // Stable sort: equal moves keep item order.
  prompts.sort((x, y) => size(y[changeKey]) - size(x[changeKey]));

  const groups = sameTallyGroups(tallies);
  const curve = (direction: 1 | -1): DropStep[] => {
    const rest: Tally = { ...total };
    const head = groups.first.slice();
    let left = count;
    const steps: DropStep[] = [{ k: 0, dropped: null, n: rest.n, ...overall }];
    while (steps.length <= maxDrop && left > 1) {
      let best = -1;
      let bestGroup = -1;
      let bestValue = NaN;
      for (let g = 0; g < head.length; g++) {
        const p = head[g];
        if (p < 0) continue;
        const value =
          measure === 'winRate'
            ? (rest.score - tallies.score[p]) / (rest.n - tallies.n[p])
            : (rest.wins - tallies.wins[p]) / (rest.wins + rest.losses - tallies.wins[p] - tallies.losses[p]);
        if (Number.isNaN(value)) continue;
        // Of equal moves, the prompt first in item order (as a pass over every prompt would keep).
        if (best < 0 || direction * (value - bestValue) > 0 || (value === bestValue && p < best)) {
          best = p;
          bestGroup = g;
          bestValue = value;
        }
      }
      if (best < 0) break;
      head[bestGroup] = groups.next[best];
      left--;
      rest.n -= tallies.n[best];
      rest.score -= tallies.score[best];
      rest.wins -= tallies.wins[best];
      rest.losses -= tallies.losses[best];
      steps.push({ k: steps.length, dropped: itemNames[tallies.item[best]], n: rest.n, ...rates(rest.n, rest.score, rest.wins, rest.losses) });
    }
    return steps;
  };
  let largestPrompt = 0;
  for (let p = 0; p < count; p++) largestPrompt = Math.max(largestPrompt, tallies.n[p]);
  return { a, b, n: total.n, ...overall, measure, largestPrompt, prompts, dropCurve: { down: curve(-1), up: curve(1) } };
}
