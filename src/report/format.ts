// Number formatting shared by the Markdown and HTML renderers.
import type { Interval } from '../stats/types.ts';
import type { RatingsSection, UnboundedSystem } from './types.ts';

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}%`;
}

export function interval(ci: Interval | null | undefined, digits = 1): string {
  if (!ci || !Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return '–';
  return `[${(ci[0] * 100).toFixed(digits)}, ${(ci[1] * 100).toFixed(digits)}]`;
}

export function num(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  if (p < 0.001) return '<0.001';
  return p.toPrecision(2);
}

export function ratingInterval(ci: Interval | null | undefined): string {
  if (!ci || !Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return '–';
  return `[${Math.round(ci[0])}, ${Math.round(ci[1])}]`;
}

/** "1" or "1–3". */
export function rankRange(range: [number, number]): string {
  return range[0] === range[1] ? String(range[0]) : `${range[0]}–${range[1]}`;
}

/**
 * "Without the 5 prompts most favourable to a, its win rate moves from 56.7% to 52.1%." Where every
 * prompt has one vote, the prompts dropped are any of a's wins (or losses), and the sentence says so.
 */
export function dropSentence(
  curve: { a: string; singleVotePrompts?: boolean; down: Array<{ k: number; winRate: number }>; up: Array<{ k: number; winRate: number }> },
  k = 5,
): string | null {
  const start = curve.down[0];
  const down = curve.down[Math.min(k, curve.down.length - 1)];
  const up = curve.up[Math.min(k, curve.up.length - 1)];
  if (!start || !down || !up || down.k === 0) return null;
  if (curve.singleVotePrompts) {
    return `every prompt has one vote, so no prompt stands out and influence is not meaningful; leaving out any ${down.k} of ${curve.a}'s best outcomes moves its win rate from ${pct(start.winRate)} to ${pct(down.winRate)}, any ${up.k} of its worst to ${pct(up.winRate)}`;
  }
  return `without the ${down.k} prompts most favourable to ${curve.a}, its win rate moves from ${pct(start.winRate)} to ${pct(down.winRate)}; without the ${up.k} least favourable, to ${pct(up.winRate)}`;
}

export const NOT_COUNTERBALANCED =
  'The sides were not counterbalanced (pairs were mostly shown in one order), so this share mixes position with quality.';

/** The rating column for a system Bradley–Terry cannot rate, by side. */
export const UNBOUNDED_RATING: Record<UnboundedSystem['side'], string> = {
  above: 'above all (no finite rating)',
  below: 'below all (no finite rating)',
  undetermined: 'undetermined',
};

/** The rank shown for an unbounded system: its rank when the range pins it, else a dash. */
export function unboundedRank(u: UnboundedSystem): string | number {
  return u.rankRange[0] === u.rankRange[1] ? u.rankRange[0] : '—';
}

/** Sentences explaining the unbounded systems, side by side (the same in Markdown and HTML). */
export function unboundedNotes(r: Pick<RatingsSection, 'anchor' | 'unbounded'>): string[] {
  const bySide = (side: UnboundedSystem['side']) => r.unbounded.filter((u) => u.side === side).map((u) => u.system);
  const [above, below, undetermined] = [bySide('above'), bySide('below'), bySide('undetermined')];
  const notes: string[] = [];
  if (above.length > 0) notes.push(`No finite rating, above every rated system (won every chain of comparisons back to ${r.anchor}): ${above.join(', ')}.`);
  if (below.length > 0) notes.push(`No finite rating, below every rated system (lost every chain of comparisons back to ${r.anchor}): ${below.join(', ')}.`);
  if (undetermined.length > 0) notes.push(`No finite rating, and the comparisons cannot place them: ${undetermined.join(', ')}.`);
  return notes;
}

/** Systems the fit left out that no other note explains. */
export function unexplainedUnrated(r: Pick<RatingsSection, 'unrated' | 'unbounded'>): string[] {
  return r.unrated.filter((id) => !r.unbounded.some((u) => u.system === id));
}

/** "config.yaml; temperature=0.7, top_p=1; sample 2" — how an imported completion was sampled, or '–'. */
export function samplingText(source: { samplingConfig: string | null; samplingParams: Record<string, unknown> | null; sampleIndex: number | null }): string {
  const params = Object.entries(source.samplingParams ?? {}).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const parts = [source.samplingConfig, params.join(', '), source.sampleIndex === null ? null : `sample ${source.sampleIndex}`];
  return parts.filter((x) => x).join('; ') || '–';
}

/** What the per-rater-pair kappa table holds, or why it is empty. */
export function raterPairsText(a: { raterPairs: readonly unknown[]; raterPairMinTasks: number }): string {
  return a.raterPairs.length > 0
    ? `Every pair of raters who judged at least ${a.raterPairMinTasks} tasks in common, each rater's first judgment of a task.`
    : `No two raters judged ${a.raterPairMinTasks} or more tasks in common, so no pair of raters has a kappa worth reporting.`;
}

/** Whether a judge's win rate lies inside the people's interval, as a table cell. */
export function insideText(inside: boolean | null): string {
  return inside === null ? '–' : inside ? 'yes' : 'no';
}

/** What the judges section compares, by whose judgments the rest of the report uses. */
export function judgesIntro(raters: 'human' | 'judge' | 'all'): string {
  const rest = raters === 'human' ? "The rest of this report uses the people's votes only (--raters human)." : raters === 'judge' ? "The rest of this report uses the judges' verdicts only (--raters judge)." : 'The rest of this report counts the judges\' verdicts with the people\'s votes (--raters all).';
  return `Each judge's win rates beside the people's on the same pairs, its agreement with them, and its position bias from the swapped orders. ${rest}`;
}
