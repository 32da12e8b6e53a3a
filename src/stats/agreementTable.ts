// The agreement statistics straight from the outcomes, with the rated units as flat arrays (a label
// code and a rater id per label, unit by unit) instead of an object per label. Gives exactly what
// agreementOfUnits(ratedUnits(outcomes)) gives: same units in the same order, the same random tie
// breaks, and sums taken in the same order (agreementTable.test.ts checks it).
import type { Alpha, AgreementReport, Kappa, LeaveOneOutAgreement, PercentAgreement } from './agreement.ts';
import type { Outcome, OutcomeKind } from '../outcomes/outcome.ts';
import { rngFor } from './random/rng.ts';
import { nominalAlphaOfCodes } from './krippendorff.ts';
import { numericIds, unitGroups } from './ratedUnitGroups.ts';

/** Label codes in agreement.ts's LABEL_INDEX order. */
const CODE: Record<OutcomeKind, number> = { win: 0, loss: 1, tie: 2, 'both-bad': 3 };
const LABELS: OutcomeKind[] = ['win', 'loss', 'tie', 'both-bad'];
/** The label seen from the other side of the pair. */
const FLIPPED = [1, 0, 2, 3];

/**
 * Rated units as flat arrays, in key order. Codes are in agreement.ts's LABEL_INDEX order (as the
 * report's KIND); rater ids only need to be distinct per name (perRater is sorted by name).
 */
export interface UnitTable {
  /** Labels of unit i are start[i] .. start[i + 1] - 1, in input order. */
  start: Int32Array;
  code: Uint8Array;
  rater: Int32Array;
  raterNames: string[];
}

/** Null when the flat path does not apply (a name holds '|', or no unit is rated twice): use agreementOfUnits. */
export function agreementTable(outcomes: readonly Outcome[], seed: string | number): AgreementReport | null {
  const table = unitTable(outcomes);
  return table ? agreementOfTable(table, seed) : null;
}

/** The agreement report of a table with at least one unit; with none, agreementOfUnits([]) is the definition (Fleiss differs). */
export function agreementOfTable(table: UnitTable, seed: string | number): AgreementReport {
  const units = table.start.length - 1;
  const raters = new Uint8Array(table.raterNames.length);
  for (let e = 0; e < table.rater.length; e++) raters[table.rater[e]] = 1;
  let distinctRaters = 0;
  for (const seen of raters) distinctRaters += seen;
  return {
    units,
    labels: table.code.length,
    raters: distinctRaters,
    pairwise: pairwise(table),
    leaveOneOut: leaveOneOut(table, seed),
    cohen: cohenFirstTwo(table),
    fleiss: fleiss(table),
    krippendorff: krippendorff(table),
  };
}

/** leaveOneOutAgreement(ratedUnits(outcomes), seed) on the flat path; null when it does not apply. */
export function leaveOneOutTable(outcomes: readonly Outcome[], seed: string | number): LeaveOneOutAgreement | null {
  const table = unitTable(outcomes);
  return table ? leaveOneOut(table, seed) : null;
}

function unitTable(outcomes: readonly Outcome[]): UnitTable | null {
  const ids = numericIds(outcomes);
  if (!ids) return null;
  const { unitOf, sizes, kept } = unitGroups(outcomes, ids, 2);
  if (kept.length === 0) return null;
  const slot = new Int32Array(sizes.length).fill(-1);
  kept.forEach((u, i) => (slot[u] = i));
  const start = new Int32Array(kept.length + 1);
  for (let i = 0; i < kept.length; i++) start[i + 1] = start[i] + sizes[kept[i]];
  const next = start.slice(0, kept.length);
  const code = new Uint8Array(start[kept.length]);
  const rater = new Int32Array(start[kept.length]);
  const raterIndex = new Map<string, number>();
  const raterNames: string[] = [];
  for (let t = 0; t < outcomes.length; t++) {
    const i = slot[unitOf[t]];
    if (i < 0) continue;
    const o = outcomes[t];
    const e = next[i]++;
    code[e] = o.a <= o.b ? CODE[o.kind] : FLIPPED[CODE[o.kind]];
    let r = raterIndex.get(o.rater);
    if (r === undefined) {
      r = raterNames.length;
      raterIndex.set(o.rater, r);
      raterNames.push(o.rater);
    }
    rater[e] = r;
  }
  return { start, code, rater, raterNames };
}

/** Pairwise agreement from label counts: every credit is a multiple of ½, so the sums are exact. */
function pairwise({ start, code }: UnitTable): PercentAgreement {
  let pairs = 0;
  let agree = 0;
  let credit = 0;
  const counts = [0, 0, 0, 0];
  for (let u = 0; u + 1 < start.length; u++) {
    counts.fill(0);
    for (let e = start[u]; e < start[u + 1]; e++) counts[code[e]]++;
    const m = start[u + 1] - start[u];
    const same = (counts[0] * (counts[0] - 1) + counts[1] * (counts[1] - 1) + counts[2] * (counts[2] - 1) + counts[3] * (counts[3] - 1)) / 2;
    const decisive = counts[0] + counts[1];
    pairs += (m * (m - 1)) / 2;
    agree += same;
    credit += same + 0.5 * decisive * (m - decisive);
  }
  const units = start.length - 1;
  return { agreement: pairs > 0 ? agree / pairs : NaN, relaxed: pairs > 0 ? credit / pairs : NaN, pairs, units };
}

function leaveOneOut({ start, code, rater, raterNames }: UnitTable, seed: string | number): LeaveOneOutAgreement {
  const rng = rngFor(seed, 'leave-one-out-agreement');
  const held = new Float64Array(raterNames.length);
  const agreed = new Float64Array(raterNames.length);
  const counts = [0, 0, 0, 0];
  const tied = [0, 0, 0, 0];
  let n = 0;
  let agree = 0;
  for (let u = 0; u + 1 < start.length; u++) {
    counts.fill(0);
    for (let e = start[u]; e < start[u + 1]; e++) counts[code[e]]++;
    for (let e = start[u]; e < start[u + 1]; e++) {
      const own = code[e];
      counts[own]--; // the others' labels
      const top = Math.max(counts[0], counts[1], counts[2], counts[3]);
      let numTied = 0;
      for (let c = 0; c < 4; c++) if (counts[c] === top) tied[numTied++] = c;
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

/** Cohen's kappa on the first two labels of every unit, labels taken in order of first appearance as the first label. */
function cohenFirstTwo({ start, code }: UnitTable): Kappa {
  const n = start.length - 1;
  const first = [0, 0, 0, 0];
  const second = [0, 0, 0, 0];
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

function fleiss({ start, code }: UnitTable): Kappa {
  const totals = [0, 0, 0, 0];
  const row = [0, 0, 0, 0];
  let ratings = 0;
  let agreementSum = 0;
  let used = 0;
  for (let u = 0; u + 1 < start.length; u++) {
    row.fill(0);
    for (let e = start[u]; e < start[u + 1]; e++) row[code[e]]++;
    let m = 0;
    for (let j = 0; j < 4; j++) m += row[j];
    used++;
    ratings += m;
    let pairsAgreeing = 0;
    for (let j = 0; j < 4; j++) {
      totals[j] += row[j];
      pairsAgreeing += row[j] * (row[j] - 1);
    }
    agreementSum += pairsAgreeing / (m * (m - 1));
  }
  const observed = agreementSum / used;
  const expected = totals.reduce((s, t) => s + (t / ratings) ** 2, 0);
  return { kappa: (observed - expected) / (1 - expected), observed, expected, n: used };
}

/** Krippendorff's nominal alpha, values indexed in order of first appearance (as krippendorffAlphaNominal). */
function krippendorff({ start, code }: UnitTable): Alpha {
  const valueOf = [-1, -1, -1, -1];
  let numValues = 0;
  for (let e = 0; e < code.length; e++) if (valueOf[code[e]] < 0) valueOf[code[e]] = numValues++;
  const values = code.map((c) => valueOf[c]);
  return nominalAlphaOfCodes(start, values, numValues);
}

/** For tests: the labels of the table's units, as agreement.ts names them. */
export function tableLabels(outcomes: readonly Outcome[]): OutcomeKind[][] | null {
  const table = unitTable(outcomes);
  if (!table) return null;
  const out: OutcomeKind[][] = [];
  for (let u = 0; u + 1 < table.start.length; u++) out.push(Array.from(table.code.subarray(table.start[u], table.start[u + 1]), (c) => LABELS[c]));
  return out;
}
