// Krippendorff's alpha for nominal data on values already coded as small integers, unit by unit
// in one flat array. agreement.ts (any values) and agreementTable.ts (label codes) both end here,
// so the two paths cannot drift apart.
import type { Alpha } from './agreement.ts';

/**
 * Values of unit u are `values[starts[u]] .. values[starts[u + 1] - 1]`, each in 0 .. numValues - 1.
 * Every unit must hold at least two values (only pairable units enter the coincidence matrix).
 */
export function nominalAlphaOfCodes(starts: ArrayLike<number>, values: ArrayLike<number>, numValues: number): Alpha {
  // o[c][k] = Σ_units (pairs of distinct coders with values c, k) / (m_u − 1).
  const coincidence = new Float64Array(numValues * numValues);
  const counts = new Float64Array(numValues);
  const present: number[] = [];
  for (let u = 0; u + 1 < starts.length; u++) {
    const m = starts[u + 1] - starts[u];
    present.length = 0;
    for (let e = starts[u]; e < starts[u + 1]; e++) {
      const v = values[e];
      if (counts[v] === 0) present.push(v);
      counts[v]++;
    }
    for (const c of present) {
      for (const k of present) {
        const pairs = c === k ? counts[c] * (counts[c] - 1) : counts[c] * counts[k];
        coincidence[c * numValues + k] += pairs / (m - 1);
      }
    }
    for (const v of present) counts[v] = 0;
  }
  const marginals = new Float64Array(numValues);
  let n = 0;
  let disagreeing = 0;
  for (let c = 0; c < numValues; c++) {
    for (let k = 0; k < numValues; k++) {
      const o = coincidence[c * numValues + k];
      marginals[c] += o;
      n += o;
      if (c !== k) disagreeing += o;
    }
  }
  let expectedPairs = 0;
  for (let c = 0; c < numValues; c++) for (let k = 0; k < numValues; k++) if (c !== k) expectedPairs += marginals[c] * marginals[k];
  const observed = disagreeing / n;
  const expected = expectedPairs / (n * (n - 1));
  return { alpha: 1 - observed / expected, observed, expected, n: Math.round(n) };
}
