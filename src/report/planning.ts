// The planning section: for each pair, the votes it would need (src/stats/planning.ts), from its
// observed win and tie rates, so an unresolved comparison says how far it is from an answer.
import { votesForHalfWidth, votesToDetect } from '../stats/planning.ts';
import type { PairSummary } from '../stats/types.ts';
import type { PlanningEntry } from './types.ts';
import { preferredSide } from './verdict.ts';

const POWER = 0.8;
const HALF_WIDTH = 0.03;

function orNull(f: () => number): number | null {
  try {
    const x = f();
    return Number.isFinite(x) ? x : null;
  } catch {
    // The approximation refuses impossible inputs (e.g. soft scores with more "ties" than it allows).
    return null;
  }
}

export function planningSection(pairs: readonly PairSummary[], level: number): PlanningEntry[] {
  return pairs
    .filter((p) => p.n > 0 && Number.isFinite(p.winRate))
    .map((p) => {
      const tieRate = (p.ties + p.bothBad) / p.n;
      return {
        a: p.a,
        b: p.b,
        n: p.n,
        winRate: p.winRate,
        resolved: preferredSide(p, level) !== null,
        votesToDetect: p.winRate === 0.5 ? null : orNull(() => votesToDetect(p.winRate, { tieRate, power: POWER, alpha: 1 - level }).votes),
        votesForHalfWidth3: orNull(() => votesForHalfWidth(HALF_WIDTH, { winRate: p.winRate, tieRate, level }).votes),
      };
    });
}
