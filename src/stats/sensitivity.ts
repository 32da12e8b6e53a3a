// How much does the headline depend on what was asked? Win rates per tag, by how much longer a's
// answer was, and which prompts move the result (leave one prompt out; drop the k most
// influential): the OpenAssistant 48% falls to about 40% without a few prompts where the baseline
// refused, and an analyst must be able to see that kind of thing.
import type { Outcome } from '../outcomes/outcome.ts';
import { outcomesOfPair, summarizePair, type PairSettings } from './pair.ts';
import type { PairSummary } from './types.ts';

/** Tag under which outcomes on items without tags are reported. */
export const UNTAGGED = '(untagged)';

export interface TagSummary extends PairSummary {
  tag: string;
}

export type TagsByItem = ReadonlyMap<string, readonly string[]> | Readonly<Record<string, readonly string[]>>;

function tagsOf(tags: TagsByItem, item: string): readonly string[] | undefined {
  return tags instanceof Map ? tags.get(item) : (tags as Readonly<Record<string, readonly string[]>>)[item];
}

/** a vs b within each tag (an item with several tags counts in each), sorted by tag. */
export function winRatesByTag(
  outcomes: readonly Outcome[],
  a: string,
  b: string,
  tags: TagsByItem,
  settings: Partial<PairSettings> = {},
): TagSummary[] {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomesOfPair(outcomes, a, b)) {
    const own = tagsOf(tags, o.item);
    for (const tag of own && own.length > 0 ? new Set(own) : [UNTAGGED]) {
      const list = groups.get(tag) ?? [];
      list.push(o);
      groups.set(tag, list);
    }
  }
  return [...groups.keys()].sort().map((tag) => ({ tag, ...summarizePair(groups.get(tag) ?? [], a, b, settings) }));
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

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
}

/** a vs b by how much longer a's completion was than b's; empty buckets are left out. */
export function winRateByLength(
  outcomes: readonly Outcome[],
  a: string,
  b: string,
  lengthOf: LengthOf,
  options: LengthOptions = {},
): LengthSensitivity {
  const differences = new Map<string, number>();
  const known: Array<{ o: Outcome; difference: number }> = [];
  let missing = 0;
  for (const o of outcomesOfPair(outcomes, a, b)) {
    const la = lengthOf(o.item, a);
    const lb = lengthOf(o.item, b);
    if (la === undefined || lb === undefined || !Number.isFinite(la) || !Number.isFinite(lb)) {
      missing++;
      continue;
    }
    known.push({ o, difference: la - lb });
    differences.set(o.item, la - lb);
  }
  const perItem = [...differences.values()].sort((x, y) => x - y);
  const edges = options.edges
    ? [...options.edges].sort((x, y) => x - y)
    : perItem.length === 0
      ? []
      : [...new Set([0.2, 0.4, 0.6, 0.8].map((q) => quantile(perItem, q)))];
  const bounds = [-Infinity, ...edges, Infinity];
  const buckets: LengthBucket[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [low, high] = [bounds[k], bounds[k + 1]];
    const inside = known.filter(({ difference }) => difference >= low && difference < high).map(({ o }) => o);
    if (inside.length > 0) buckets.push({ low, high, ...summarizePair(inside, a, b, options.settings) });
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
export interface PromptTally {
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

/** Leave-one-prompt-out influence on a vs b (ties as half), and the drop-k curves. */
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

export function promptInfluence(outcomes: readonly Outcome[], a: string, b: string, options: InfluenceOptions = {}): InfluenceReport {
  const byItem = new Map<string, PromptTally>();
  const total: PromptTally = { item: '', n: 0, score: 0, wins: 0, losses: 0 };
  for (const o of outcomesOfPair(outcomes, a, b)) {
    let t = byItem.get(o.item);
    if (!t) {
      t = { item: o.item, n: 0, score: 0, wins: 0, losses: 0 };
      byItem.set(o.item, t);
    }
    t.n++;
    t.score += o.score;
    total.n++;
    total.score += o.score;
    if (o.kind === 'win') t.wins++, total.wins++;
    if (o.kind === 'loss') t.losses++, total.losses++;
  }
  const tallies = [...byItem.values()].sort((x, y) => (x.item < y.item ? -1 : x.item > y.item ? 1 : 0));
  return influenceOfTallies(tallies, total, a, b, options);
}

/**
 * promptInfluence from tallies already made: one per prompt, ordered by item, and their total
 * (scores summed in vote order, as promptInfluence does).
 */
export function influenceOfTallies(
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
