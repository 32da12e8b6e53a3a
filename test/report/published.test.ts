// Reports on real public data reproduce the published figures (see each PROVENANCE.md).
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runReport, type ReportOptions } from '../../src/commands/report.ts';
import { terminalSummary } from '../../src/report/terminal.ts';
import { describeWithSharedData, sharedData } from '../support/shared.ts';
import { expectValidReport } from '../support/reportSchema.ts';

const ALPACA = sharedData('alpaca_eval/annotations/alpaca_eval_gpt4/gpt-3.5-turbo-0301.json');
const TULU = sharedData('tulu1_human_eval/eval_annotations_tulu_1.json');

function options(out: string, extra: Partial<ReportOptions> = {}): ReportOptions {
  return { format: 'html,md,json,csv', out, results: 'results', cluster: 'prompt', ties: 'half', method: 'percentile', resamples: '2000', seed: '7', generatedAt: '2024-01-01T00:00:00.000Z', ...extra };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prefstudy-report-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeWithSharedData('report on AlpacaEval gpt-3.5-turbo-0301 vs text_davinci_003', () => {
  it('holds the leaderboard figures in report.json', async () => {
    const out = join(dir, 'alpaca');
    const { report: model, written } = await runReport([ALPACA], options(out), false);
    expect((await readdir(out)).sort()).toEqual(['judgments.csv', 'report.html', 'report.json', 'report.md']);
    expect(written).toHaveLength(4);
    // Titled by what was compared, not by the file name (gpt-3-5-turbo-0301).
    expect(model.title).toBe('gpt-3.5-turbo-0301 vs text_davinci_003');
    const summary = terminalSummary(model, written, dir);
    expect(summary).toContain(model.headline);
    expect(summary).toMatch(/gpt-3\.5-turbo-0301 vs text_davinci_003\s+89\.4% \[\d+\.\d, \d+\.\d\]\s+n = 804/);
    expect(summary).toContain('805 rows read, 804 used, 1 dropped (preference is null (no usable judgment): 1)');
    expect(summary).toContain('\n  alpaca/report.json');
    expectValidReport(model);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.pairs).toHaveLength(1);
    const [pair] = report.pairs;
    expect(pair.a).toBe('gpt-3.5-turbo-0301');
    expect(pair.b).toBe('text_davinci_003');
    expect(Math.abs(pair.winRate - 0.8936567164179104)).toBeLessThan(1e-9);
    expect(Math.abs(pair.standardError - 0.010789487022114888)).toBeLessThan(1e-9);
    expect(pair.n).toBe(804);
    expect(pair.wins).toBe(716);
    expect(pair.losses).toBe(83);
    expect(pair.ties).toBe(5);
    expect(report.n).toBe(804);
    expect(report.settings).toMatchObject({ seed: 7, resamples: 2000, cluster: 'prompt', tiePolicy: 'half' });
    expect(pair.winRateCI[0]).toBeLessThan(pair.winRate);
    expect(pair.winRateCI[1]).toBeGreaterThan(pair.winRate);
    expect(report.provenance.sources[0]).toMatchObject({ format: 'alpacaeval', read: 805, used: 804, dropped: 1 });
    const csv = (await readFile(join(out, 'judgments.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(805);
  });

  it('gives a byte-identical report.json for the same seed', async () => {
    await runReport([ALPACA], options(join(dir, 'again')), false);
    const first = await readFile(join(dir, 'alpaca', 'report.json'), 'utf8');
    const second = await readFile(join(dir, 'again', 'report.json'), 'utf8');
    expect(second).toBe(first);
  });
});

describeWithSharedData('report on the Tülu 1 human evaluation', () => {
  it('tabulates chatgpt vs tulu_65B in report.md, with agreement on the items rated more than once', async () => {
    const out = join(dir, 'tulu');
    expectValidReport((await runReport([TULU], options(out, { format: 'md,json' }), false)).report);
    const md = await readFile(join(out, 'report.md'), 'utf8');
    const row = md.split('\n').find((line) => line.startsWith('| chatgpt vs tulu_65B | 403 |'));
    expect(row).toBeDefined();
    expect(md).toMatch(/## Rater agreement/);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    const pair = report.pairs.find((p: { a: string; b: string }) => p.a === 'chatgpt' && p.b === 'tulu_65B');
    // 1,141 records after keeping each evaluator's latest per instance (PROVENANCE.md).
    expect(report.provenance.sources[0]).toMatchObject({ read: 1150, used: 1141, dropped: 9 });
    expect(pair.wins + pair.losses + pair.ties + pair.bothBad).toBe(pair.n);
    const agreement = report.agreement.byPair.find((p: { a: string }) => p.a === 'chatgpt');
    // PROVENANCE.md: 63 multi-annotated prompts for this pair, 56 for tulu_65B vs tulu_7B.
    expect(agreement.items).toBe(63);
    expect(report.agreement.byPair.find((p: { a: string }) => p.a === 'tulu_7B').items).toBe(56);
    expect(agreement.pairwisePercent).toBeGreaterThan(0.4);
    expect(agreement.pairwisePercent).toBeLessThan(0.7);
    expect(md).toContain(`| chatgpt vs tulu_65B | 63 |`);
    // Several systems: the report leads with the ranking and says which neighbours are resolved.
    expect(md.indexOf('## Ranking')).toBeLessThan(md.indexOf('## Pairwise win rates'));
    expect(report.ratings.neighbours).toHaveLength(3);
    expect(md).toMatch(/chatgpt over tulu_65B: (\*\*resolved\*\*|not resolved)/);
  });
});
