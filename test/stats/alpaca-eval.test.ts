// Published figure: AlpacaEval's leaderboard row for gpt-3.5-turbo-0301 judged by alpaca_eval_gpt4
// against text_davinci_003 (see ../shared/data/alpaca_eval/PROVENANCE.md).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { tableOf } from '../../src/outcomes/fromOutcomes.ts';
import type { Outcome } from '../../src/outcomes/outcome.ts';
import { summarizePair } from '../../src/stats/pair.ts';
import { describeWithSharedData, sharedData } from '../support/shared.ts';

interface Annotation {
  instruction: string;
  generator_1: string;
  generator_2: string;
  preference: number | null;
}

/** The mapping PROVENANCE.md describes: legacy 0 -> 1.5, drop null and values outside [1, 2], x = preference - 1. */
function toOutcomes(rows: Annotation[]): Outcome[] {
  const out: Outcome[] = [];
  for (const row of rows) {
    if (row.preference === null) continue;
    const preference = row.preference === 0 ? 1.5 : row.preference;
    if (!(preference >= 1 && preference <= 2)) continue;
    const score = preference - 1;
    out.push({
      a: row.generator_2,
      b: row.generator_1,
      score,
      kind: score > 0.5 ? 'win' : score < 0.5 ? 'loss' : 'tie',
      item: row.instruction,
      rater: 'alpaca_eval_gpt4',
    });
  }
  return out;
}

describeWithSharedData('AlpacaEval published figure (gpt-3.5-turbo-0301 vs text_davinci_003)', () => {
  it('reproduces win rate, standard error and counts of the leaderboard', () => {
    const file = sharedData('alpaca_eval', 'annotations', 'alpaca_eval_gpt4', 'gpt-3.5-turbo-0301.json');
    const rows = JSON.parse(readFileSync(file, 'utf8')) as Annotation[];
    expect(rows.length).toBe(805);
    const table = tableOf(toOutcomes(rows), [['gpt-3.5-turbo-0301', 'text_davinci_003']]);
    const s = summarizePair(table, 0, { seed: 1, resamples: 2000, cluster: 'none' });
    expect([s.a, s.b]).toEqual(['gpt-3.5-turbo-0301', 'text_davinci_003']);
    expect(s.n).toBe(804);
    expect(s.wins).toBe(716);
    expect(s.losses).toBe(83);
    expect(s.ties).toBe(5);
    expect(Math.abs(s.winRate - 0.8936567164179104)).toBeLessThan(1e-9);
    expect(Math.abs(s.standardError - 0.010789487022114888)).toBeLessThan(1e-9);
    // The bootstrap interval is about ±2 SE around the estimate.
    expect(s.winRateCI[0]).toBeGreaterThan(s.winRate - 2.6 * s.standardError);
    expect(s.winRateCI[0]).toBeLessThan(s.winRate - 1.4 * s.standardError);
    expect(s.winRateCI[1]).toBeGreaterThan(s.winRate + 1.4 * s.standardError);
    expect(s.pValue).toBeLessThan(1e-100);
  });
});
