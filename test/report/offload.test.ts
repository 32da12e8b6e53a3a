// The ratings bootstrap gives the same draws in the worker thread as inline, so a report does not
// depend on where it ran; and a closed offload still answers (inline).
import { describe, expect, it } from 'vitest';
import type { ReadResult } from '../../src/judgments/read.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import { buildReport } from '../../src/report/model.ts';
import { renderJson } from '../../src/report/json.ts';
import { startWorker } from '../../src/report/offload/offload.ts';
import { planBradleyTerry, ratingDraws } from '../../src/stats/bradleyTerry.ts';
import { rngFor } from '../../src/stats/random.ts';
import type { Outcome } from '../../src/stats/outcome.ts';

const SYSTEMS = ['a', 'b', 'c', 'd'];

function battles(n: number): Judgment[] {
  const rng = rngFor('offload-test');
  return Array.from({ length: n }, (_, t) => {
    const x = Math.floor(rng() * SYSTEMS.length);
    const y = (x + 1 + Math.floor(rng() * (SYSTEMS.length - 1))) % SYSTEMS.length;
    // System i beats lower-numbered ones more often than not.
    const choice: Judgment['choice'] = rng() < 0.1 ? 'tie' : rng() < (x > y ? 0.7 : 0.3) ? 'left' : 'right';
    return { v: 1, study: 's', task: `t${t}`, rater: `r${Math.floor(rng() * 9)}`, item: `i${Math.floor(rng() * 40)}`, left: SYSTEMS[x], right: SYSTEMS[y], choice };
  });
}

function outcomesOf(judgments: Judgment[]): Outcome[] {
  return judgments.map((j) => ({ a: j.left, b: j.right, score: j.choice === 'left' ? 1 : j.choice === 'right' ? 0 : 0.5, kind: j.choice === 'left' ? 'win' : j.choice === 'right' ? 'loss' : 'tie', item: j.item, rater: j.rater }));
}

describe('offloading the ratings bootstrap', () => {
  it('draws the same ratings in the worker as inline, for each kind of cluster', async () => {
    const offload = startWorker();
    try {
      for (const cluster of ['prompt', 'rater', 'none'] as const) {
        const plan = planBradleyTerry(outcomesOf(battles(2000)), { bootstrap: { seed: 5, resamples: 200, cluster } });
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

  it('writes the same report with and without the worker', async () => {
    const source: ReadResult = { format: 'csv', file: 'mem.csv', study: 's', judgments: battles(3000), items: new Map(), counts: { read: 3000, used: 3000, dropped: 0, dropReasons: {} } };
    const settings = { seed: 2, resamples: 300 };
    const withWorker = renderJson(await buildReport({ sources: [source], settings, generatedAt: 'T', worker: true }));
    const inline = renderJson(await buildReport({ sources: [source], settings, generatedAt: 'T', worker: false }));
    expect(JSON.parse(withWorker).ratings.ratings).toHaveLength(SYSTEMS.length);
    expect(withWorker).toBe(inline);
  });

  it('still answers after close, inline', async () => {
    const offload = startWorker();
    await offload.close();
    expect(offload.usesWorker).toBe(false);
    const plan = planBradleyTerry(outcomesOf(battles(500)), { bootstrap: { seed: 1, resamples: 20 } });
    if (!plan.draws) throw new Error('no bootstrap planned');
    expect(Array.from(await offload.run('ratingDraws', plan.draws))).toEqual(Array.from(ratingDraws(plan.draws)));
  });
});
