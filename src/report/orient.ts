// Which system of each compared pair is the candidate (a) and which the baseline (b). In order of
// precedence: an explicit --baseline; the orientation the source states (a study's design, an
// AlpacaEval file's model vs baseline); a system met in every pair (a common opponent); else
// alphabetical order. Deterministic for the same judgments.
import type { JudgmentColumns } from '../judgments/columns.ts';

export function pairKey(x: string, y: string): string {
  return x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`;
}

/** `keep` (by row, 1 = used): only the pairs of used judgments are oriented. */
export function orientPairs(
  columns: JudgmentColumns,
  keep: Uint8Array,
  hints: ReadonlyArray<[string, string]>,
  baseline: string | null,
): Array<[string, string]> {
  const { systems, left, right } = columns;
  const k = systems.length;
  const met = new Uint8Array(k * k);
  for (let r = 0; r < columns.length; r++) if (keep[r] && left[r] !== right[r]) met[left[r] * k + right[r]] = 1;
  const unordered = new Map<string, [string, string]>();
  for (let l = 0; l < k; l++) {
    for (let r = 0; r < k; r++) {
      if (!met[l * k + r]) continue;
      const [x, y] = [systems[l], systems[r]];
      const key = pairKey(x, y);
      if (!unordered.has(key)) unordered.set(key, x < y ? [x, y] : [y, x]);
    }
  }
  const hinted = new Map<string, [string, string]>();
  for (const [a, b] of hints) hinted.set(pairKey(a, b), [a, b]);
  const opponent = commonOpponent([...unordered.values()]);

  const pairs: Array<[string, string]> = [];
  for (const [key, [x, y]] of [...unordered].sort(([k1], [k2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : 0))) {
    if (baseline !== null && (x === baseline || y === baseline)) pairs.push(x === baseline ? [y, x] : [x, y]);
    else if (hinted.has(key)) pairs.push(hinted.get(key) as [string, string]);
    else if (opponent !== null && (x === opponent || y === opponent)) pairs.push(x === opponent ? [y, x] : [x, y]);
    else pairs.push([x, y]);
  }
  return pairs;
}

/** The one system that takes part in every pair, when there are at least two pairs. */
function commonOpponent(pairs: Array<[string, string]>): string | null {
  if (pairs.length < 2) return null;
  const [first] = pairs;
  for (const candidate of first) if (pairs.every((p) => p.includes(candidate))) return candidate;
  return null;
}
