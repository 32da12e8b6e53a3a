// Agreement on a real blind A/B study: the Tülu 1 human evaluation (../shared/data/tulu1_human_eval).
// PROVENANCE.md re-implements the repo's compute_metrics.py: per instance keep each evaluator's
// latest record; per pair and prompt compare the first two annotations (by time), preference
// collapsed to winner / tie. Published there (exact / relaxed): chatgpt vs tulu_65B 0.5556 / 0.6825
// on 63 prompts, tulu_65B vs tulu_7B 0.6071 / 0.7500 on 56, tulu_65B vs tulu_human_only_65B 0.5000 / 0.7500 on 2.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { agreement, cohenKappa, labelPairs, pairwiseAgreement } from '../../src/stats/agreement.ts';
import { ratedUnits } from '../../src/stats/agreementTable.ts';
import { tableOf } from '../../src/outcomes/fromOutcomes.ts';
import type { OutcomeTable } from '../../src/outcomes/table.ts';
import type { Outcome, OutcomeKind } from '../../src/outcomes/outcome.ts';
import { positionBias } from '../../src/stats/positionBias.ts';
import { raterSummaries } from '../../src/stats/raters.ts';
import { describeWithSharedData, sharedData } from '../support/shared.ts';

interface TuluRecord {
  instance_index: string | number;
  instance_id: string;
  model_a: string;
  model_b: string;
  preference: string;
  evaluator: string;
  timestamp: string | number;
}

const KIND: Record<string, OutcomeKind> = {
  'a-is-better': 'win',
  'a-is-slightly-better': 'win',
  tie: 'tie',
  'b-is-slightly-better': 'loss',
  'b-is-better': 'loss',
};

function tuluOutcomes(): Outcome[] {
  const records = JSON.parse(readFileSync(sharedData('tulu1_human_eval', 'eval_annotations_tulu_1.json'), 'utf8')) as TuluRecord[];
  // Latest record of each evaluator per instance.
  const latest = new Map<string, TuluRecord>();
  for (const r of records) {
    const key = `${r.instance_index}|${r.evaluator}`;
    const seen = latest.get(key);
    if (!seen || Number(r.timestamp) >= Number(seen.timestamp)) latest.set(key, r);
  }
  return [...latest.values()]
    .sort((x, y) => Number(x.timestamp) - Number(y.timestamp))
    .map((r) => ({
      a: r.model_a,
      b: r.model_b,
      kind: KIND[r.preference],
      score: KIND[r.preference] === 'win' ? 1 : KIND[r.preference] === 'loss' ? 0 : 0.5,
      item: r.instance_id,
      rater: r.evaluator,
      aOnLeft: true,
      time: Number(r.timestamp),
    }));
}

/** The slot of the pair {x, y} (tableOf gives each unordered pair one slot). */
function slotOf(table: OutcomeTable, x: string, y: string): number {
  return table.pairs.findIndex(([a, b]) => (a === x && b === y) || (a === y && b === x));
}

describeWithSharedData('agreement on the Tülu 1 human evaluation', () => {
  // Read in beforeAll, not while the suite is collected: without ../shared the suite is skipped
  // (describeWithSharedData) and the file must never be opened.
  let outcomes: Outcome[] = [];
  let table: OutcomeTable;
  beforeAll(() => {
    outcomes = tuluOutcomes();
    table = tableOf(outcomes);
  });

  it('keeps 1,141 records after removing repeated records by the same rater (as PROVENANCE.md)', () => {
    expect(outcomes).toHaveLength(1141);
  });

  it.each([
    ['chatgpt', 'tulu_65B', 63, 0.5556, 0.6825],
    ['tulu_65B', 'tulu_7B', 56, 0.6071, 0.75],
    ['tulu_65B', 'tulu_human_only_65B', 2, 0.5, 0.75],
  ])('%s vs %s: first-two exact and relaxed agreement match the published figures', (x, y, units, exact, relaxed) => {
    // Labels of a unit in time order (the outcomes are sorted by time): its first two are the first two annotations.
    const pairUnits = ratedUnits(table, { slots: [slotOf(table, x, y)] });
    const firstTwo = pairwiseAgreement(labelPairs(pairUnits));
    expect(firstTwo.units).toBe(units);
    expect(firstTwo.agreement).toBeCloseTo(exact, 4);
    expect(firstTwo.relaxed).toBeCloseTo(relaxed, 4);
    expect(cohenKappa(pairUnits).observed).toBeCloseTo(exact, 4);
  });

  it('gives every agreement statistic on the whole study, reproducibly', () => {
    const report = agreement(ratedUnits(table), 1);
    expect(report.units).toBe(63 + 56 + 2);
    // Three-way labels with ~60% raw agreement: chance-corrected agreement is clearly above 0, far below 1.
    for (const value of [report.cohen.kappa, report.fleiss.kappa, report.krippendorff.alpha]) {
      expect(value).toBeGreaterThan(0.1);
      expect(value).toBeLessThan(0.6);
    }
    expect(JSON.stringify(agreement(ratedUnits(tableOf(outcomes)), 1))).toBe(JSON.stringify(report));
    const raters = raterSummaries(table, { leaveOneOut: report.leaveOneOut });
    expect(raters).toHaveLength(16);
    expect(raters.reduce((s, r) => s + r.n, 0)).toBe(1141);
    expect(positionBias(table).n).toBe(1141 - outcomes.filter((o) => o.kind === 'tie').length);
  });
});
