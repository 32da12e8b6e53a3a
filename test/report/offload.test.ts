// The ratings and pair bootstraps give the same results in the worker thread as inline, so a report
// does not depend on where it ran; and a closed offload still answers (inline).
import { describe, expect, it } from 'vitest';
import type { ReadResult } from '../../src/judgments/read.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import { buildReport } from '../../src/report/model.ts';
import { renderJson } from '../../src/report/json.ts';
import { coolWorker, startWorker, warmWorker } from '../../src/report/offload/offload.ts';
import { planBradleyTerry, ratingDraws } from '../../src/stats/bradleyTerry.ts';
import { bootstrapPair, pairStatistics, summarizeStatistics, type PairSettings } from '../../src/stats/pair.ts';
import { rngFor } from '../../src/stats/random/rng.ts';
import { outcomeTable } from '../../src/outcomes/fromJudgments.ts';
import { expectValidReport } from '../support/reportSchema.ts';

const SYSTEMS = ['a', 'b', 'c', 'd'];
const PAIRS = SYSTEMS.flatMap((a, i) => SYSTEMS.slice(i + 1).map((b) => [a, b] as const));
const CLUSTERS = ['prompt', 'rater', 'none'] as const;

function battles(n: number): Judgment[] {
  const rng = rngFor('offload-test');
  return Array.from({ length: n }, (_, t) => {
    const x = Math.floor(rng() * SYSTEMS.length);
    const y = (x + 1 + Math.floor(rng() * (SYSTEMS.length - 1))) % SYSTEMS.length;
    // System i beats lower-numbered ones more often than not.
    const choice: Judgment['choice'] = rng() < 0.1 ? (rng() < 0.5 ? 'tie' : 'both-bad') : rng() < (x > y ? 0.7 : 0.3) ? 'left' : 'right';
    return { v: 1, study: 's', task: `t${t}`, rater: `r${Math.floor(rng() * 9)}`, item: `i${Math.floor(rng() * 40)}`, left: SYSTEMS[x], right: SYSTEMS[y], choice };
  });
}

describe('offloading the bootstraps', () => {
  it('draws the same ratings in the worker as inline, for each kind of cluster', async () => {
    const offload = startWorker();
    try {
      for (const cluster of CLUSTERS) {
        const plan = planBradleyTerry(outcomeTable(battles(2000), PAIRS), { bootstrap: { seed: 5, resamples: 200, cluster } });
        const input = plan.draws;
        if (!input) throw new Error('no bootstrap planned');
        const inWorker = await offload.run('ratingDraws', input);
        expect(inWorker).toBeInstanceOf(Float64Array);
        expect(inWorker.length).toBe(200 * SYSTEMS.length);
        expect(Array.from(inWorker)).toEqual(Array.from(ratingDraws(input)));
      }
      // The worker did the runs: it did not fail and leave them to the inline fallback.
      expect(offload.usesWorker).toBe(true);
    } finally {
      await offload.close();
    }
  });

  it('bootstraps the pairs in the worker as inline, for each cluster, tie policy and method', async () => {
    const table = outcomeTable(battles(2000), PAIRS);
    const offload = startWorker();
    try {
      for (const cluster of CLUSTERS) {
        for (const tiePolicy of ['half', 'exclude'] as const) {
          for (const method of ['percentile', 'bca'] as const) {
            const settings: PairSettings = { seed: 7, resamples: 200, cluster, level: 0.9, method, tiePolicy };
            const inputs = PAIRS.map((_, slot) => ({ stats: pairStatistics(table, slot, settings), settings }));
            const inWorker = await offload.run('pairBootstraps', inputs);
            expect(inWorker).toStrictEqual(inputs.map(({ stats }) => bootstrapPair(stats, settings)));
            const summaries = inputs.map(({ stats }, k) => summarizeStatistics(stats, settings, inWorker[k]));
            expect(summaries).toStrictEqual(inputs.map(({ stats }) => summarizeStatistics(stats, settings)));
          }
        }
      }
      expect(offload.usesWorker).toBe(true);
    } finally {
      await offload.close();
    }
  });

  it('runs both jobs at once, each answering its own', async () => {
    const plan = planBradleyTerry(outcomeTable(battles(1000), PAIRS), { bootstrap: { seed: 3, resamples: 100 } });
    if (!plan.draws) throw new Error('no bootstrap planned');
    const settings: PairSettings = { seed: 3, resamples: 100, cluster: 'prompt', level: 0.95, method: 'percentile', tiePolicy: 'half' };
    const inputs = PAIRS.map((_, slot) => ({ stats: pairStatistics(outcomeTable(battles(1000), PAIRS), slot, settings), settings }));
    const offload = startWorker();
    try {
      const [draws, boots] = await Promise.all([offload.run('ratingDraws', plan.draws), offload.run('pairBootstraps', inputs)]);
      expect(Array.from(draws)).toEqual(Array.from(ratingDraws(plan.draws)));
      expect(boots).toStrictEqual(inputs.map(({ stats }) => bootstrapPair(stats, settings)));
      expect(offload.usesWorker).toBe(true);
    } finally {
      await offload.close();
    }
  });

  it('writes the same report with and without the worker', async () => {
    const source: ReadResult = { format: 'csv', file: 'mem.csv', study: 's', judgments: battles(3000), items: new Map(), counts: { read: 3000, used: 3000, dropped: 0, dropReasons: {} } };
    // Every cluster, tie policy and method at least once (4 reports rather than all 12).
    const variants = [
      { cluster: 'prompt', tiePolicy: 'half', method: 'percentile' },
      { cluster: 'rater', tiePolicy: 'exclude', method: 'bca' },
      { cluster: 'none', tiePolicy: 'exclude', method: 'percentile' },
      { cluster: 'none', tiePolicy: 'half', method: 'bca' },
    ] as const;
    for (const variant of variants) {
      const settings = { seed: 2, resamples: 300, ...variant };
      const withWorker = renderJson(await buildReport({ sources: [source], settings, generatedAt: 'T', worker: true }));
      const inline = renderJson(await buildReport({ sources: [source], settings, generatedAt: 'T', worker: false }));
      expectValidReport(withWorker);
      const parsed = JSON.parse(withWorker);
      expect(parsed.ratings.ratings).toHaveLength(SYSTEMS.length);
      expect(parsed.pairs).toHaveLength(PAIRS.length);
      expect(withWorker).toBe(inline);
    }
  });

  it('still answers after close, inline', async () => {
    const offload = startWorker();
    await offload.close();
    expect(offload.usesWorker).toBe(false);
    const plan = planBradleyTerry(outcomeTable(battles(500), PAIRS), { bootstrap: { seed: 1, resamples: 20 } });
    if (!plan.draws) throw new Error('no bootstrap planned');
    expect(Array.from(await offload.run('ratingDraws', plan.draws))).toEqual(Array.from(ratingDraws(plan.draws)));
  });

  it('hands a warm worker to the next report once, and ends one nobody took', async () => {
    const plan = planBradleyTerry(outcomeTable(battles(500), PAIRS), { bootstrap: { seed: 4, resamples: 20 } });
    if (!plan.draws) throw new Error('no bootstrap planned');
    warmWorker();
    const taken = startWorker();
    const next = startWorker();
    try {
      expect(Array.from(await taken.run('ratingDraws', plan.draws))).toEqual(Array.from(ratingDraws(plan.draws)));
      expect(taken.usesWorker).toBe(true);
      // The warm worker went to the first report only: the second started its own.
      expect(next).not.toBe(taken);
      expect(next.usesWorker).toBe(true);
    } finally {
      await taken.close();
      await next.close();
    }
    warmWorker();
    await coolWorker();
    const fresh = startWorker();
    expect(fresh.usesWorker).toBe(true);
    await fresh.close();
    // Nothing warm left: cooling again is harmless.
    await coolWorker();
  });
});
