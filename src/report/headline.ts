// The sentence a reader sees first: the answer with its numbers.
import { interval, pct, ratingInterval } from './format.ts';
import type { Report } from './types.ts';
import { preferredSide } from './verdict.ts';

export function headline(report: Omit<Report, 'headline'>): string {
  const level = Math.round(report.settings.level * 100);
  if (report.pairs.length === 0) return `No comparisons to report (${report.n} judgments used).`;
  if (report.ratings && report.systems.length > 2 && report.ratings.ratings.length > 0) {
    const [top] = [...report.ratings.ratings].sort((x, y) => y.rating - x.rating);
    const resolved = report.ratings.neighbours.filter((nb) => nb.resolved).length;
    // A system with no finite rating above the rated ones is the real leader: never name a rated one first.
    const above = report.ratings.unbounded.filter((u) => u.side === 'above').map((u) => u.system);
    if (above.length > 0) {
      return (
        `Across ${report.n} judgments of ${report.systems.length} systems, ${above.join(', ')} ` +
        `${above.length === 1 ? 'ranks' : 'rank'} above every rated system: ${above.length === 1 ? 'it' : 'they'} won every chain of comparisons ` +
        `back to ${report.ratings.anchor}, so Bradley–Terry gives no finite rating; the best rated system is ${top.system} ` +
        `(rating ${Math.round(top.rating)}, ${level}% CI ${ratingInterval(top.ci)}, ${report.ratings.anchor} = 1000).`
      );
    }
    return (
      `Across ${report.n} judgments of ${report.systems.length} systems, ${top.system} ranks first ` +
      `(rating ${Math.round(top.rating)}, ${level}% CI ${ratingInterval(top.ci)}, ${report.ratings.anchor} = 1000); ` +
      `${resolved} of ${report.ratings.neighbours.length} neighbouring pairs in the ranking are resolved.`
    );
  }
  const p = [...report.pairs].sort((x, y) => y.n - x.n)[0];
  const side = preferredSide(p, report.settings.level);
  const verdict = side === 'a' ? `${p.a} is preferred` : side === 'b' ? `${p.b} is preferred` : 'no clear preference';
  return (
    `${p.a} vs ${p.b}: ${p.a} wins ${pct(p.winRate)} ${interval(p.winRateCI)} of ${p.n} comparisons ` +
    `(ties count half; relative win rate ${pct(p.relativeWinRate)} ${interval(p.relativeWinRateCI)}; ` +
    `${tally(p)}): ${verdict}.`
  );
}

/** The kinds as the pairs table counts them: ties and "both bad" apart, each said only when present. */
function tally(p: { wins: number; losses: number; ties: number; bothBad: number }): string {
  const parts = [`${p.wins} wins`, `${p.losses} losses`];
  if (p.ties > 0 || p.bothBad === 0) parts.push(`${p.ties} ties`);
  if (p.bothBad > 0) parts.push(`${p.bothBad} both bad`);
  return parts.join(', ');
}
