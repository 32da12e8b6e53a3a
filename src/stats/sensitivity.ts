// How much does the headline depend on what was asked? Win rates per tag, by how much longer a's
// answer was, and which prompts move the result (leave one prompt out; drop the k most
// influential): the OpenAssistant 48% falls to about 40% without a few prompts where the baseline
// refused, and an analyst must be able to see that kind of thing. Each reads one slot of the
// outcome table (src/outcomes/); a breakdown is the pair statistic over a mask of the slot.
import { KIND, outcomeCount, type OutcomeMask, type OutcomeTable } from '../outcomes/table.ts';
import { summarizePair, type PairSettings } from './pair.ts';
import type { PairSummary } from './types.ts';
import { quantileSorted } from './quantile.ts';

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
  /** Every prompt, the one whose removal moves `measure` most first. */
  prompts: PromptInfluence[];
  /**
   * Dropping prompts greedily, one at a time, each time the one whose removal lowers (`down`) or
   * raises (`up`) `measure` most: how far a few prompts can move the result.
   */
  dropCurve: { down: DropStep[]; up: DropStep[] };
}

/** One prompt's votes on a pair, seen from a. */
interface PromptTally {
  item: string;
  n: number;
  score: number;
  wins: number;
  losses: number;
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
 * The `top` tallies of largest move, in the order a stable sort by move (largest first) would
 * list them: one pass keeping a short sorted list, instead of sorting every prompt.
 */
function largestMoves(tallies: readonly PromptTally[], moveOf: (t: PromptTally) => number, top: number): PromptTally[] {
  const kept: Array<{ t: PromptTally; move: number }> = [];
  for (const t of tallies) {
    const move = moveOf(t);
    if (kept.length >= top && !(move > kept[kept.length - 1].move)) continue;
    // After every kept tally with a move at least as large (earlier tallies win ties).
    let at = kept.length;
    while (at > 0 && kept[at - 1].move < move) at--;
    kept.splice(at, 0, { t, move });
    if (kept.length > top) kept.pop();
  }
  return kept.map((k) => k.t);
}

/**
 * One tally per prompt of slot `slot` (over `mask`), ordered by item (ids are in name order, so no
 * string sort), and their total; scores summed in table order.
 */
function promptTallies(table: OutcomeTable, slot: number, mask?: OutcomeMask): { tallies: PromptTally[]; total: PromptTally } {
  const from = table.start[slot];
  const to = table.start[slot + 1];
  const { itemId, score, kind, itemNames } = table;
  const tallyOf = new Int32Array(itemNames.length).fill(-1);
  const made: PromptTally[] = [];
  const ids: number[] = [];
  const total: PromptTally = { item: '', n: 0, score: 0, wins: 0, losses: 0 };
  for (let e = from; e < to; e++) {
    if (mask !== undefined && mask[e] === 0) continue;
    const id = itemId[e];
    let at = tallyOf[id];
    if (at < 0) {
      at = tallyOf[id] = made.length;
      made.push({ item: itemNames[id], n: 0, score: 0, wins: 0, losses: 0 });
      ids.push(id);
    }
    const t = made[at];
    t.n++;
    t.score += score[e];
    total.n++;
    total.score += score[e];
    if (kind[e] === KIND.win) t.wins++, total.wins++;
    else if (kind[e] === KIND.loss) t.losses++, total.losses++;
  }
  const order = Int32Array.from(ids).sort();
  return { tallies: Array.from(order, (id) => made[tallyOf[id]]), total };
}

/** Leave-one-prompt-out influence on a vs b (slot `slot`, over `mask`; ties as half), and the drop-k curves. */
export function promptInfluence(table: OutcomeTable, slot: number, options: InfluenceOptions = {}, mask?: OutcomeMask): InfluenceReport {
  const [a, b] = table.pairs[slot];
  const { tallies, total } = promptTallies(table, slot, mask);
  return influenceOfTallies(tallies, total, a, b, options);
}

/** promptInfluence from its tallies: one per prompt, ordered by item, and their total. */
function influenceOfTallies(
  tallies: readonly PromptTally[],
  total: Readonly<PromptTally>,
  a: string,
  b: string,
  options: InfluenceOptions = {},
): InfluenceReport {
  const measure = options.measure ?? 'winRate';
  const maxDrop = options.maxDrop ?? 20;
  const overall = rates(total.n, total.score, total.wins, total.losses);
  const without = (rest: PromptTally, t: PromptTally) => rates(rest.n - t.n, rest.score - t.score, rest.wins - t.wins, rest.losses - t.losses);
  const changeOf = (t: PromptTally): number => {
    const rest = without(total, t);
    return measure === 'winRate' ? rest.winRate - overall.winRate : rest.relativeWinRate - overall.relativeWinRate;
  };
  const size = (change: number) => (Number.isNaN(change) ? -1 : Math.abs(change));
  const listed = options.top === undefined ? tallies : largestMoves(tallies, (t) => size(changeOf(t)), options.top);

  const prompts: PromptInfluence[] = listed.map((t) => {
    const alone = rates(t.n, t.score, t.wins, t.losses);
    const rest = without(total, t);
    return {
      item: t.item,
      n: t.n,
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

  const curve = (direction: 1 | -1): DropStep[] => {
    const rest: PromptTally = { ...total };
    const left = [...tallies];
    const steps: DropStep[] = [{ k: 0, dropped: null, n: rest.n, ...overall }];
    while (steps.length <= maxDrop && left.length > 1) {
      let best = -1;
      let bestValue = NaN;
      for (let i = 0; i < left.length; i++) {
        // The rate without prompt i, inline: this loop runs (prompts × maxDrop) times.
        const t = left[i];
        const value =
          measure === 'winRate'
            ? (rest.score - t.score) / (rest.n - t.n)
            : (rest.wins - t.wins) / (rest.wins + rest.losses - t.wins - t.losses);
        if (Number.isNaN(value)) continue;
        if (best < 0 || direction * (value - bestValue) > 0) {
          best = i;
          bestValue = value;
        }
      }
      if (best < 0) break;
      const [t] = left.splice(best, 1);
      rest.n -= t.n;
      rest.score -= t.score;
      rest.wins -= t.wins;
      rest.losses -= t.losses;
      steps.push({ k: steps.length, dropped: t.item, n: rest.n, ...rates(rest.n, rest.score, rest.wins, rest.losses) });
    }
    return steps;
  };
  return { a, b, n: total.n, ...overall, measure, prompts, dropCurve: { down: curve(-1), up: curve(1) } };
}
