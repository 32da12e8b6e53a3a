// Bradley–Terry ratings by maximum likelihood, a tie counting as half a win for each side
// (Chatbot Arena's estimand), with bootstrap intervals and rank intervals.
//
// Everything works on sufficient statistics: per unordered pair (i, j) the battles n_ij and i's
// total score w_ij. A bootstrap round redraws the counts of the (pair, score) cells with one
// multinomial draw (i.i.d. battles) or redraws whole clusters (prompts or raters), then refits
// from the previous optimum with Newton steps. Nothing ever loops over individual battles twice.
import type { Outcome } from './outcome.ts';
import type { BootstrapSettings, ClusterBy, Interval, Rating, RatingsResult } from './types.ts';
import { multinomialInto, rngFor } from './random.ts';
import { ranksFromIntervals } from './ranks.ts';
import { PrefstudyError } from '../errors.ts';
import { systemsOf } from './winMatrix.ts';

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
   * Connected systems without a finite maximum-likelihood rating: `above` when they won (or tied)
   * every chain of comparisons back to the anchor's group, `below` when they lost every one,
   * `undetermined` when the data cannot place them. Listed here instead of a made-up rating.
   */
  unbounded: Array<{ system: string; side: 'above' | 'below' | 'undetermined' }>;
}

/** Battles tabulated into (pair, score) cells; pairs are unordered with i < j, scores are i's. */
export interface BattleCells {
  systems: string[];
  pairI: Int32Array;
  pairJ: Int32Array;
  cellPair: Int32Array;
  cellScore: Float64Array;
  cellCount: Float64Array;
  /** The cell of every outcome (in input order); -1 for a system against itself. */
  outcomeCell: Int32Array;
}

export function tabulateBattles(outcomes: readonly Outcome[], systems: readonly string[] = []): BattleCells {
  const ids = systemsOf(outcomes, systems);
  const k = ids.length;
  const index = new Map(ids.map((s, i) => [s, i]));
  const pairOf = new Int32Array(k * k).fill(-1);
  const pairI: number[] = [];
  const pairJ: number[] = [];
  // Hard scores 0, 0.5, 1 get three fixed cells per pair; soft scores get a cell per distinct value.
  const hardCell: number[] = [];
  const softCell = new Map<string, number>();
  const cellPair: number[] = [];
  const cellScore: number[] = [];
  const cellCount: number[] = [];
  const outcomeCell = new Int32Array(outcomes.length);

  for (let t = 0; t < outcomes.length; t++) {
    const o = outcomes[t];
    const ia = index.get(o.a) as number;
    const ib = index.get(o.b) as number;
    if (ia === ib) {
      outcomeCell[t] = -1;
      continue;
    }
    const i = ia < ib ? ia : ib;
    const j = ia < ib ? ib : ia;
    const score = ia < ib ? o.score : 1 - o.score;
    let pair = pairOf[i * k + j];
    if (pair < 0) {
      pair = pairI.length;
      pairOf[i * k + j] = pair;
      pairI.push(i);
      pairJ.push(j);
      hardCell.push(-1, -1, -1);
    }
    let cell: number;
    const slot = score === 0 ? 0 : score === 0.5 ? 1 : score === 1 ? 2 : -1;
    if (slot >= 0) {
      cell = hardCell[pair * 3 + slot];
      if (cell < 0) {
        cell = newCell(pair, score);
        hardCell[pair * 3 + slot] = cell;
      }
    } else {
      const key = `${pair}:${score}`;
      cell = softCell.get(key) ?? -1;
      if (cell < 0) {
        cell = newCell(pair, score);
        softCell.set(key, cell);
      }
    }
    cellCount[cell]++;
    outcomeCell[t] = cell;
  }
  return {
    systems: ids,
    pairI: Int32Array.from(pairI),
    pairJ: Int32Array.from(pairJ),
    cellPair: Int32Array.from(cellPair),
    cellScore: Float64Array.from(cellScore),
    cellCount: Float64Array.from(cellCount),
    outcomeCell,
  };

  function newCell(pair: number, score: number): number {
    cellPair.push(pair);
    cellScore.push(score);
    cellCount.push(0);
    return cellPair.length - 1;
  }
}

/** Per pair: battles and i's total score, summed over cells weighted by `counts`. */
function pairTotals(cells: BattleCells, counts: ArrayLike<number>, n: Float64Array, w: Float64Array): void {
  n.fill(0);
  w.fill(0);
  for (let c = 0; c < cells.cellPair.length; c++) {
    const p = cells.cellPair[c];
    n[p] += counts[c];
    w[p] += counts[c] * cells.cellScore[c];
  }
}

/** Systems joined to `anchor` through pairs with battles (n > 0), among those allowed. */
function componentOf(
  k: number,
  pairI: Int32Array,
  pairJ: Int32Array,
  n: Float64Array,
  anchor: number,
  allowed?: Uint8Array,
): Uint8Array {
  const inside = new Uint8Array(k);
  inside[anchor] = 1;
  // Few systems, few pairs: sweeping until nothing changes is simple and fast enough.
  for (let changed = true; changed; ) {
    changed = false;
    for (let p = 0; p < pairI.length; p++) {
      if (!(n[p] > 0)) continue;
      const i = pairI[p];
      const j = pairJ[p];
      if (allowed && (!allowed[i] || !allowed[j])) continue;
      if (inside[i] !== inside[j]) {
        inside[i] = 1;
        inside[j] = 1;
        changed = true;
      }
    }
  }
  return inside;
}

/** Where a system stands relative to the anchor's ratings (see `anchorClasses`). */
const RATED = 0;
const ABOVE = 1;
const BELOW = 2;
const UNDETERMINED = 3;
const UNCONNECTED = 4;

/**
 * The MLE is finite only among systems that beat and are beaten by each other through chains of
 * results (the anchor's strongly connected component of the "scored against" graph; Ford 1957).
 * A system that reaches the anchor that way but is never reached from it sits infinitely above
 * (ABOVE), the reverse infinitely below (BELOW); neither: its rating is not determined.
 */
function anchorClasses(
  k: number,
  pairI: Int32Array,
  pairJ: Int32Array,
  n: Float64Array,
  w: Float64Array,
  anchor: number,
  allowed?: Uint8Array,
): Uint8Array {
  const connected = componentOf(k, pairI, pairJ, n, anchor, allowed);
  // beaten: reached from the anchor along "scored against" edges; beats: reaches the anchor.
  const beaten = new Uint8Array(k);
  const beats = new Uint8Array(k);
  beaten[anchor] = 1;
  beats[anchor] = 1;
  for (let changed = true; changed; ) {
    changed = false;
    for (let p = 0; p < pairI.length; p++) {
      if (!(n[p] > 0)) continue;
      const i = pairI[p];
      const j = pairJ[p];
      if (!connected[i] || !connected[j]) continue;
      const iScored = w[p] > 0;
      const jScored = n[p] - w[p] > 0;
      if (iScored && beaten[i] && !beaten[j]) (beaten[j] = 1), (changed = true);
      if (jScored && beaten[j] && !beaten[i]) (beaten[i] = 1), (changed = true);
      if (iScored && beats[j] && !beats[i]) (beats[i] = 1), (changed = true);
      if (jScored && beats[i] && !beats[j]) (beats[j] = 1), (changed = true);
    }
  }
  const classes = new Uint8Array(k);
  for (let i = 0; i < k; i++) {
    classes[i] = !connected[i]
      ? UNCONNECTED
      : beaten[i] && beats[i]
        ? RATED
        : beats[i]
          ? ABOVE
          : beaten[i]
            ? BELOW
            : UNDETERMINED;
  }
  return classes;
}

function maskOf(classes: Uint8Array, wanted: number): Uint8Array {
  return classes.map((c) => (c === wanted ? 1 : 0));
}

function logSigmoid(x: number): number {
  return x > 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/** Log-likelihood of the battles among active systems. */
function logLikelihood(
  pairI: Int32Array,
  pairJ: Int32Array,
  n: Float64Array,
  w: Float64Array,
  active: Uint8Array,
  theta: Float64Array,
): number {
  let ll = 0;
  for (let p = 0; p < pairI.length; p++) {
    if (!(n[p] > 0) || !active[pairI[p]] || !active[pairJ[p]]) continue;
    const d = theta[pairI[p]] - theta[pairJ[p]];
    ll += w[p] * logSigmoid(d) + (n[p] - w[p]) * logSigmoid(-d);
  }
  return ll;
}

export interface FitResult {
  iterations: number;
  converged: boolean;
}

const MAX_ITERATIONS = 200;
/** Stop when no log-strength moves by more than this (≈ 2e-8 rating points). */
const STEP_TOLERANCE = 1e-10;
/**
 * Newton converges quadratically: after a full step of size δ the remaining error is O(δ²), so a
 * full step below 1e-6 already leaves an error near 1e-12 and the confirming iteration is skipped.
 */
const QUADRATIC_STEP = 1e-6;

/**
 * Maximum-likelihood log-strengths by damped Newton steps, updating `theta` in place (it is also
 * the warm start). Only systems with `active` set move; theta[anchor] is held at 0.
 */
export function fitLogStrengths(
  pairI: Int32Array,
  pairJ: Int32Array,
  n: Float64Array,
  w: Float64Array,
  active: Uint8Array,
  anchor: number,
  theta: Float64Array,
): FitResult {
  const k = theta.length;
  const shift = theta[anchor];
  for (let i = 0; i < k; i++) theta[i] -= shift;
  const varOf = new Int32Array(k).fill(-1);
  let m = 0;
  for (let i = 0; i < k; i++) if (active[i] && i !== anchor) varOf[i] = m++;
  if (m === 0) return { iterations: 0, converged: true };

  const hessian = new Float64Array(m * m);
  const gradient = new Float64Array(m);
  const step = new Float64Array(m);
  const trial = new Float64Array(k);
  let ll = logLikelihood(pairI, pairJ, n, w, active, theta);

  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    hessian.fill(0);
    gradient.fill(0);
    for (let p = 0; p < pairI.length; p++) {
      if (!(n[p] > 0)) continue;
      const i = pairI[p];
      const j = pairJ[p];
      if (!active[i] || !active[j]) continue;
      const prob = 1 / (1 + Math.exp(theta[j] - theta[i]));
      const g = w[p] - n[p] * prob;
      const h = n[p] * prob * (1 - prob);
      const vi = varOf[i];
      const vj = varOf[j];
      if (vi >= 0) {
        gradient[vi] += g;
        hessian[vi * m + vi] += h;
      }
      if (vj >= 0) {
        gradient[vj] -= g;
        hessian[vj * m + vj] += h;
      }
      if (vi >= 0 && vj >= 0) {
        hessian[vi * m + vj] -= h;
        hessian[vj * m + vi] -= h;
      }
    }
    solveSymmetric(hessian, gradient, step, m);

    // Backtrack until the likelihood does not fall (it only could far from the optimum).
    let scale = 1;
    let newLl = ll;
    for (let halvings = 0; halvings < 40; halvings++) {
      trial.set(theta);
      for (let i = 0; i < k; i++) if (varOf[i] >= 0) trial[i] += scale * step[varOf[i]];
      newLl = logLikelihood(pairI, pairJ, n, w, active, trial);
      if (newLl >= ll - 1e-12 * Math.abs(ll)) break;
      scale /= 2;
    }
    theta.set(trial);
    ll = newLl;
    let largest = 0;
    for (let v = 0; v < m; v++) largest = Math.max(largest, Math.abs(scale * step[v]));
    if (largest < STEP_TOLERANCE || (scale === 1 && largest < QUADRATIC_STEP)) return { iterations: iteration, converged: true };
  }
  return { iterations: MAX_ITERATIONS, converged: false };
}

/**
 * Solves H x = g for a symmetric positive (semi)definite H by Cholesky, with a tiny ridge so a
 * nearly singular H (a system that won or lost everything) still gives a finite step.
 */
function solveSymmetric(h: Float64Array, g: Float64Array, x: Float64Array, m: number): void {
  let maxDiagonal = 0;
  for (let i = 0; i < m; i++) maxDiagonal = Math.max(maxDiagonal, h[i * m + i]);
  const ridge = 1e-12 * maxDiagonal + 1e-300;
  for (let i = 0; i < m; i++) h[i * m + i] += ridge;
  // In-place Cholesky: lower triangle of h becomes L.
  for (let j = 0; j < m; j++) {
    let d = h[j * m + j];
    for (let s = 0; s < j; s++) d -= h[j * m + s] * h[j * m + s];
    const l = Math.sqrt(Math.max(d, ridge));
    h[j * m + j] = l;
    for (let i = j + 1; i < m; i++) {
      let v = h[i * m + j];
      for (let s = 0; s < j; s++) v -= h[i * m + s] * h[j * m + s];
      h[i * m + j] = v / l;
    }
  }
  for (let i = 0; i < m; i++) {
    let v = g[i];
    for (let s = 0; s < i; s++) v -= h[i * m + s] * x[s];
    x[i] = v / h[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let v = x[i];
    for (let s = i + 1; s < m; s++) v -= h[s * m + i] * x[s];
    x[i] = v / h[i * m + i];
  }
}

/** Linear-interpolation quantile (R type 7) of sorted values. */
function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  // Equal neighbours (including two infinities) need no interpolation; ∞ − ∞ would give NaN.
  if (position === low || sorted[low] === sorted[high]) return sorted[low];
  return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
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

/** Whole clusters (prompts or raters) as lists of (cell, count), for the clustered bootstrap. */
interface ClusterTable {
  start: Int32Array;
  cell: Int32Array;
  count: Float64Array;
}

/** Only cells with a non-zero `keep` entry are tabulated. */
function tabulateClusters(
  outcomes: readonly Outcome[],
  cells: BattleCells,
  by: Exclude<ClusterBy, 'none'>,
  keep: Float64Array,
): ClusterTable {
  const clusterIndex = new Map<string, number>();
  const numCells = cells.cellPair.length;
  const keys: number[] = [];
  for (let t = 0; t < outcomes.length; t++) {
    const cell = cells.outcomeCell[t];
    if (cell < 0 || keep[cell] === 0) continue;
    const name = by === 'prompt' ? outcomes[t].item : outcomes[t].rater;
    let c = clusterIndex.get(name);
    if (c === undefined) {
      c = clusterIndex.size;
      clusterIndex.set(name, c);
    }
    keys.push(c * numCells + cell);
  }
  const sorted = Float64Array.from(keys).sort();
  const start = new Int32Array(clusterIndex.size + 1);
  const cell: number[] = [];
  const count: number[] = [];
  let current = -1;
  for (let t = 0; t < sorted.length; t++) {
    const key = sorted[t];
    const c = Math.floor(key / numCells);
    if (t > 0 && key === sorted[t - 1]) {
      count[count.length - 1]++;
      continue;
    }
    while (current < c) start[++current] = cell.length;
    cell.push(key - c * numCells);
    count.push(1);
  }
  while (current < clusterIndex.size) start[++current] = cell.length;
  return { start, cell: Int32Array.from(cell), count: Float64Array.from(count) };
}

export function bradleyTerry(outcomes: readonly Outcome[], options: BradleyTerryOptions = {}): BradleyTerryResult {
  const settings: RatingBootstrapSettings = {
    seed: options.bootstrap?.seed ?? 0,
    resamples: options.bootstrap?.resamples ?? 1000,
    cluster: options.bootstrap?.cluster ?? 'prompt',
    level: options.bootstrap?.level ?? 0.95,
  };
  const cells = tabulateBattles(outcomes, [...(options.systems ?? []), ...(options.anchor ? [options.anchor] : [])]);
  const k = cells.systems.length;
  if (k === 0) return { anchor: options.anchor ?? '', ratings: [], disconnected: [], settings, n: 0, converged: true, unbounded: [] };
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

  const draws = settings.resamples > 0 ? bootstrapRatings(outcomes, cells, rated, anchor, theta, settings) : null;
  const ratedIds: number[] = [];
  for (let i = 0; i < k; i++) if (rated[i]) ratedIds.push(i);
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
    n: used,
    converged: fit.converged,
    unbounded: cells.systems.flatMap((system, i) => {
      const c = classes[i];
      if (c === RATED || c === UNCONNECTED) return [];
      return [{ system, side: c === ABOVE ? ('above' as const) : c === BELOW ? ('below' as const) : ('undetermined' as const) }];
    }),
  };
}

/**
 * Ratings of every bootstrap round, round-major (draws[r * k + i]); NaN where a round left a
 * system without a path to the anchor.
 */
function bootstrapRatings(
  outcomes: readonly Outcome[],
  cells: BattleCells,
  rated: Uint8Array,
  anchor: number,
  fitted: Float64Array,
  settings: RatingBootstrapSettings,
): Float64Array {
  const k = cells.systems.length;
  const numPairs = cells.pairI.length;
  const numCells = cells.cellPair.length;
  const rng = rngFor(settings.seed, 'bradley-terry', settings.cluster);
  const draws = new Float64Array(settings.resamples * k).fill(NaN);
  const n = new Float64Array(numPairs);
  const w = new Float64Array(numPairs);
  const theta = new Float64Array(k);

  // Only battles among rated systems are resampled; the rest cannot affect their ratings.
  const cellCount = new Float64Array(numCells);
  for (let c = 0; c < numCells; c++) {
    const p = cells.cellPair[c];
    if (rated[cells.pairI[p]] && rated[cells.pairJ[p]]) cellCount[c] = cells.cellCount[c];
  }
  let total = 0;
  for (let c = 0; c < numCells; c++) total += cellCount[c];
  const clusters = settings.cluster === 'none' ? null : tabulateClusters(outcomes, cells, settings.cluster, cellCount);
  const numClusters = clusters ? clusters.start.length - 1 : 0;
  const multiplicity = new Int32Array(numClusters);
  const counts = new Float64Array(numCells);

  const clusterStart = clusters?.start ?? new Int32Array(1);
  const entryCell = clusters?.cell ?? new Int32Array(0);
  const entryCount = clusters?.count ?? new Float64Array(0);

  for (let r = 0; r < settings.resamples; r++) {
    if (clusters) {
      // Whole clusters drawn with replacement: each of the C draws picks one uniformly.
      multiplicity.fill(0);
      for (let d = 0; d < numClusters; d++) multiplicity[Math.floor(rng() * numClusters)]++;
      counts.fill(0);
      for (let c = 0; c < numClusters; c++) {
        const times = multiplicity[c];
        if (times === 0) continue;
        const end = clusterStart[c + 1];
        for (let e = clusterStart[c]; e < end; e++) counts[entryCell[e]] += times * entryCount[e];
      }
    } else {
      multinomialInto(rng, total, cellCount, counts);
    }
    pairTotals(cells, counts, n, w);
    // A round can lose a system's only win or loss: it then sits at ±Infinity in that round, and
    // a system the round cannot place at all is left out of its interval (NaN).
    const classes = anchorClasses(k, cells.pairI, cells.pairJ, n, w, anchor, rated);
    const active = maskOf(classes, RATED);
    theta.set(fitted);
    fitLogStrengths(cells.pairI, cells.pairJ, n, w, active, anchor, theta);
    for (let i = 0; i < k; i++) {
      if (!rated[i]) continue;
      const c = classes[i];
      draws[r * k + i] =
        c === RATED ? ANCHOR_RATING + RATING_SCALE * theta[i] : c === ABOVE ? Infinity : c === BELOW ? -Infinity : NaN;
    }
  }
  return draws;
}
