// The ratings section: Bradley–Terry ratings with bootstrap intervals, ranks and rank ranges, the
// unrated and unbounded systems, neighbour comparisons and online Elo; with the win matrix it is
// fitted from. The bootstrap is the longest step of a report, so it is handed to the offload (the
// worker thread, when there is one) as soon as the table exists, and finished last.
import type { OutcomeTable } from '../outcomes/table.ts';
import { finishBradleyTerry, planBradleyTerry, type BradleyTerryOptions, type BradleyTerryPlan } from '../stats/bradleyTerry.ts';
import { onlineElo } from '../stats/elo.ts';
import type { PairSummary } from '../stats/types.ts';
import { winMatrix, type WinMatrix } from '../stats/winMatrix.ts';
import { compareNeighbours } from './neighbours.ts';
import type { Offload } from './offload/offload.ts';
import type { RatingsSection, ReportSettings, SystemEntry, UnboundedSystem, WinMatrixSection } from './types.ts';

/** The ratings under way: the full-data fit is done, the bootstrap draws are being made. */
export interface RatingsUnderWay {
  matrix: WinMatrix;
  plan: BradleyTerryPlan | null;
  draws: Promise<Float64Array> | null;
}

export function startRatings(table: OutcomeTable, settings: ReportSettings, offload: Offload): RatingsUnderWay {
  const matrix = winMatrix(table);
  const options: BradleyTerryOptions = {
    anchor: settings.anchor ?? settings.baseline ?? undefined,
    bootstrap: { seed: settings.seed, resamples: settings.resamples, cluster: settings.cluster, level: settings.level },
  };
  const plan = matrix.systems.length >= 2 ? planBradleyTerry(table, options) : null;
  const draws = plan?.draws ? offload.run('ratingDraws', plan.draws) : null;
  return { matrix, plan, draws };
}

/** Online Elo needs only the table: made while the bootstrap runs, not after. */
export function eloRatings(table: OutcomeTable, ratings: RatingsUnderWay): RatingsSection['elo'] {
  return ratings.plan ? onlineElo(table).ratings.map((r) => ({ system: r.system, rating: r.rating })) : [];
}

export function winMatrixSection({ matrix }: RatingsUnderWay): WinMatrixSection {
  return {
    systems: matrix.systems,
    winRate: matrix.winRate.map((row) => row.map((x) => (Number.isNaN(x) ? null : x))),
    battles: matrix.battles,
  };
}

/** The ratings once the bootstrap is back (null for fewer than two systems). */
export async function ratingsSection(
  ratings: RatingsUnderWay,
  pairs: readonly PairSummary[],
  elo: RatingsSection['elo'],
  level: number,
): Promise<RatingsSection | null> {
  const { matrix, plan, draws } = ratings;
  if (!plan) return null;
  const bt = finishBradleyTerry(plan, draws ? await draws : null);
  return {
    anchor: bt.anchor,
    ratings: bt.ratings,
    disconnected: bt.disconnected,
    unrated: matrix.systems.filter((id) => !bt.disconnected.includes(id) && !bt.ratings.some((r) => r.system === id)),
    unbounded: unboundedSystems(bt.unbounded, bt.ratings.length),
    neighbours: compareNeighbours(bt.ratings, pairs, level),
    elo,
  };
}

/** Every system with its number of battles: rated ones in rank order, then the others. */
export function systemsSection({ matrix }: RatingsUnderWay, ratings: RatingsSection | null): SystemEntry[] {
  const battles = new Map<string, number>(matrix.systems.map((s, i) => [s, matrix.battles[i].reduce((x, y) => x + y, 0)]));
  const order = ratings ? ratings.ratings.map((r) => r.system) : matrix.systems;
  return [...order, ...matrix.systems.filter((s) => !order.includes(s))].map((id) => ({ id, n: battles.get(id) ?? 0 }));
}

/**
 * Where systems without a finite rating can rank among the connected ones: those above sit above
 * every rated system, those below under them; undetermined ones could sit anywhere.
 */
export function unboundedSystems(unbounded: ReadonlyArray<{ system: string; side: UnboundedSystem['side'] }>, rated: number): UnboundedSystem[] {
  const count = (side: UnboundedSystem['side']) => unbounded.filter((u) => u.side === side).length;
  const above = count('above');
  const undetermined = count('undetermined');
  const total = rated + unbounded.length;
  return unbounded.map(({ system, side }) => ({
    system,
    side,
    rankRange: side === 'above' ? [1, above + undetermined] : side === 'below' ? [above + rated + 1, total] : [1, total],
  }));
}
