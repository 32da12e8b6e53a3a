// The outcomes of one slot of a table grouped by an id (item or rater), ids ascending, each
// group's outcomes in table order: what the per-prompt and per-rater tallies walk. A slot of a
// large table meets few of its ids, so nothing here is as long as all the ids unless the slot is
// about as long: an arena log's slot holds a few thousand of a million one-battle prompts.
import type { OutcomeMask } from '../outcomes/table.ts';

export interface IdGroups {
  /** Table positions, group after group. */
  positions: Int32Array;
  /** Group g is positions[start[g]] .. positions[start[g + 1] - 1]; its id is ids[positions[start[g]]]. */
  start: Int32Array;
}

/** Positions from .. to - 1 taken by `mask` (all without one), grouped by `ids` (values 0 .. idCount - 1). */
export function groupById(ids: Int32Array, idCount: number, from: number, to: number, mask?: OutcomeMask): IdGroups {
  const taken: number[] = [];
  let ascending = true;
  for (let e = from; e < to; e++) {
    if (mask !== undefined && mask[e] === 0) continue;
    if (taken.length > 0 && ids[e] < ids[taken[taken.length - 1]]) ascending = false;
    taken.push(e);
  }
  let positions: Int32Array = Int32Array.from(taken);
  // Already in id order (an arena log's rows are its prompts, in order), else a counting sort when
  // the ids are few for the slot, else a comparison sort.
  if (!ascending) positions = idCount <= 4 * positions.length ? countingSort(positions, ids, idCount) : positions.sort((x, y) => ids[x] - ids[y] || x - y);
  const start = [0];
  for (let i = 1; i < positions.length; i++) if (ids[positions[i]] !== ids[positions[i - 1]]) start.push(i);
  if (positions.length > 0) start.push(positions.length);
  return { positions, start: Int32Array.from(start) };
}

/** Stable: positions of one id keep their order. */
function countingSort(positions: Int32Array, ids: Int32Array, idCount: number): Int32Array {
  const next = new Int32Array(idCount + 1);
  for (const e of positions) next[ids[e] + 1]++;
  for (let id = 0; id < idCount; id++) next[id + 1] += next[id];
  const sorted = new Int32Array(positions.length);
  for (const e of positions) sorted[next[ids[e]]++] = e;
  return sorted;
}
