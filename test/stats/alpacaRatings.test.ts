// Ratings on a published figure: AlpacaEval's gpt-3.5-turbo-0301 vs text_davinci_003 annotations
// (../shared/data/alpaca_eval, PROVENANCE.md: win rate 0.8936567164179104 over n = 804, 716 wins,
// 83 losses, 5 draws). For two systems the Bradley–Terry MLE has strength ratio p / (1 − p), so the
// rating gap must be 400·log10(0.8936567164179104 / 0.1063432835820896).
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { bradleyTerry } from '../../src/stats/bradleyTerry.ts';
import { tableOf } from '../../src/outcomes/fromOutcomes.ts';
import type { Outcome } from '../../src/outcomes/outcome.ts';
import { promptInfluence } from '../../src/stats/sensitivity.ts';
import { winMatrix } from '../../src/stats/winMatrix.ts';
import { describeWithSharedData, sharedData } from '../support/shared.ts';

interface Annotation {
  instruction: string;
  generator_1: string;
  generator_2: string;
  preference: number | null;
}

const PUBLISHED_WIN_RATE = 0.8936567164179104;

function alpacaOutcomes(): Outcome[] {
  const file = sharedData('alpaca_eval', 'annotations', 'alpaca_eval_gpt4', 'gpt-3.5-turbo-0301.json');
  const rows = JSON.parse(readFileSync(file, 'utf8')) as Annotation[];
  const out: Outcome[] = [];
  rows.forEach((row, i) => {
    // AlpacaEval: legacy 0 is a draw; null or values outside [1, 2] are dropped.
    const preference = row.preference === 0 ? 1.5 : row.preference;
    if (preference === null || !(preference >= 1 && preference <= 2)) return;
    const score = preference - 1; // the model (generator_2) is a
    out.push({
      a: row.generator_2,
      b: row.generator_1,
      score,
      kind: score > 0.5 ? 'win' : score < 0.5 ? 'loss' : 'tie',
      item: `instruction-${i}`,
      rater: 'alpaca_eval_gpt4',
    });
  });
  return out;
}

describeWithSharedData('ratings on AlpacaEval gpt-3.5-turbo-0301 vs text_davinci_003', () => {
  // Read in beforeAll, not while the suite is collected: without ../shared the suite is skipped
  // (describeWithSharedData) and the file must never be opened.
  let outcomes: Outcome[] = [];
  beforeAll(() => {
    outcomes = alpacaOutcomes();
  });

  it('the win matrix has the published counts and win rate', () => {
    const m = winMatrix(tableOf(outcomes));
    const cell = m.cells.find((c) => c.a === 'gpt-3.5-turbo-0301');
    expect(cell).toMatchObject({ b: 'text_davinci_003', n: 804, wins: 716, losses: 83, ties: 5 });
    expect(Math.abs((cell?.winRate ?? NaN) - PUBLISHED_WIN_RATE)).toBeLessThan(1e-9);
  });

  it('Bradley–Terry reproduces the published win rate as a rating gap', () => {
    const result = bradleyTerry(tableOf(outcomes), { anchor: 'text_davinci_003', bootstrap: { seed: 1, resamples: 500 } });
    const model = result.ratings.find((r) => r.system === 'gpt-3.5-turbo-0301');
    const gap = 400 * Math.log10(PUBLISHED_WIN_RATE / (1 - PUBLISHED_WIN_RATE));
    expect(Math.abs((model?.rating ?? NaN) - 1000 - gap)).toBeLessThan(1e-6);
    expect(model?.rank).toBe(1);
    expect(model?.ci[0]).toBeGreaterThan(1000);
  });

  it('no single instruction moves the win rate by more than one vote can', () => {
    const influence = promptInfluence(tableOf(outcomes, [['gpt-3.5-turbo-0301', 'text_davinci_003']]), 0);
    expect(influence.prompts).toHaveLength(804);
    // One loss removed: (716 + 2.5) / 803 − 0.89366 = +0.00132; the largest possible move.
    expect(influence.prompts[0].winRateChange).toBeCloseTo(718.5 / 803 - PUBLISHED_WIN_RATE, 12);
  });
});
