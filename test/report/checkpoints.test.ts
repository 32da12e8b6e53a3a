// A checkpoint sweep as a model developer runs it: four OpenAssistant checkpoints and gpt-3.5-turbo
// imported from their real sampling reports (../shared/data), votes simulated from known ratings
// (there are no human labels for these outputs), and the report leading with the ranking.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runReport } from '../../src/commands/report.ts';
import { JUDGMENT_VERSION, type Judgment } from '../../src/judgments/record.ts';
import { importStudy } from '../../src/study/import.ts';
import { loadStudy } from '../../src/study/load.ts';
import { designPairs } from '../../src/study/schema.ts';
import { judgmentLogPath } from '../../src/store/embedded/paths.ts';
import { describeWithSharedData, sharedData } from '../support/shared.ts';
import { expectValidReport } from '../support/reportSchema.ts';

const reports = (path: string) => sharedData('oasst_model_eval/sampling_reports', path);
const FILES = [
  reports('oasst-sft/2023-04-03_andreaskoepf_oasst-sft-4-pythia-12b-epoch-3_5_sampling_noprefix_lottery.json'),
  reports('oasst-sft/2023-05-07_OpenAssistant_pythia-12b-sft-v8-7k-steps_sampling_noprefix2.json'),
  reports('oasst-sft/2023-04-16_OpenAssistant_oasst-sft-7-llama-30b_sampling_noprefix2.json'),
  reports('oasst-rl/2023-05-02_OpenAssistant_oasst-rlhf-2-llama-30b-7k-steps_sampling_noprefix2.json'),
  reports('chat-gpt/2023-04-11_gpt-3.5-turbo_sample.json'),
];
const SYSTEMS = ['pythia-sft-4', 'pythia-sft-v8', 'llama-sft-7', 'llama-rlhf-2', 'gpt-3.5-turbo'];
/** The truth the votes are drawn from (Elo scale). Two checkpoints are 10 points apart: not resolvable. */
const TRUE_RATING: Record<string, number> = {
  'gpt-3.5-turbo': 1000,
  'llama-rlhf-2': 960,
  'llama-sft-7': 920,
  'pythia-sft-v8': 800,
  'pythia-sft-4': 790,
};
const VOTES_PER_PAIR = 2;
const TIE_RATE = 0.1;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'prefstudy-checkpoints-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Votes of simulated raters under Bradley–Terry with the true ratings, sides counterbalanced. */
function simulateJudgments(studyId: string, items: string[], pairs: Array<[string, string]>): Judgment[] {
  const random = seedrandom('checkpoint-votes');
  const judgments: Judgment[] = [];
  for (const item of items) {
    for (const [a, b] of pairs) {
      for (let vote = 0; vote < VOTES_PER_PAIR; vote++) {
        const [left, right] = vote % 2 === 0 ? [a, b] : [b, a];
        const leftWins = 1 / (1 + 10 ** ((TRUE_RATING[right] - TRUE_RATING[left]) / 400));
        const u = random();
        const choice = u < TIE_RATE ? 'tie' : random() < leftWins ? 'left' : 'right';
        const n = judgments.length;
        judgments.push({ v: JUDGMENT_VERSION, study: studyId, task: `t${n}`, rater: `r${n % 40}`, item, left, right, choice, seconds: 20 + (n % 30), source: 'server' });
      }
    }
  }
  return judgments;
}

describeWithSharedData('checkpoint sweep on the OpenAssistant sampling reports', () => {
  it('leads with the ranking and says which neighbours are resolved', async () => {
    const studyDir = join(root, 'studies', 'oa-checkpoints');
    const imported = await importStudy('oasst-report', FILES, { out: studyDir, systemIds: SYSTEMS, title: 'Which answer is better?' });
    expect(imported.items).toBe(250);
    expect(imported.design).toEqual({ kind: 'all-pairs' });
    const study = await loadStudy(studyDir);

    const results = join(root, 'results');
    await mkdir(join(results, study.id), { recursive: true });
    const judgments = simulateJudgments(study.id, study.items.map((i) => i.id), designPairs(study));
    await writeFile(judgmentLogPath(results, study.id), judgments.map((j) => JSON.stringify(j)).join('\n') + '\n');

    const out = join(root, 'report');
    await runReport([studyDir], { format: 'md,json,html', out, results, cluster: 'prompt', ties: 'half', method: 'percentile', resamples: '1000', seed: '3', anchor: 'gpt-3.5-turbo' }, false);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expectValidReport(await readFile(join(out, 'report.json'), 'utf8'));

    expect(report.n).toBe(250 * 10 * VOTES_PER_PAIR);
    // The first section after the headline is the ranking.
    expect(md.split('\n').find((line) => line.startsWith('## '))).toBe('## Ranking');
    const ranked: string[] = report.ratings.ratings.map((r: { system: string }) => r.system);
    expect(ranked.slice(0, 3)).toEqual(['gpt-3.5-turbo', 'llama-rlhf-2', 'llama-sft-7']);
    expect(new Set(ranked.slice(3))).toEqual(new Set(['pythia-sft-v8', 'pythia-sft-4']));
    // Each estimated gap to the anchor lies within its interval's reach of the truth.
    for (const r of report.ratings.ratings as Array<{ system: string; rating: number; ci: [number, number] }>) {
      const truth = TRUE_RATING[r.system];
      expect(truth).toBeGreaterThanOrEqual(r.ci[0] - 15);
      expect(truth).toBeLessThanOrEqual(r.ci[1] + 15);
    }

    const neighbours: Array<{ higher: string; lower: string; resolved: boolean }> = report.ratings.neighbours;
    expect(neighbours).toHaveLength(4);
    const verdict = (x: string, y: string) => neighbours.find((n) => new Set([n.higher, n.lower]).has(x) && new Set([n.higher, n.lower]).has(y))?.resolved;
    expect(verdict('llama-sft-7', ranked[3])).toBe(true); // 120 points apart
    expect(verdict('pythia-sft-v8', 'pythia-sft-4')).toBe(false); // 10 points apart
    expect(md).toMatch(/pythia-sft-(v8|4) over pythia-sft-(v8|4): not resolved/);

    // Titled from the study, and traced back to the sampling reports the completions came from.
    expect(report.title).toBe('Which answer is better?');
    expect(md.startsWith('# Which answer is better?\n')).toBe(true);
    const [made] = report.provenance.imports;
    expect(report.provenance.imports).toHaveLength(1);
    expect(made).toMatchObject({ study: study.id, importer: 'oasst-report' });
    const digests = await Promise.all(FILES.map(async (file) => createHash('sha256').update(await readFile(file)).digest('hex')));
    expect(made.sources.map((s: { sha256: string }) => s.sha256)).toEqual(digests);
    expect(made.sources.map((s: { system: string }) => s.system)).toEqual(SYSTEMS);
    for (const source of made.sources) {
      expect(source.samplingConfig).toBeTruthy();
      expect(source.samplingParams).toBeTypeOf('object');
    }
    expect(md).toContain(`was made by \`prefstudy import oasst-report\``);
    expect(md).toContain(digests[0].slice(0, 16));
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h1>Which answer is better?</h1>');
    expect(html).toContain('<code>prefstudy import oasst-report</code>');
    for (const digest of digests) expect(html).toContain(digest.slice(0, 16));
  });
});
