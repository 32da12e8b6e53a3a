// An LLM judge and people on the same items: the report keeps the people's win rates as its answer,
// sets the judge's beside them, and its agreement figures equal a computation from the judgments
// alone (test/support/judgeAgreementTruth.ts: no outcome table, no code shared with src/).
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import type { ReadResult } from '../../src/judgments/read.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import { buildReport } from '../../src/report/model.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { renderHtml } from '../../src/report/html.ts';
import { terminalSummary } from '../../src/report/terminal.ts';
import { expectValidReport } from '../support/reportSchema.ts';
import { judgeAgreementTruth } from '../support/judgeAgreementTruth.ts';

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

    const truth = judgeAgreementTruth(list, JUDGE);
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
