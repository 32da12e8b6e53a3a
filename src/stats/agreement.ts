// Agreement among raters who judged the same thing: the same item and the same pair of systems.
// Labels are the outcome kind seen from the alphabetically first system of the pair, so votes
// recorded from either side of the pair compare correctly.
import type { Outcome, OutcomeKind } from './outcome.ts';
import { rngFor, type Rng } from './random.ts';

export type Label = OutcomeKind;

export interface RatedUnit {
  /** `item|first system|second system`. */
  key: string;
  /** In input order. */
  labels: { rater: string; label: Label }[];
}

const FLIP: Record<Label, Label> = { win: 'loss', loss: 'win', tie: 'tie', 'both-bad': 'both-bad' };

/** Every (item, pair) judged at least `minLabels` times, sorted by key. */
export function ratedUnits(outcomes: readonly Outcome[], minLabels = 2): RatedUnit[] {
  const units = new Map<string, RatedUnit>();
  for (const o of outcomes) {
    const [first, second] = o.a <= o.b ? [o.a, o.b] : [o.b, o.a];
    const key = `${o.item}|${first}|${second}`;
    let unit = units.get(key);
    if (!unit) {
      unit = { key, labels: [] };
      units.set(key, unit);
    }
    unit.labels.push({ rater: o.rater, label: o.a <= o.b ? o.kind : FLIP[o.kind] });
  }
  return [...units.values()].filter((u) => u.labels.length >= minLabels).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

export interface PercentAgreement {
  /** Share of agreeing label pairs; NaN with no pairs. */
  agreement: number;
  /** The same with half credit for a tie against a winner (see `relaxedAgreement`). */
  relaxed: number;
  /** Number of label pairs (within units) compared. */
  pairs: number;
  units: number;
}

/** Raw pairwise agreement: over every pair of labels on the same unit, the share that are equal. */
export function pairwiseAgreement(units: readonly RatedUnit[]): PercentAgreement {
  const pairs: Array<[Label, Label]> = [];
  let agree = 0;
  for (const { labels } of units) {
    for (let x = 0; x < labels.length; x++) {
      for (let y = x + 1; y < labels.length; y++) {
        pairs.push([labels[x].label, labels[y].label]);
        if (labels[x].label === labels[y].label) agree++;
      }
    }
  }
  return {
    agreement: pairs.length > 0 ? agree / pairs.length : NaN,
    relaxed: relaxedAgreement(pairs),
    pairs: pairs.length,
    units: units.length,
  };
}

/**
 * Agreement of label pairs with partial credit: equal labels 1, a tie (or both-bad) against a
 * decisive label 1/2, opposite winners 0 — the "relaxed" agreement of the Tülu human evaluation.
 */
export function relaxedAgreement(pairs: ReadonlyArray<readonly [Label, Label]>): number {
  let credit = 0;
  for (const [x, y] of pairs) {
    const decisiveX = x === 'win' || x === 'loss';
    const decisiveY = y === 'win' || y === 'loss';
    if (x === y) credit += 1;
    else if (decisiveX !== decisiveY) credit += 0.5;
  }
  return pairs.length > 0 ? credit / pairs.length : NaN;
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
  perRater: RaterAgreement[];
}

const LABEL_ORDER: Label[] = ['win', 'loss', 'tie', 'both-bad'];

/** The most frequent label; ties broken at random (among the tied labels in a fixed order). */
function modeOf(labels: readonly Label[], rng: Rng): Label {
  const counts = LABEL_ORDER.map((l) => labels.filter((x) => x === l).length);
  const top = Math.max(...counts);
  const tied = LABEL_ORDER.filter((_, i) => counts[i] === top);
  return tied.length === 1 ? tied[0] : tied[Math.floor(rng() * tied.length)];
}

/**
 * Each label against the mode of the other labels on its unit, ties in the mode broken at random
 * with the seed: how AlpacaFarm computes its 65.7% human agreement.
 */
export function leaveOneOutAgreement(units: readonly RatedUnit[], seed: string | number): LeaveOneOutAgreement {
  const rng = rngFor(seed, 'leave-one-out-agreement');
  const byRater = new Map<string, { n: number; agree: number }>();
  let n = 0;
  let agree = 0;
  for (const { labels } of units) {
    for (let h = 0; h < labels.length; h++) {
      const others = labels.filter((_, i) => i !== h).map((l) => l.label);
      const hit = modeOf(others, rng) === labels[h].label ? 1 : 0;
      n++;
      agree += hit;
      const tally = byRater.get(labels[h].rater) ?? { n: 0, agree: 0 };
      tally.n++;
      tally.agree += hit;
      byRater.set(labels[h].rater, tally);
    }
  }
  const perRater = [...byRater]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([rater, t]) => ({ rater, n: t.n, agreement: t.agree / t.n }));
  return { agreement: n > 0 ? agree / n : NaN, n, units: units.length, perRater };
}

export interface Kappa {
  kappa: number;
  observed: number;
  expected: number;
  /** Units (Cohen: label pairs) used. */
  n: number;
}

/** Cohen's kappa for two raters' labels on the same units: (p_o − p_e) / (1 − p_e). */
export function cohenKappa(pairs: ReadonlyArray<readonly [string, string]>): Kappa {
  const n = pairs.length;
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  let same = 0;
  for (const [x, y] of pairs) {
    if (x === y) same++;
    first.set(x, (first.get(x) ?? 0) + 1);
    second.set(y, (second.get(y) ?? 0) + 1);
  }
  let expected = 0;
  for (const [label, count] of first) expected += (count / n) * ((second.get(label) ?? 0) / n);
  const observed = same / n;
  return { kappa: (observed - expected) / (1 - expected), observed, expected, n };
}

/**
 * The label pairs Cohen's kappa is computed on: with `raters`, units both of them rated (each one's
 * first label); otherwise the first two labels of every unit.
 */
export function cohenPairs(units: readonly RatedUnit[], raters?: readonly [string, string]): Array<[Label, Label]> {
  const pairs: Array<[Label, Label]> = [];
  for (const { labels } of units) {
    if (raters) {
      const x = labels.find((l) => l.rater === raters[0]);
      const y = labels.find((l) => l.rater === raters[1]);
      if (x && y) pairs.push([x.label, y.label]);
    } else {
      pairs.push([labels[0].label, labels[1].label]);
    }
  }
  return pairs;
}

/**
 * Fleiss' kappa from a units × categories table of counts. With a varying number of ratings per
 * unit, each unit's agreement is over its own pairs (the usual generalisation); with a constant
 * number it is exactly Fleiss (1971).
 */
export function fleissKappa(counts: ReadonlyArray<readonly number[]>): Kappa {
  const categories = counts[0]?.length ?? 0;
  const totals = new Array<number>(categories).fill(0);
  let ratings = 0;
  let agreementSum = 0;
  let used = 0;
  for (const row of counts) {
    const m = row.reduce((s, c) => s + c, 0);
    if (m < 2) continue;
    used++;
    ratings += m;
    let pairsAgreeing = 0;
    row.forEach((c, j) => {
      totals[j] += c;
      pairsAgreeing += c * (c - 1);
    });
    agreementSum += pairsAgreeing / (m * (m - 1));
  }
  const observed = agreementSum / used;
  const expected = totals.reduce((s, t) => s + (t / ratings) ** 2, 0);
  return { kappa: (observed - expected) / (1 - expected), observed, expected, n: used };
}

/** Units as Fleiss' table: one row per unit, one column per label in LABEL_ORDER. */
export function labelCounts(units: readonly RatedUnit[]): number[][] {
  return units.map(({ labels }) => LABEL_ORDER.map((l) => labels.filter((x) => x.label === l).length));
}

export interface Alpha {
  alpha: number;
  /** Observed and expected disagreement (per pairable value). */
  observed: number;
  expected: number;
  /** Pairable values: those in units with at least two values. */
  n: number;
}

/**
 * Krippendorff's alpha for nominal data. `units` holds the values each unit received; missing
 * values are simply absent (or null), and units with fewer than two values are not pairable.
 */
export function krippendorffAlphaNominal(units: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): Alpha {
  // Coincidence matrix o[c][k], kept as nested maps over the values that occur.
  const coincidence = new Map<string, Map<string, number>>();
  for (const raw of units) {
    const values = raw.filter((v): v is string | number => v !== null && v !== undefined).map(String);
    const m = values.length;
    if (m < 2) continue;
    for (let x = 0; x < m; x++) {
      for (let y = 0; y < m; y++) {
        if (x === y) continue;
        const row = coincidence.get(values[x]) ?? new Map<string, number>();
        row.set(values[y], (row.get(values[y]) ?? 0) + 1 / (m - 1));
        coincidence.set(values[x], row);
      }
    }
  }
  const marginals = new Map<string, number>();
  let n = 0;
  let disagreeing = 0;
  for (const [c, row] of coincidence) {
    for (const [k, o] of row) {
      marginals.set(c, (marginals.get(c) ?? 0) + o);
      n += o;
      if (c !== k) disagreeing += o;
    }
  }
  let expectedPairs = 0;
  for (const [c, nc] of marginals) for (const [k, nk] of marginals) if (c !== k) expectedPairs += nc * nk;
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

export interface AgreementOptions {
  seed: string | number;
  /** Two raters for Cohen's kappa; default: the first two labels of every unit. */
  cohenRaters?: readonly [string, string];
}

export function agreement(outcomes: readonly Outcome[], options: AgreementOptions): AgreementReport {
  const units = ratedUnits(outcomes);
  const raters = new Set<string>();
  let labels = 0;
  for (const u of units) {
    labels += u.labels.length;
    for (const l of u.labels) raters.add(l.rater);
  }
  return {
    units: units.length,
    labels,
    raters: raters.size,
    pairwise: pairwiseAgreement(units),
    leaveOneOut: leaveOneOutAgreement(units, options.seed),
    cohen: cohenKappa(cohenPairs(units, options.cohenRaters)),
    fleiss: fleissKappa(labelCounts(units)),
    krippendorff: krippendorffAlphaNominal(units.map((u) => u.labels.map((l) => l.label))),
  };
}
