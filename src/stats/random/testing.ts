// Checks of the samplers against exact distributions, shared by their tests.

/** Exact Binomial(n, p) probabilities by the ratio recurrence, computed in log space. */
export function binomialPmf(n: number, p: number): number[] {
  const logs = new Array<number>(n + 1);
  logs[0] = n * Math.log1p(-p);
  for (let k = 1; k <= n; k++) logs[k] = logs[k - 1] + Math.log((n - k + 1) / k) + Math.log(p / (1 - p));
  return logs.map(Math.exp);
}

/** Pearson chi-square of observed counts against the exact pmf, pooling bins with expectation < 5. */
export function chiSquare(counts: number[], pmf: number[], draws: number): { stat: number; df: number } {
  let stat = 0;
  let bins = 0;
  let pooledObs = 0;
  let pooledExp = 0;
  for (let k = 0; k < pmf.length; k++) {
    pooledObs += counts[k] ?? 0;
    pooledExp += pmf[k] * draws;
    if (pooledExp >= 5) {
      stat += (pooledObs - pooledExp) ** 2 / pooledExp;
      bins++;
      pooledObs = 0;
      pooledExp = 0;
    }
  }
  if (pooledExp > 0) {
    stat += (pooledObs - pooledExp) ** 2 / Math.max(pooledExp, 1e-12);
    bins++;
  }
  return { stat, df: bins - 1 };
}

