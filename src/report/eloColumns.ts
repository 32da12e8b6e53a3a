// onlineElo (src/stats/elo.ts) over the report's outcome columns: systems come from the pair slot,
// and the read order of the votes is tried as the time order before any sort.
import { eloWalk, orderByKeys, type EloResult } from '../stats/elo.ts';
import type { OutcomeColumns } from './columns.ts';

/** Same result as onlineElo on the outcomes of every slot in slot order (pairs[k] = slot k). */
export function eloOfColumns(columns: OutcomeColumns, pairs: ReadonlyArray<readonly [string, string]>): EloResult {
  const systems: string[] = [];
  const index = new Map<string, number>();
  const indexOf = (system: string): number => {
    let i = index.get(system);
    if (i === undefined) index.set(system, (i = systems.length)), systems.push(system);
    return i;
  };
  const n = columns.score.length;
  const aOf = new Int32Array(n);
  const bOf = new Int32Array(n);
  pairs.forEach(([a, b], slot) => {
    aOf.fill(indexOf(a), columns.start[slot], columns.start[slot + 1]);
    bOf.fill(indexOf(b), columns.start[slot], columns.start[slot + 1]);
  });
  const times = new Float64Array(n);
  for (let e = 0; e < n; e++) times[e] = Number.isNaN(columns.time[e]) ? Infinity : columns.time[e];
  return eloWalk(systems, aOf, bOf, columns.score, orderByKeys(times, columns.readOrder));
}
