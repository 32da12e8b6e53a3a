// The per-rater-pair kappa table on a real panel (the Tülu 1 human evaluation, 16 raters), against
// a computation written from the raw file alone: each evaluator's latest record per instance, the
// preference collapsed to which model won (or tie), a confusion matrix per pair of evaluators.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { readJudgments } from '../../src/judgments/read.ts';
import { buildReport } from '../../src/report/model.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { renderHtml } from '../../src/report/html.ts';
import { describeWithSharedData, sharedData } from '../support/shared.ts';
import { expectValidReport } from '../support/reportSchema.ts';

interface TuluRecord {
  instance_index: number;
  model_a: string;
  model_b: string;
  preference: string;
  evaluator: string;
  timestamp: number;
}

const FILE = () => sharedData('tulu1_human_eval', 'eval_annotations_tulu_1.json');
const MIN_TASKS = 10;

/** Who won an instance in this record: 'A'/'B' by model name order, or 'tie'. */
function label(r: TuluRecord): string {
  const winner = r.preference.startsWith('a-') ? r.model_a : r.preference.startsWith('b-') ? r.model_b : null;
  if (winner === null) return 'tie';
  return winner === [r.model_a, r.model_b].sort()[0] ? 'A' : 'B';
}

function independentKappas(): Array<{ a: string; b: string; tasks: number; observed: number; expected: number; kappa: number }> {
  const records = JSON.parse(readFileSync(FILE(), 'utf8')) as TuluRecord[];
  const latest = new Map<number, Map<string, TuluRecord>>();
  for (const r of records) {
    const byRater = latest.get(r.instance_index) ?? new Map<string, TuluRecord>();
    const seen = byRater.get(r.evaluator);
    if (!seen || r.timestamp >= seen.timestamp) byRater.set(r.evaluator, r);
    latest.set(r.instance_index, byRater);
  }
  const confusion = new Map<string, Map<string, number>>();
  for (const byRater of latest.values()) {
    const raters = [...byRater.keys()].sort();
    for (let i = 0; i < raters.length; i++) {
      for (let j = i + 1; j < raters.length; j++) {
        const key = `${raters[i]}|${raters[j]}`;
        const cells = confusion.get(key) ?? new Map<string, number>();
        const cell = `${label(byRater.get(raters[i])!)}|${label(byRater.get(raters[j])!)}`;
        cells.set(cell, (cells.get(cell) ?? 0) + 1);
        confusion.set(key, cells);
      }
    }
  }
  const out = [];
  for (const [key, cells] of confusion) {
    const n = [...cells.values()].reduce((x, y) => x + y, 0);
    if (n < MIN_TASKS) continue;
    const labels = ['A', 'B', 'tie'];
    const share = (first: boolean, l: string) =>
      [...cells].filter(([cell]) => cell.split('|')[first ? 0 : 1] === l).reduce((x, [, c]) => x + c, 0) / n;
    const observed = labels.reduce((x, l) => x + (cells.get(`${l}|${l}`) ?? 0), 0) / n;
    const expected = labels.reduce((x, l) => x + share(true, l) * share(false, l), 0);
    const [a, b] = key.split('|');
    out.push({ a, b, tasks: n, observed, expected, kappa: (observed - expected) / (1 - expected) });
  }
  return out.sort((x, y) => (x.a + '|' + x.b < y.a + '|' + y.b ? -1 : 1));
}

describeWithSharedData("Cohen's kappa for each pair of raters on the Tülu 1 panel", () => {
  it('holds the figures of an independent computation from the raw file, in report.json, .md and .html', async () => {
    const source = await readJudgments(FILE(), {});
    const report = await buildReport({ sources: [source], settings: { resamples: 50 }, generatedAt: 'T' });
    expectValidReport(report);
    const expected = independentKappas();
    expect(expected.length).toBeGreaterThanOrEqual(5);
    const got = report.agreement?.raterPairs ?? [];
    expect(got.map((r) => [r.a, r.b, r.tasks])).toEqual(expected.map((r) => [r.a, r.b, r.tasks]));
    got.forEach((r, k) => {
      expect(r.observed).toBeCloseTo(expected[k].observed, 12);
      expect(r.expected).toBeCloseTo(expected[k].expected, 12);
      expect(r.kappa).toBeCloseTo(expected[k].kappa, 12);
    });
    expect(report.agreement?.raterPairMinTasks).toBe(MIN_TASKS);

    const md = renderMarkdown(report);
    const html = await renderHtml(report);
    for (const r of expected) {
      expect(md).toContain(`| ${r.a} | ${r.b} | ${r.tasks} | ${(r.observed * 100).toFixed(1)}% | ${(r.expected * 100).toFixed(1)}% | ${r.kappa.toFixed(3)} |`);
      expect(html).toContain(`<td class="text">${r.a}</td><td class="text">${r.b}</td><td>${r.tasks}</td>`);
    }
  });
});
