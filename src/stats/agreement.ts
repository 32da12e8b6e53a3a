// Agreement among raters who judged the same thing (the same item and pair of systems): every
// coefficient over the one table of rated units (agreementTable.ts), so each has one implementation.
// Over all pairs, ratedUnits(table); per pair, ratedUnits(table, { slots: [slot] }).
import { KIND } from '../outcomes/table.ts';
import type { RatedUnits } from './agreementTable.ts';
import { rngFor } from './random/rng.ts';

export interface PercentAgreement {
  /** Share of agreeing label pairs; NaN with no pairs. */
  agreement: number;
  /**
   * The same with partial credit: a tie or both-bad against a decisive label (win, loss) 1/2,
   * opposite winners 0 — the "relaxed" agreement of the Tülu human evaluation.
   */
  relaxed: number;
  /** Number of label pairs (within units) compared. */
  pairs: number;
  units: number;
}

/** Raw pairwise agreement: over every pair of labels on the same unit, the share that are equal. */
export function pairwiseAgreement({ start, code, categories }: RatedUnits): PercentAgreement {
  // From label counts: every credit is a multiple of 1/2, so the sums are exact in any order.
  let pairs = 0;
  let agree = 0;
  let credit = 0;
  const counts = new Int32Array(categories);
  for (let u = 0; u + 1 < start.length; u++) {
    for (let c = 0; c < categories; c++) counts[c] = 0;
    for (let e = start[u]; e < start[u + 1]; e++) counts[code[e]]++;
    const m = start[u + 1] - start[u];
    let same = 0;
    for (let c = 0; c < categories; c++) same += (counts[c] * (counts[c] - 1)) / 2;
    const decisive = counts[KIND.win] + counts[KIND.loss];
    pairs += (m * (m - 1)) / 2;
    agree += same;
    credit += same + 0.5 * decisive * (m - decisive);
  }
  const units = start.length - 1;
  return { agreement: pairs > 0 ? agree / pairs : NaN, relaxed: pairs > 0 ? credit / pairs : NaN, pairs, units };
}

/**
 * Two labels per unit: the first two; or with `raters` (ids), each one's first label on the units
 * both rated. What Cohen's kappa compares, and the Tülu evaluation's "first two annotations".
 */
export function labelPairs(units: RatedUnits, raters?: readonly [number, number]): RatedUnits {
  const { start, code, rater } = units;
  const pairCode: number[] = [];
  const pairRater: number[] = [];
  for (let u = 0; u + 1 < start.length; u++) {
    let x = start[u];
    let y = start[u] + 1;
    if (raters) {
      x = y = -1;
      for (let e = start[u + 1] - 1; e >= start[u]; e--) {
        if (rater[e] === raters[0]) x = e;
        else if (rater[e] === raters[1]) y = e;
      }
      if (x < 0 || y < 0) continue;
    }
    pairCode.push(code[x], code[y]);
    pairRater.push(rater[x], rater[y]);
  }
  return {
    start: Int32Array.from({ length: pairCode.length / 2 + 1 }, (_, u) => 2 * u),
    code: Uint8Array.from(pairCode),
    rater: Int32Array.from(pairRater),
    raterNames: units.raterNames,
    categories: units.categories,
  };
}

export interface RaterAgreement {
  rater: string;
  /** Labels of this rater on units that others also rated. */
  n: number;
  agreement: number;
}

export interface LeaveOneOutAgreement {
  /** Share of held-out labels equal to the mode of the others' labels on the unit. */
  agreement: number;
  /** Held-out labels scored. */
  n: number;
  units: number;
  /** By rater name. */
  perRater: RaterAgreement[];
}

/**
 * Each label against the mode of the other labels on its unit, ties in the mode broken at random
 * (uniformly among the tied labels, taken in code order) with the seed, one draw per tied label in
 * unit order: how AlpacaFarm computes its 65.7% human agreement. Per rater, the same over their labels.
 */
export function leaveOneOutAgreement({ start, code, rater, raterNames, categories }: RatedUnits, seed: string | number): LeaveOneOutAgreement {
  const rng = rngFor(seed, 'leave-one-out-agreement');
  const held = new Float64Array(raterNames.length);
  const agreed = new Float64Array(raterNames.length);
  const counts = new Int32Array(categories);
  const tied = new Int32Array(categories);
  let n = 0;
  let agree = 0;
  for (let u = 0; u + 1 < start.length; u++) {
    for (let c = 0; c < categories; c++) counts[c] = 0;
    for (let e = start[u]; e < start[u + 1]; e++) counts[code[e]]++;
    for (let e = start[u]; e < start[u + 1]; e++) {
      const own = code[e];
      counts[own]--; // the others' labels
      let top = 0;
      for (let c = 0; c < categories; c++) if (counts[c] > top) top = counts[c];
      let numTied = 0;
      for (let c = 0; c < categories; c++) if (counts[c] === top) tied[numTied++] = c;
      const mode = numTied === 1 ? tied[0] : tied[Math.floor(rng() * numTied)];
      counts[own]++;
      const hit = mode === own ? 1 : 0;
      n++;
      agree += hit;
      held[rater[e]]++;
      agreed[rater[e]] += hit;
    }
  }
  const perRater = raterNames
    .map((name, r) => ({ name, r }))
    .filter(({ r }) => held[r] > 0)
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .map(({ name, r }) => ({ rater: name, n: held[r], agreement: agreed[r] / held[r] }));
  return { agreement: n > 0 ? agree / n : NaN, n, units: start.length - 1, perRater };
}

export interface Kappa {
  kappa: number;
  observed: number;
  expected: number;
  /** Units used. */
  n: number;
}

/**
 * Cohen's kappa, (p_o − p_e) / (1 − p_e), on the first two labels of every unit (for two named
 * raters: cohenKappa(labelPairs(units, raters))). p_e sums over labels in order of their first
 * appearance as a first label.
 */
export function cohenKappa({ start, code, categories }: RatedUnits): Kappa {
  const n = start.length - 1;
  const first = new Float64Array(categories);
  const second = new Float64Array(categories);
  const order: number[] = [];
  let same = 0;
  for (let u = 0; u < n; u++) {
    const x = code[start[u]];
    const y = code[start[u] + 1];
    if (x === y) same++;
    if (first[x] === 0) order.push(x);
    first[x]++;
    second[y]++;
  }
  let expected = 0;
  for (const label of order) expected += (first[label] / n) * (second[label] / n);
  const observed = same / n;
  return { kappa: (observed - expected) / (1 - expected), observed, expected, n };
}

/**
 * Fleiss' kappa. With a varying number of labels per unit, each unit's agreement is over its own
 * pairs (the usual generalisation); with a constant number it is exactly Fleiss (1971).
 */
export function fleissKappa({ start, code, categories }: RatedUnits): Kappa {
  const totals = new Float64Array(categories);
  const row = new Float64Array(categories);
  let ratings = 0;
  let agreementSum = 0;
  const used = start.length - 1;
  for (let u = 0; u < used; u++) {
    for (let j = 0; j < categories; j++) row[j] = 0;
    for (let e = start[u]; e < start[u + 1]; e++) row[code[e]]++;
    const m = start[u + 1] - start[u];
    ratings += m;
    let pairsAgreeing = 0;
    for (let j = 0; j < categories; j++) {
      totals[j] += row[j];
      pairsAgreeing += row[j] * (row[j] - 1);
    }
    agreementSum += pairsAgreeing / (m * (m - 1));
  }
  const observed = agreementSum / used;
  let expected = 0;
  for (let j = 0; j < categories; j++) expected += (totals[j] / ratings) ** 2;
  return { kappa: (observed - expected) / (1 - expected), observed, expected, n: used };
}

export interface Alpha {
  alpha: number;
  /** Observed and expected disagreement (per pairable value). */
  observed: number;
  expected: number;
  /** Pairable values: every label of the units. */
  n: number;
}

/** Krippendorff's alpha for nominal data (every unit holds two labels or more: all are pairable). */
export function krippendorffAlpha({ start, code, categories }: RatedUnits): Alpha {
  // Values indexed in order of first appearance, the order the coincidence sums are taken in.
  const valueOf = new Int32Array(categories).fill(-1);
  let numValues = 0;
  for (let e = 0; e < code.length; e++) if (valueOf[code[e]] < 0) valueOf[code[e]] = numValues++;
  // o[c][k] = Σ_units (pairs of distinct coders with values c, k) / (m_u − 1).
  const coincidence = new Float64Array(numValues * numValues);
  const counts = new Float64Array(numValues);
  const present: number[] = [];
  for (let u = 0; u + 1 < start.length; u++) {
    const m = start[u + 1] - start[u];
    present.length = 0;
    for (let e = start[u]; e < start[u + 1]; e++) {
      const v = valueOf[code[e]];
      if (counts[v] === 0) present.push(v);
      counts[v]++;
    }
    for (const c of present) {
      for (const k of present) {
        const pairs = c === k ? counts[c] * (counts[c] - 1) : counts[c] * counts[k];
        coincidence[c * numValues + k] += pairs / (m - 1);
      }
    }
    for (const v of present) counts[v] = 0;
  }
  const marginals = new Float64Array(numValues);
  let n = 0;
  let disagreeing = 0;
  for (let c = 0; c < numValues; c++) {
    for (let k = 0; k < numValues; k++) {
      const o = coincidence[c * numValues + k];
      marginals[c] += o;
      n += o;
      if (c !== k) disagreeing += o;
    }
  }
  let expectedPairs = 0;
  for (let c = 0; c < numValues; c++) for (let k = 0; k < numValues; k++) if (c !== k) expectedPairs += marginals[c] * marginals[k];
  const observed = disagreeing / n;
  const expected = expectedPairs / (n * (n - 1));
  return { alpha: 1 - observed / expected, observed, expected, n: Math.round(n) };
}

export interface AgreementReport {
  /** Units (item + pair) rated at least twice, and the labels on them. */
  units: number;
  labels: number;
  raters: number;
  pairwise: PercentAgreement;
  leaveOneOut: LeaveOneOutAgreement;
  cohen: Kappa;
  fleiss: Kappa;
  krippendorff: Alpha;
}

/** Every coefficient over the units. */
export function agreement(units: RatedUnits, seed: string | number): AgreementReport {
  const seen = new Uint8Array(units.raterNames.length);
  for (let e = 0; e < units.rater.length; e++) seen[units.rater[e]] = 1;
  let raters = 0;
  for (const s of seen) raters += s;
  return {
    units: units.start.length - 1,
    labels: units.code.length,
    raters,
    pairwise: pairwiseAgreement(units),
    leaveOneOut: leaveOneOutAgreement(units, seed),
    cohen: cohenKappa(units),
    fleiss: fleissKappa(units),
    krippendorff: krippendorffAlpha(units),
  };
}
