// An LLM judge and people on the same items: the report keeps the people's win rates as its answer,
// sets the judge's beside them, and its agreement figures equal a computation written here from the
// judgments alone (no outcome table, no shared code).
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import type { ReadResult } from '../../src/judgments/read.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import { buildReport } from '../../src/report/model.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { renderHtml } from '../../src/report/html.ts';
import { terminalSummary } from '../../src/report/terminal.ts';
import { expectValidReport } from '../support/reportSchema.ts';

const JUDGE = 'judge:local-7b';
const HUMANS = ['ann', 'bob', 'cyd'];

/** x vs y on 40 items: 1–3 people each (x preferred ~60%), the judge on both orders with a pull to the left. */
function judgments(): Judgment[] {
  const random = seedrandom('judges');
  const out: Judgment[] = [];
  const add = (rater: string, item: string, xLeft: boolean, xWins: boolean | null) =>
    out.push({
      v: 1, study: 's', task: `t${out.length}`, rater, item, left: xLeft ? 'x' : 'y', right: xLeft ? 'y' : 'x',
      choice: xWins === null ? 'tie' : xWins === xLeft ? 'left' : 'right', seconds: 30,
    });
  for (let i = 0; i < 40; i++) {
    const item = `item-${String(i).padStart(2, '0')}`;
    const people = HUMANS.slice(0, 1 + (i % 3));
    for (const rater of people) {
      const u = random();
      add(rater, item, random() < 0.5, u < 0.1 ? null : u < 0.64);
    }
    for (const xLeft of [true, false]) {
      // The judge follows quality 70% of the time, else picks the left answer.
      const quality = random() < 0.6;
      add(JUDGE, item, xLeft, random() < 0.7 ? quality : xLeft);
    }
  }
  return out;
}

function source(list: Judgment[]): ReadResult {
  return { format: 'csv', file: 'mem.csv', study: 's', judgments: list, items: new Map(), counts: { read: list.length, used: list.length, dropped: 0, dropReasons: {} }, pairs: [['x', 'y']] };
}

/** x's outcome: 'w', 'l' or 't'. */
const label = (j: Judgment) => (j.choice === 'tie' ? 't' : (j.choice === 'left') === (j.left === 'x') ? 'w' : 'l');

function majorityCredit(l: string, others: string[]): number {
  const counts: Record<string, number> = {};
  for (const o of others) counts[o] = (counts[o] ?? 0) + 1;
  const most = Math.max(...Object.values(counts));
  const tied = Object.values(counts).filter((c) => c === most).length;
  return counts[l] === most ? 1 / tied : 0;
}

function independent(list: Judgment[]) {
  const items = [...new Set(list.map((j) => j.item))];
  let pairs = 0, agree = 0, held = 0, judgeCredit = 0, humanCredit = 0, majorityTasks = 0, tasks = 0;
  const kappaPairs: Array<[string, string]> = [];
  let swapTasks = 0, swapSame = 0, left = 0, decisive = 0;
  for (const item of items) {
    const humans = list.filter((j) => j.item === item && !j.rater.startsWith('judge:')).map(label);
    const verdicts = list.filter((j) => j.item === item && j.rater === JUDGE);
    const judge = verdicts.map(label);
    for (const v of verdicts) if (v.choice !== 'tie') (decisive++, v.choice === 'left' && left++);
    const xLeft = verdicts.find((v) => v.left === 'x');
    const xRight = verdicts.find((v) => v.left === 'y');
    if (xLeft && xRight) (swapTasks++, label(xLeft) === label(xRight) && swapSame++);
    if (judge.length === 0 || humans.length === 0) continue;
    tasks++;
    for (const v of judge) for (const h of humans) (pairs++, v === h && agree++);
    for (const v of judge) kappaPairs.push([v, humans[0]]);
    if (humans.length < 2) continue;
    majorityTasks++;
    humans.forEach((h, k) => {
      const others = humans.filter((_, o) => o !== k);
      humanCredit += majorityCredit(h, others);
      for (const v of judge) judgeCredit += majorityCredit(v, others) / judge.length;
      held++;
    });
  }
  const n = kappaPairs.length;
  const observed = kappaPairs.filter(([a, b]) => a === b).length / n;
  const expected = ['w', 'l', 't'].reduce((sum, l) => sum + (kappaPairs.filter(([a]) => a === l).length / n) * (kappaPairs.filter(([, b]) => b === l).length / n), 0);
  return {
    tasks, percent: agree / pairs, majority: judgeCredit / held, humanMajority: humanCredit / held, majorityTasks,
    cohenKappa: (observed - expected) / (1 - expected), swapTasks, swapConsistent: swapSame / swapTasks, leftShare: left / decisive, decisive,
  };
}

describe('LLM judges beside the people', () => {
  it("keeps the people's win rate as the answer and sets the judge's beside it, with agreement figures computed independently", async () => {
    const list = judgments();
    const humanVotes = list.filter((j) => !j.rater.startsWith('judge:'));
    const verdicts = list.filter((j) => j.rater === JUDGE);
    const report = await buildReport({ sources: [source(list)], settings: { seed: 1, resamples: 400 }, generatedAt: 'T' });
    expectValidReport(report);
    expect(report.settings.raters).toBe('human');
    expect(report.n).toBe(humanVotes.length);
    expect(report.provenance.excluded['LLM judges (--raters human)']).toBe(verdicts.length);
    expect(report.raters.map((r) => r.id)).toEqual(HUMANS);

    expect(report.judges).toHaveLength(1);
    const [judge] = report.judges;
    const [pair] = judge.pairs;
    const xScore = (js: Judgment[]) => js.reduce((sum, j) => sum + (label(j) === 'w' ? 1 : label(j) === 't' ? 0.5 : 0), 0) / js.length;
    expect(pair).toMatchObject({ a: 'x', b: 'y', n: verdicts.length, humanN: humanVotes.length });
    expect(pair.winRate).toBeCloseTo(xScore(verdicts), 12);
    expect(pair.humanWinRate).toBeCloseTo(xScore(humanVotes), 12);
    expect(pair.humanWinRateCI).toEqual(report.pairs[0].winRateCI);
    expect(pair.insideHumanCI).toBe(pair.winRate! >= pair.humanWinRateCI[0]! && pair.winRate! <= pair.humanWinRateCI[1]!);

    const truth = independent(list);
    expect(judge.agreement.tasks).toBe(truth.tasks);
    expect(judge.agreement.majorityTasks).toBe(truth.majorityTasks);
    expect(judge.agreement.percent).toBeCloseTo(truth.percent, 12);
    expect(judge.agreement.majority).toBeCloseTo(truth.majority, 12);
    expect(judge.agreement.humanMajority).toBeCloseTo(truth.humanMajority, 12);
    expect(judge.agreement.cohenKappa).toBeCloseTo(truth.cohenKappa, 12);
    expect(judge.positionBias.n).toBe(truth.decisive);
    expect(judge.positionBias.leftShare).toBeCloseTo(truth.leftShare, 12);
    expect(judge.positionBias.swapTasks).toBe(truth.swapTasks);
    expect(judge.positionBias.swapConsistent).toBeCloseTo(truth.swapConsistent, 12);

    // Both answers side by side, in every format.
    const md = renderMarkdown(report);
    const html = await renderHtml(report);
    const summary = terminalSummary(report, []);
    for (const text of [md, summary]) {
      expect(text.indexOf(report.headline)).toBeGreaterThanOrEqual(0);
      expect(text).toContain(`LLM judge — ${judge.headline}`);
    }
    expect(html).toContain('<section id="judges">');
    expect(html).toContain('judge-headline');
    expect(md).toContain('## LLM judges beside the people');
    expect(judge.headline).toContain("against the people's");
  });

  it('--raters judge and --raters all put the judge in the win rates; without people there is no judges section', async () => {
    const list = judgments();
    const verdicts = list.filter((j) => j.rater === JUDGE);
    const judgeOnly = await buildReport({ sources: [source(list)], settings: { seed: 1, resamples: 100, raters: 'judge' }, generatedAt: 'T' });
    expect(judgeOnly.n).toBe(verdicts.length);
    expect(judgeOnly.provenance.excluded['human raters (--raters judge)']).toBe(list.length - verdicts.length);
    expect(judgeOnly.judges).toHaveLength(1);
    const all = await buildReport({ sources: [source(list)], settings: { seed: 1, resamples: 100, raters: 'all' }, generatedAt: 'T' });
    expect(all.n).toBe(list.length);
    const onlyJudges = await buildReport({ sources: [source(verdicts)], settings: { seed: 1, resamples: 100 }, generatedAt: 'T' });
    expect(onlyJudges.settings.raters).toBe('all');
    expect(onlyJudges.n).toBe(verdicts.length);
    expect(onlyJudges.judges).toEqual([]);
    for (const r of [judgeOnly, all, onlyJudges]) expectValidReport(r);
  });
});
