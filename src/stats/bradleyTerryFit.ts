// The Bradley–Terry likelihood on sufficient statistics: which systems have a finite maximum-
// likelihood rating relative to the anchor, and damped Newton steps to that maximum.

/** Systems joined to `anchor` through pairs with battles (n > 0), among those allowed. */
export function componentOf(
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
export const RATED = 0;
export const ABOVE = 1;
export const BELOW = 2;
export const UNDETERMINED = 3;
export const UNCONNECTED = 4;

/**
 * The MLE is finite only among systems that beat and are beaten by each other through chains of
 * results (the anchor's strongly connected component of the "scored against" graph; Ford 1957).
 * A system that reaches the anchor that way but is never reached from it sits infinitely above
 * (ABOVE), the reverse infinitely below (BELOW); neither: its rating is not determined.
 */
export function anchorClasses(
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

export function maskOf(classes: Uint8Array, wanted: number): Uint8Array {
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

