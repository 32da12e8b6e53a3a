// Numbering the ids met in one pass over part of an outcome table, in order of first appearance.
// A pass over one slot meets few of the table's ids, but a lookup array as long as all of them,
// made and filled per slot, costs slots × ids (381 slots × a million one-battle prompts in an arena
// log: most of a report's time). One scratch array is shared instead, and reset only where it was set.

let scratch = new Int32Array(0);
let busy = false;

/**
 * Run `pass` with `numberOf(id)`: the id's number (0, 1, …) in order of first call, for ids in
 * 0 .. size - 1. A number equal to the count of ids seen before is a new id.
 */
export function withFirstSeen<R>(size: number, pass: (numberOf: (id: number) => number) => R): R {
  // A pass inside a pass gets its own array rather than corrupting the outer one.
  if (busy) return pass(numbering(new Int32Array(size).fill(-1), []));
  if (scratch.length < size) scratch = new Int32Array(size).fill(-1);
  const seen: number[] = [];
  busy = true;
  try {
    return pass(numbering(scratch, seen));
  } finally {
    for (const id of seen) scratch[id] = -1;
    busy = false;
  }
}

function numbering(index: Int32Array, seen: number[]): (id: number) => number {
  return (id) => {
    const known = index[id];
    if (known >= 0) return known;
    seen.push(id);
    return (index[id] = seen.length - 1);
  };
}
