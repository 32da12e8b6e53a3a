// Bradley–Terry ratings by maximum likelihood, a tie counting as half a win for each side
// (Chatbot Arena's estimand), with bootstrap intervals and rank intervals.
//
// Everything works on sufficient statistics: per unordered pair (i, j) the battles n_ij and i's
// total score w_ij. A bootstrap round redraws the counts of the (pair, score) cells with one
// multinomial draw (i.i.d. battles) or redraws whole clusters (prompts or raters), then refits
// from the previous optimum with Newton steps. Nothing ever loops over individual battles twice.
import type { OutcomeTable } from '../outcomes/table.ts';
import type { BootstrapSettings, Interval, Rating, RatingsResult } from './types.ts';
import { battleCells, clusterTable, pairTotals, type BattleCells, type ClusterTable } from './battleCells.ts';
import {
  ABOVE,
  anchorClasses,
  BELOW,
  fitLogStrengths,
  maskOf,
  RATED,
  UNCONNECTED,
  UNDETERMINED,
} from './bradleyTerryFit.ts';
import { MultinomialTable, multinomialInto } from './random/multinomial.ts';
import { PoissonizedMultinomial } from './random/poissonized.ts';
import { Sfc32 } from './random/rng.ts';
import { rngFor } from './random/rng.ts';
import { ranksFromIntervals } from './ranks.ts';
import { PrefstudyError } from '../errors.ts';
import { quantileSorted } from './quantile.ts';

export { fitLogStrengths, type FitResult } from './bradleyTerryFit.ts';

/** Rating points per natural-log unit of strength: 400 / ln 10. */
export const RATING_SCALE = 400 / Math.LN10;
export const ANCHOR_RATING = 1000;

export type RatingBootstrapSettings = Pick<BootstrapSettings, 'seed' | 'resamples' | 'cluster' | 'level'>;

export interface BradleyTerryOptions {
  /** The system rated 1000. Default: the system with the most battles (usually the baseline). */
  anchor?: string;
  /** Systems to report even if they have no battles (they come out as disconnected). */
  systems?: readonly string[];
  /** Defaults: seed 0, 1,000 resamples, clustered by prompt, level 0.95. resamples 0 = no intervals. */
  bootstrap?: Partial<RatingBootstrapSettings>;
}

export interface BradleyTerryResult extends RatingsResult {
  settings: RatingBootstrapSettings;
  /** Battles used (between rated systems). */
  n: number;
  /** Whether the full-data fit met the tolerance. */
  converged: boolean;
  /**
   * Connected systems without a finite maximum-likelihood rating: `above` when they won outright
   * every chain of comparisons back to the anchor's group, `below` when they lost every one,
   * `undetermined` when the data cannot place them. Listed here instead of a made-up rating.
   */
  unbounded: Array<{ system: string; side: 'above' | 'below' | 'undetermined' }>;
}

function defaultAnchor(cells: BattleCells): number {
  const battles = new Float64Array(cells.systems.length);
  for (let c = 0; c < cells.cellPair.length; c++) {
    battles[cells.pairI[cells.cellPair[c]]] += cells.cellCount[c];
    battles[cells.pairJ[cells.cellPair[c]]] += cells.cellCount[c];
  }
  let best = 0;
  for (let i = 1; i < battles.length; i++) if (battles[i] > battles[best]) best = i;
  return best;
}

/**
 * Everything bradleyTerry does before the bootstrap: the battles as cells, the full-data fit, and
 * what the bootstrap needs as plain typed arrays (`draws`, null without resamples), so the long
 * part can run elsewhere (the report runs it in a worker thread) and `finishBradleyTerry` after.
 */
export interface BradleyTerryPlan {
  settings: RatingBootstrapSettings;
  cells: BattleCells;
  anchor: number;
  classes: Uint8Array;
  theta: Float64Array;
  converged: boolean;
  used: number;
  draws: RatingDrawsInput | null;
}

/** The inputs of `ratingDraws`: numbers and typed arrays only (they cross to a worker by copy). */
export interface RatingDrawsInput {
  systems: number;
  pairI: Int32Array;
  pairJ: Int32Array;
  cellPair: Int32Array;
  cellScore: Float64Array;
  /** Battles per cell among rated systems (the rest cannot affect their ratings). */
  cellCount: Float64Array;
  /** Whole clusters as the cells of their battles (clusterTable); null for cluster 'none'. */
  clusters: ClusterTable | null;
  rated: Uint8Array;
  anchor: number;
  /** The full-data fit: each round's Newton steps start from it. */
  fitted: Float64Array;
  seed: string | number;
  resamples: number;
  cluster: RatingBootstrapSettings['cluster'];
}

/**
 * The battles of the table as cells (with the systems asked for and the anchor, so that they are
 * reported even without battles), the full-data fit, and the bootstrap's input.
 */
export function planBradleyTerry(table: OutcomeTable, options: BradleyTerryOptions = {}): BradleyTerryPlan {
  const cells = battleCells(table, [...(options.systems ?? []), ...(options.anchor ? [options.anchor] : [])]);
  const settings: RatingBootstrapSettings = {
    seed: options.bootstrap?.seed ?? 0,
    resamples: options.bootstrap?.resamples ?? 1000,
    cluster: options.bootstrap?.cluster ?? 'prompt',
    level: options.bootstrap?.level ?? 0.95,
  };
  const k = cells.systems.length;
  if (k === 0) return { settings, cells, anchor: -1, classes: new Uint8Array(0), theta: new Float64Array(0), converged: true, used: 0, draws: null };
  const anchor = options.anchor !== undefined ? cells.systems.indexOf(options.anchor) : defaultAnchor(cells);
  if (options.anchor !== undefined && !cells.cellPair.some((p) => cells.pairI[p] === anchor || cells.pairJ[p] === anchor)) {
    throw new PrefstudyError('invalid-input', `anchor system "${options.anchor}" has no comparisons`, [
      { field: 'anchor', expected: `one of ${cells.systems.join(', ')} with battles`, found: options.anchor, message: 'the anchor must have been compared' },
    ]);
  }

  const numPairs = cells.pairI.length;
  const n = new Float64Array(numPairs);
  const w = new Float64Array(numPairs);
  pairTotals(cells, cells.cellCount, n, w);
  const classes = anchorClasses(k, cells.pairI, cells.pairJ, n, w, anchor);
  const rated = maskOf(classes, RATED);
  const theta = new Float64Array(k);
  const fit = fitLogStrengths(cells.pairI, cells.pairJ, n, w, rated, anchor, theta);

  let used = 0;
  for (let p = 0; p < numPairs; p++) if (rated[cells.pairI[p]] && rated[cells.pairJ[p]]) used += n[p];
  const draws = settings.resamples > 0 ? drawsInput(table, cells, rated, anchor, theta, settings) : null;
  return { settings, cells, anchor, classes, theta, converged: fit.converged, used, draws };
}

function drawsInput(
  table: OutcomeTable,
  cells: BattleCells,
  rated: Uint8Array,
  anchor: number,
  fitted: Float64Array,
  settings: RatingBootstrapSettings,
): RatingDrawsInput {
  const cellCount = new Float64Array(cells.cellPair.length);
  for (let c = 0; c < cellCount.length; c++) {
    const p = cells.cellPair[c];
    if (rated[cells.pairI[p]] && rated[cells.pairJ[p]]) cellCount[c] = cells.cellCount[c];
  }
  return {
    systems: cells.systems.length,
    pairI: cells.pairI,
    pairJ: cells.pairJ,
    cellPair: cells.cellPair,
    cellScore: cells.cellScore,
    cellCount,
    clusters: settings.cluster === 'none' ? null : clusterTable(table, cells, settings.cluster, cellCount),
    rated,
    anchor,
    fitted: Float64Array.from(fitted),
    seed: settings.seed,
    resamples: settings.resamples,
    cluster: settings.cluster,
  };
}

/** The ratings with their intervals and ranks, from the plan and its bootstrap draws (ratingDraws). */
export function finishBradleyTerry(plan: BradleyTerryPlan, draws: Float64Array | null): BradleyTerryResult {
  const { settings, cells, anchor, classes, theta } = plan;
  const k = cells.systems.length;
  if (k === 0) return { anchor: '', ratings: [], disconnected: [], settings, n: 0, converged: true, unbounded: [] };
  const ratedIds: number[] = [];
  for (let i = 0; i < k; i++) if (classes[i] === RATED) ratedIds.push(i);
  const alpha = (1 - settings.level) / 2;
  const intervals: Interval[] = ratedIds.map((i) => {
    if (!draws) return [NaN, NaN];
    const values: number[] = [];
    for (let r = 0; r < settings.resamples; r++) {
      const v = draws[r * k + i];
      if (!Number.isNaN(v)) values.push(v);
    }
    const sorted = Float64Array.from(values).sort();
    return [quantileSorted(sorted, alpha), quantileSorted(sorted, 1 - alpha)];
  });
  const ranks = ranksFromIntervals(intervals);
  // Unbounded systems are not rated but still rank: those above sit above everyone rated, and
  // undetermined ones might sit anywhere, so they can only worsen the worst rank.
  const above = classes.filter((c) => c === ABOVE).length;
  const undetermined = classes.filter((c) => c === UNDETERMINED).length;
  const ratings: Rating[] = ratedIds.map((i, r) => ({
    system: cells.systems[i],
    rating: ANCHOR_RATING + RATING_SCALE * theta[i],
    ci: intervals[r],
    rank: ranks[r].rank + above,
    rankRange: [ranks[r].rankRange[0] + above, ranks[r].rankRange[1] + above + undetermined],
  }));
  ratings.sort((x, y) => y.rating - x.rating || (x.system < y.system ? -1 : 1));
  return {
    anchor: cells.systems[anchor],
    ratings,
    disconnected: cells.systems.filter((_, i) => classes[i] === UNCONNECTED),
    settings,
    n: plan.used,
    converged: plan.converged,
    unbounded: cells.systems.flatMap((system, i) => {
      const c = classes[i];
      if (c === RATED || c === UNCONNECTED) return [];
      return [{ system, side: c === ABOVE ? ('above' as const) : c === BELOW ? ('below' as const) : ('undetermined' as const) }];
    }),
  };
}

export function bradleyTerry(table: OutcomeTable, options: BradleyTerryOptions = {}): BradleyTerryResult {
  const plan = planBradleyTerry(table, options);
  return finishBradleyTerry(plan, plan.draws && ratingDraws(plan.draws));
}

/**
 * Ratings of every bootstrap round, round-major (draws[r * k + i]); NaN where a round left a
 * system without a path to the anchor.
 */
export function ratingDraws(input: RatingDrawsInput): Float64Array {
  const { systems: k, pairI, pairJ, cellPair, cellScore, rated, anchor, fitted, resamples } = input;
  const cells = { cellPair, cellScore };
  const numPairs = pairI.length;
  const numCells = cellPair.length;
  const rng = rngFor(input.seed, 'bradley-terry', input.cluster);
  const draws = new Float64Array(resamples * k).fill(NaN);
  const n = new Float64Array(numPairs);
  const w = new Float64Array(numPairs);
  const theta = new Float64Array(k);

  const cellCount = input.cellCount;
  let total = 0;
  for (let c = 0; c < numCells; c++) total += cellCount[c];
  const clusters = input.clusters;
  const counts = new Float64Array(numCells);
  // Whole clusters drawn with replacement, by group of identical clusters: how often each group is
  // picked in C draws is Multinomial(C; multiplicity / C). Uniforms from sfc32 (cheaper than alea),
  // seeded from `rng`, so the draws stay a function of the seed.
  const groups = clusters?.multiplicity ?? new Int32Array(0);
  let numClusters = 0;
  for (let g = 0; g < groups.length; g++) numClusters += groups[g];
  const sampler = !clusters || numClusters === 0
    ? null
    : PoissonizedMultinomial.suits(numClusters, groups.length)
      ? new PoissonizedMultinomial(numClusters, groups)
      : new MultinomialTable(numClusters, groups);
  const source = sampler ? Sfc32.seededBy(rng) : null;
  const picked = new Float64Array(groups.length);
  const groupStart = clusters?.start ?? new Int32Array(1);
  const groupCell = clusters?.cell ?? new Int32Array(0);

  for (let r = 0; r < resamples; r++) {
    if (sampler && source) {
      sampler.sample(source, picked);
      counts.fill(0);
      for (let g = 0; g < groups.length; g++) {
        const times = picked[g];
        if (times === 0) continue;
        // Four battles per step: these additions are the round's whole cost (1.5× faster than one per step).
        const end = groupStart[g + 1];
        let e = groupStart[g];
        for (; e + 3 < end; e += 4) {
          counts[groupCell[e]] += times;
          counts[groupCell[e + 1]] += times;
          counts[groupCell[e + 2]] += times;
          counts[groupCell[e + 3]] += times;
        }
        for (; e < end; e++) counts[groupCell[e]] += times;
      }
    } else if (clusters) {
      counts.fill(0);
    } else {
      multinomialInto(rng, total, cellCount, counts);
    }
    pairTotals(cells, counts, n, w);
    // A round can lose a system's only win or loss: it then sits at ±Infinity in that round, and
    // a system the round cannot place at all is left out of its interval (NaN).
    const classes = anchorClasses(k, pairI, pairJ, n, w, anchor, rated);
    const active = maskOf(classes, RATED);
    theta.set(fitted);
    fitLogStrengths(pairI, pairJ, n, w, active, anchor, theta);
    for (let i = 0; i < k; i++) {
      if (!rated[i]) continue;
      const c = classes[i];
      draws[r * k + i] =
        c === RATED ? ANCHOR_RATING + RATING_SCALE * theta[i] : c === ABOVE ? Infinity : c === BELOW ? -Infinity : NaN;
    }
  }
  return draws;
}
