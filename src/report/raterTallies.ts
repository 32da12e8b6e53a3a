// raterTallies (src/stats/raters.ts) from the report's outcome columns: per rater id in arrays,
// instead of Map lookups by rater name per vote.
import type { RaterTallies } from '../stats/raters.ts';
import { KIND, type OutcomeColumns } from './columns.ts';

export function raterTalliesOfColumns(columns: OutcomeColumns): RaterTallies {
  const { raterId, raterNames, kind, aOnLeft, seconds } = columns;
  const raters = raterNames.length;
  const count = new Int32Array(raters);
  const decisive = new Int32Array(raters);
  const left = new Int32Array(raters);
  const times: number[][] = Array.from({ length: raters }, () => []);
  for (let e = 0; e < raterId.length; e++) {
    const r = raterId[e];
    count[r]++;
    const s = seconds[e];
    if (Number.isFinite(s)) times[r].push(s);
    // Every report outcome knows its side (choseLeft: a decisive vote for the left answer).
    const k = kind[e];
    if (k === KIND.win || k === KIND.loss) {
      decisive[r]++;
      if ((k === KIND.win) === (aOnLeft[e] === 1)) left[r]++;
    }
  }
  const tallies: RaterTallies = { counts: new Map(), seconds: new Map(), sides: new Map() };
  for (let r = 0; r < raters; r++) {
    if (count[r] === 0) continue;
    tallies.counts.set(raterNames[r], count[r]);
    if (times[r].length > 0) tallies.seconds.set(raterNames[r], times[r]);
    if (decisive[r] > 0) tallies.sides.set(raterNames[r], { left: left[r], n: decisive[r] });
  }
  return tallies;
}
