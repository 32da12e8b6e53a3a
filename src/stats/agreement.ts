// Agreement among raters who judged the same thing: the same item and the same pair of systems.
// Labels are the outcome kind seen from the alphabetically first system of the pair, so votes
// recorded from either side of the pair compare correctly.
import type { Outcome, OutcomeKind } from '../outcomes/outcome.ts';
import { agreementTable } from './agreementTable.ts';
import { nominalAlphaOfCodes } from './krippendorff.ts';
import { rngFor } from './random/rng.ts';
import { numericIds, unitGroups, type NumericIds } from './ratedUnitGroups.ts';

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
  const ids = numericIds(outcomes);
  return ids ? ratedUnitsByIds(outcomes, ids, minLabels) : ratedUnitsByKey(outcomes, minLabels);
}

/** The definition: group by the key string. Used as is when a name holds the separator. */
function ratedUnitsByKey(outcomes: readonly Outcome[], minLabels: number): RatedUnit[] {
  const units = new Map<string, RatedUnit>();
  const all: RatedUnit[] = [];
  for (const o of outcomes) {
    const inOrder = o.a <= o.b;
    const key = inOrder ? `${o.item}|${o.a}|${o.b}` : `${o.item}|${o.b}|${o.a}`;
    let unit = units.get(key);
    if (!unit) {
      unit = { key, labels: [] };
      units.set(key, unit);
      all.push(unit);
    }
    unit.labels.push({ rater: o.rater, label: inOrder ? o.kind : FLIP[o.kind] });
  }
  return all.filter((u) => u.labels.length >= minLabels).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/** The same units as `ratedUnitsByKey`, grouped by numbers (see ratedUnitGroups.ts). */
function ratedUnitsByIds(outcomes: readonly Outcome[], ids: NumericIds, minLabels: number): RatedUnit[] {
  const { unitOf, sizes, kept, keyOf } = unitGroups(outcomes, ids, minLabels);
  const units: Array<RatedUnit | undefined> = new Array(sizes.length);
  const out: RatedUnit[] = kept.map((u) => {
    const unit: RatedUnit = { key: keyOf(u), labels: [] };
    units[u] = unit;
    return unit;
  });
  for (let t = 0; t < outcomes.length; t++) {
    const unit = units[unitOf[t]];
    if (!unit) continue;
    const o = outcomes[t];
    unit.labels.push({ rater: o.rater, label: o.a <= o.b ? o.kind : FLIP[o.kind] });
  }
  return out;
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
  let pairs = 0;
  let agree = 0;
  let credit = 0;
  for (const { labels } of units) {
    for (let x = 0; x < labels.length; x++) {
      for (let y = x + 1; y < labels.length; y++) {
        pairs++;
        const value = pairCredit(labels[x].label, labels[y].label);
        if (value === 1) agree++;
        credit += value;
      }
    }
  }
  return {
    agreement: pairs > 0 ? agree / pairs : NaN,
    relaxed: pairs > 0 ? credit / pairs : NaN,
    pairs,
    units: units.length,
  };
}

/**
 * Agreement of label pairs with partial credit: equal labels 1, a tie (or both-bad) against a
 * decisive label 1/2, opposite winners 0 — the "relaxed" agreement of the Tülu human evaluation.
 */
export function relaxedAgreement(pairs: ReadonlyArray<readonly [Label, Label]>): number {
  let credit = 0;
  for (const [x, y] of pairs) credit += pairCredit(x, y);
  return pairs.length > 0 ? credit / pairs.length : NaN;
}

function pairCredit(x: Label, y: Label): number {
  if (x === y) return 1;
  const decisiveX = x === 'win' || x === 'loss';
  const decisiveY = y === 'win' || y === 'loss';
  return decisiveX !== decisiveY ? 0.5 : 0;
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
const LABEL_INDEX: Record<Label, number> = { win: 0, loss: 1, tie: 2, 'both-bad': 3 };

/**
 * Each label against the mode of the other labels on its unit, ties in the mode broken at random
 * (uniformly among the tied labels, taken in a fixed order) with the seed: how AlpacaFarm computes
 * its 65.7% human agreement.
 */
export function leaveOneOutAgreement(units: readonly RatedUnit[], seed: string | number): LeaveOneOutAgreement {
  const rng = rngFor(seed, 'leave-one-out-agreement');
  const byRater = new Map<string, { n: number; agree: number }>();
  const counts = [0, 0, 0, 0];
  const tied = [0, 0, 0, 0];
  let n = 0;
  let agree = 0;
  for (const { labels } of units) {
    counts.fill(0);
    for (const l of labels) counts[LABEL_INDEX[l.label]]++;
    for (const held of labels) {
      const own = LABEL_INDEX[held.label];
      counts[own]--; // the others' labels
      const top = Math.max(counts[0], counts[1], counts[2], counts[3]);
      let numTied = 0;
      for (let c = 0; c < 4; c++) if (counts[c] === top) tied[numTied++] = c;
      const mode = numTied === 1 ? tied[0] : tied[Math.floor(rng() * numTied)];
      counts[own]++;
      const hit = mode === own ? 1 : 0;
      n++;
      agree += hit;
      let tally = byRater.get(held.rater);
      if (!tally) {
        tally = { n: 0, agree: 0 };
        byRater.set(held.rater, tally);
      }
      tally.n++;
      tally.agree += hit;
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
    let m = 0;
    for (let j = 0; j < row.length; j++) m += row[j];
    if (m < 2) continue;
    used++;
    ratings += m;
    let pairsAgreeing = 0;
    for (let j = 0; j < row.length; j++) {
      const c = row[j];
      totals[j] += c;
      pairsAgreeing += c * (c - 1);
    }
    agreementSum += pairsAgreeing / (m * (m - 1));
  }
  const observed = agreementSum / used;
  const expected = totals.reduce((s, t) => s + (t / ratings) ** 2, 0);
  return { kappa: (observed - expected) / (1 - expected), observed, expected, n: used };
}

/** Units as Fleiss' table: one row per unit, one column per label (win, loss, tie, both-bad). */
export function labelCounts(units: readonly RatedUnit[]): number[][] {
  return units.map(({ labels }) => {
    const row = [0, 0, 0, 0];
    for (const l of labels) row[LABEL_INDEX[l.label]]++;
    return row;
  });
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
  // Values as small integers, so the coincidence matrix is a dense V × V table.
  const valueIndex = new Map<string, number>();
  // Pairable units' coded values, one flat array with unit offsets (no array per unit).
  let total = 0;
  for (const raw of units) total += raw.length;
  const flat = new Int32Array(total);
  const starts: number[] = [0];
  let end = 0;
  for (const raw of units) {
    const start = end;
    for (const v of raw) {
      if (v === null || v === undefined) continue;
      const key = String(v);
      let index = valueIndex.get(key);
      if (index === undefined) {
        index = valueIndex.size;
        valueIndex.set(key, index);
      }
      flat[end++] = index;
    }
    if (end - start >= 2) starts.push(end);
    else end = start;
  }
  return nominalAlphaOfCodes(starts, flat, valueIndex.size);
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
  // The flat path gives the same report without an object per label (agreementTable.ts).
  const flat = options.cohenRaters ? null : agreementTable(outcomes, options.seed);
  return flat ?? agreementOfUnits(ratedUnits(outcomes), options);
}

/** `agreement` from units already built with `ratedUnits` (so callers can share them). */
export function agreementOfUnits(units: readonly RatedUnit[], options: AgreementOptions): AgreementReport {
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
