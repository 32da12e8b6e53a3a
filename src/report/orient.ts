// Which system of each compared pair is the candidate (a) and which the baseline (b). In order of
// precedence: an explicit --baseline; the orientation the source states (a study's design, an
// AlpacaEval file's model vs baseline); a system met in every pair (a common opponent); else
// alphabetical order. Deterministic for the same judgments.
import type { Judgment } from '../judgments/record.ts';

export function pairKey(x: string, y: string): string {
  return x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`;
}

export function orientPairs(
  judgments: readonly Judgment[],
  hints: ReadonlyArray<[string, string]>,
  baseline: string | null,
): Array<[string, string]> {
  const unordered = new Map<string, [string, string]>();
  // left -> rights already seen: two set lookups per judgment instead of building a key string.
  const seen = new Map<string, Set<string>>();
  for (const j of judgments) {
    if (j.left === j.right) continue;
    let rights = seen.get(j.left);
    if (!rights) seen.set(j.left, (rights = new Set()));
    if (rights.has(j.right)) continue;
    rights.add(j.right);
    const key = pairKey(j.left, j.right);
    if (!unordered.has(key)) unordered.set(key, j.left < j.right ? [j.left, j.right] : [j.right, j.left]);
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
