// Cohen's kappa for every pair of raters who labelled enough units in common: the table analysts
// with a fixed panel of 2–5 raters publish, where one overall figure would hide the rater who
// disagrees with everyone.
import { cohenKappa, labelPairs, type Kappa } from './agreement.ts';
import type { RatedUnits } from './agreementTable.ts';

export interface RaterPairKappa extends Kappa {
  /** Rater names, a < b. */
  a: string;
  b: string;
}

/**
 * Pairs of raters with at least `minShared` units both labelled, by name. Counting shared units
 * costs the square of each unit's raters, not of all raters: a crowd of thousands is as cheap as a
 * panel, since each unit has only a few labels.
 */
export function raterPairKappas(units: RatedUnits, minShared: number): RaterPairKappa[] {
  const { start, rater, raterNames } = units;
  const shared = new Map<number, number>();
  const count = raterNames.length;
  for (let u = 0; u + 1 < start.length; u++) {
    const here = [...new Set(rater.subarray(start[u], start[u + 1]))];
    for (let i = 0; i < here.length; i++) {
      for (let j = i + 1; j < here.length; j++) {
        const [x, y] = here[i] < here[j] ? [here[i], here[j]] : [here[j], here[i]];
        const key = x * count + y;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const pairs: RaterPairKappa[] = [];
  for (const [key, n] of shared) {
    if (n < minShared) continue;
    const ids = [Math.floor(key / count), key % count];
    // By name, so the table's order and each pair's sides do not depend on id order.
    const [x, y] = raterNames[ids[0]] < raterNames[ids[1]] ? ids : [ids[1], ids[0]];
    pairs.push({ a: raterNames[x], b: raterNames[y], ...cohenKappa(labelPairs(units, [x, y])) });
  }
  return pairs.sort((p, q) => (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
}
