// positionBiasSection (src/report/raters.ts) from the report's outcome columns: side tallies per
// pair slot by array indexing, so position bias needs no Outcome objects. The section itself is
// made by positionBiasOfTallies, as from the objects.
import { KIND, type OutcomeColumns } from './columns.ts';
import { positionBiasOfTallies, type SideTally } from './raters.ts';
import type { PositionBiasSection } from './types.ts';

/**
 * What positionBiasSection(byPair, pairs, pairKey, level) gives for the columns' outcomes (byPair
 * as pairOutcomes builds it). Slot k's tally stands for pairs[k]'s key, as orientPairs lists every
 * unordered pair once.
 */
export function positionBiasOfColumns(
  columns: OutcomeColumns,
  pairs: ReadonlyArray<readonly [string, string]>,
  level: number,
): PositionBiasSection | null {
  const { start, kind, aOnLeft } = columns;
  const tallies = pairs.map((_, k): SideTally => {
    let aLeft = 0;
    let n = 0;
    let left = 0;
    for (let e = start[k]; e < start[k + 1]; e++) {
      const onLeft = aOnLeft[e] === 1;
      if (onLeft) aLeft++;
      const c = kind[e];
      if (c === KIND.win || c === KIND.loss) {
        n++;
        if ((c === KIND.win) === onLeft) left++;
      }
    }
    // Every report outcome knows its side, so all of the slot's outcomes count as known.
    return { known: start[k + 1] - start[k], aLeft, n, left };
  });
  return positionBiasOfTallies(tallies, tallies, pairs, level);
}
