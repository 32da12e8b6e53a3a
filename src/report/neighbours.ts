// Checkpoint comparison: for each neighbouring pair in the ranking, is the difference resolved?
// Resolved when the rating intervals are disjoint, or when their direct comparison prefers one side
// (see verdict.ts).
import type { PairSummary, Rating } from '../stats/types.ts';
import type { NeighbourComparison } from './types.ts';
import { preferredSide } from './verdict.ts';

export function compareNeighbours(ratings: readonly Rating[], pairs: readonly PairSummary[], level: number): NeighbourComparison[] {
  const ordered = [...ratings].sort((x, y) => y.rating - x.rating);
  const out: NeighbourComparison[] = [];
  for (let i = 0; i + 1 < ordered.length; i++) {
    const higher = ordered[i];
    const lower = ordered[i + 1];
    const overlap = !(higher.ci[0] > lower.ci[1] || lower.ci[0] > higher.ci[1]) || Number.isNaN(higher.ci[0]) || Number.isNaN(lower.ci[0]);
    let pairWinRate: number | null = null;
    let pairWinRateCI: [number, number] | null = null;
    let pairResolved = false;
    const direct = pairs.find((p) => (p.a === higher.system && p.b === lower.system) || (p.a === lower.system && p.b === higher.system));
    if (direct && direct.n > 0) {
      const flipped = direct.a !== higher.system;
      pairWinRate = flipped ? 1 - direct.winRate : direct.winRate;
      pairWinRateCI = flipped ? [1 - direct.winRateCI[1], 1 - direct.winRateCI[0]] : [direct.winRateCI[0], direct.winRateCI[1]];
      pairResolved = preferredSide(direct, level) !== null;
    }
    out.push({ higher: higher.system, lower: lower.system, resolved: !overlap || pairResolved, ratingIntervalsOverlap: overlap, pairWinRate, pairWinRateCI });
  }
  return out;
}
